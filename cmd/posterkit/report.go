package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"posterkit/batch"
	"posterkit/layouts"
	"posterkit/render/template"
)

// campaignFlags are render's flags for whole campaigns.
type campaignFlags struct {
	all, quiet, json, force *bool
	shardFlag               *string
	shards                  *int
}

func addCampaignFlags(fl *flag.FlagSet) *campaignFlags {
	cf := &campaignFlags{all: fl.Bool("all-templates", false, ""), quiet: fl.Bool("quiet", false, ""),
		json: fl.Bool("json", false, ""), force: fl.Bool("force", false, ""),
		shardFlag: fl.String("shard", "", ""), shards: fl.Int("shards", 0, "")}
	fl.BoolVar(cf.all, "all-layouts", false, "") // the flag's first name, still works
	return cf
}

// templates opens the templates the arguments name: each positional one,
// and with --all-templates every bundled one; the default template if
// there are none.
func (cf *campaignFlags) templates(pos []string) ([]*template.Template, error) {
	names := pos
	if *cf.all {
		names = append(layouts.Names(), pos...)
	}
	if len(names) == 0 {
		names = []string{layouts.Default}
	}
	var out []*template.Template
	for _, name := range names {
		t, err := layouts.Open(name)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// shard is --shard I/N, or, in a Kubernetes Indexed Job, the pod's
// JOB_COMPLETION_INDEX of --shards N (or POSTERKIT_SHARDS).
func (cf *campaignFlags) shard() (batch.Shard, error) {
	if *cf.shardFlag != "" {
		return batch.ParseShard(*cf.shardFlag)
	}
	if *cf.shards < 0 {
		return batch.Shard{}, fmt.Errorf("--shards %d: want a number of shards", *cf.shards)
	}
	s, ok, err := batch.ShardFromEnv(*cf.shards)
	if err != nil {
		return batch.Shard{}, err
	}
	if !ok && *cf.shards > 0 {
		return batch.Shard{}, fmt.Errorf("--shards %d needs JOB_COMPLETION_INDEX (a Kubernetes Indexed Job sets it); elsewhere give --shard I/N", *cf.shards)
	}
	return s, nil
}

// reporter shows a campaign's progress on stderr: a progress bar on a
// terminal, one line per output otherwise (CI logs), nothing but
// failures with --quiet; then a summary table.
type reporter struct {
	w     io.Writer
	quiet bool
	bar   *progressbar.ProgressBar
	// lastErr is the failure last printed: a language that fails in
	// layout fails all its formats with one error, printed once.
	lastErr string
}

func newReporter(w io.Writer, quiet bool) *reporter { return &reporter{w: w, quiet: quiet} }

// isTerminal reports whether w is a terminal (not a file, pipe or buffer).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

func (rp *reporter) start(c batch.Campaign, dpi float64) {
	if rp.quiet {
		return
	}
	var names []string
	for _, job := range c.Jobs {
		names = append(names, fmt.Sprintf("%s (%s, %d %s)", job.Template.Name, pageName(job.Template), len(job.Langs), plural(len(job.Langs), "language", "languages")))
	}
	shard := ""
	if c.Shard.Count > 1 {
		shard = fmt.Sprintf(", shard %s", c.Shard)
	}
	fmt.Fprintf(rp.w, "rendering %s at %g DPI%s → %s\n", strings.Join(names, ", "), dpi, shard, c.OutDir)
	if isTerminal(rp.w) {
		rp.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(rp.w), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionSetItsString("outputs"), progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(), progressbar.OptionFullWidth())
	}
}

// progress is batch.Campaign.Progress.
func (rp *reporter) progress(o *batch.Output, done, total int) {
	if rp.bar != nil {
		rp.bar.ChangeMax(total)
		rp.bar.Describe(o.Path)
		rp.bar.Set(done)
		if o.Status == batch.Failed {
			rp.bar.Clear()
			rp.failure(o)
		}
		return
	}
	if rp.quiet {
		if o.Status == batch.Failed {
			rp.failure(o)
		}
		return
	}
	n := len(fmt.Sprint(total))
	switch o.Status {
	case batch.Skipped:
		fmt.Fprintf(rp.w, "  [%*d/%d] %s  skipped, unchanged\n", n, done, total, o.Path)
	case batch.Rendered:
		fmt.Fprintf(rp.w, "  [%*d/%d] %s  ok  %s  %dms\n", n, done, total, o.Path, size(o.Size), o.Time.Milliseconds())
	default:
		fmt.Fprintf(rp.w, "  [%*d/%d] ", n, done, total)
		rp.failure(o)
	}
}

func (rp *reporter) failure(o *batch.Output) {
	key := o.Template + "\x00" + o.Lang + "\x00" + o.Err.Error()
	if key == rp.lastErr {
		fmt.Fprintf(rp.w, "%s  FAILED, as above\n", o.Path)
		return
	}
	rp.lastErr = key
	fmt.Fprintf(rp.w, "%s  FAILED\n", o.Path)
	for _, line := range strings.Split(o.Err.Error(), "\n") {
		fmt.Fprintf(rp.w, "        %s\n", printable(line))
	}
	for _, name := range o.Removed {
		fmt.Fprintf(rp.w, "        removed the old %s (made from the earlier texts)\n", name)
	}
}

func (rp *reporter) abort() {
	if rp.bar != nil {
		rp.bar.Exit()
	}
}

// finish prints the summary table and the closing line.
func (rp *reporter) finish(rep *batch.Report) {
	if rp.bar != nil {
		rp.bar.Finish()
	}
	if !rp.quiet {
		tw := tabwriter.NewWriter(rp.w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  output\tstatus\tsize\ttime\twarnings")
		for _, o := range rep.Outputs {
			sz, tm, warn := "", "", printable(strings.Join(o.Warnings, "; "))
			if o.Status != batch.Failed {
				sz = size(o.Size)
			}
			if o.Status == batch.Failed {
				warn = "see above"
			}
			if o.Status == batch.Rendered {
				tm = fmt.Sprintf("%.2fs", o.Time.Seconds())
			}
			status := o.Status.String()
			if o.Status == batch.Skipped {
				status = "skipped, unchanged"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", o.Path, status, sz, tm, warn)
		}
		tw.Flush()
	}
	made := rep.Count(batch.Rendered) + rep.Count(batch.Skipped)
	fmt.Fprintf(rp.w, "%d of %d outputs made (%d rendered, %d skipped, unchanged", made, len(rep.Outputs), rep.Count(batch.Rendered), rep.Count(batch.Skipped))
	if f := rep.Count(batch.Failed); f > 0 {
		fmt.Fprintf(rp.w, "; %d failed, see above", f)
	}
	fmt.Fprintf(rp.w, ") in %.1fs; manifest %s\n", rep.Time.Seconds(), rep.Manifest)
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// jsonReport is render --json's output.
type jsonReport struct {
	Shard    string       `json:"shard"` // "all", or "I/N"
	Planned  int          `json:"planned"`
	Rendered int          `json:"rendered"`
	Skipped  int          `json:"skipped"`
	Failed   int          `json:"failed"`
	Seconds  float64      `json:"seconds"`
	Manifest string       `json:"manifest"`
	Sums     string       `json:"sums"`
	Outputs  []jsonOutput `json:"outputs"`
}

type jsonOutput struct {
	Path     string        `json:"path"`
	Template string        `json:"template"`
	Language string        `json:"language"`
	Format   string        `json:"format"`
	Variant  batch.Variant `json:"variant"`
	Status   string        `json:"status"` // rendered, skipped or failed
	SHA256   string        `json:"sha256,omitempty"`
	Size     int64         `json:"size,omitempty"`
	Seconds  float64       `json:"seconds"`
	Warnings []string      `json:"warnings"`
	Error    string        `json:"error,omitempty"`
	Removed  []string      `json:"removed,omitempty"`
}

func writeJSONReport(w io.Writer, rep *batch.Report, shard batch.Shard) {
	jr := jsonReport{Shard: shard.String(), Planned: rep.Planned, Rendered: rep.Count(batch.Rendered), Skipped: rep.Count(batch.Skipped),
		Failed: rep.Count(batch.Failed), Seconds: rep.Time.Seconds(), Manifest: rep.Manifest, Sums: rep.Sums, Outputs: []jsonOutput{}}
	for _, o := range rep.Outputs {
		jo := jsonOutput{Path: o.Path, Template: o.Template, Language: o.Lang, Format: string(o.Format), Variant: o.Variant,
			Status: o.Status.String(), SHA256: o.SHA256, Size: o.Size, Seconds: o.Time.Seconds(), Warnings: o.Warnings, Removed: o.Removed}
		if jo.Warnings == nil {
			jo.Warnings = []string{}
		}
		if o.Err != nil {
			jo.Error = o.Err.Error()
		}
		jr.Outputs = append(jr.Outputs, jo)
	}
	b, _ := json.MarshalIndent(jr, "", "  ")
	fmt.Fprintln(w, string(b))
}
