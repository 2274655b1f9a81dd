// Package batch renders a set of outputs — a template in several languages
// and formats — on a pool of goroutines, writes every file atomically
// (package atomicfile: no half-written file is ever left), and reports per
// language what it made, how long it took, or why it failed. It holds the
// output folder for one process at a time, sweeps the temporary files a
// killed run left there, and removes a failed language's old outputs, so
// that the folder holds only posters of the texts as they are now. Drawing
// goes through the one door to the backends, package export.
package batch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"posterkit/fonts"
	"posterkit/internal/atomicfile"
	"posterkit/preflight"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/raster"
	"posterkit/render/template"
	"posterkit/render/text"
)

// ErrInternal marks a language that failed by a bug in posterkit or a
// library it uses (a panic), not by its input.
var ErrInternal = errors.New("internal error (please report it)")

// Job is one batch: a template, its languages and what to write.
type Job struct {
	Template *template.Template
	Langs    []string // language codes, layout.Blank for the blank variant
	Formats  []export.Format
	Options  export.Options
	OutDir   string          // files go to OutDir/<template>/<lang>.<format>
	Fonts    *fonts.Registry // the fonts the text is set in; required
	// Strings, if set, gives a language's strings instead of the
	// template's own strings/<lang>.yaml.
	Strings func(lang string) (*template.Strings, error)
	// Guides adds the non-printing outlines of the text frames (see
	// layout.AddGuides).
	Guides bool
	// Marks adds printer's marks outside the bleed (see layout.Options),
	// with a slug line naming the template, language and page size, and
	// SlugDate when it is set.
	Marks    bool
	SlugDate time.Time
	// Bleed, if set, replaces the template's bleed (mm on every side).
	Bleed *float64
	// Workers bounds the languages rendered at once; 0 means one per
	// core. Memory bounds it further (see Run).
	Workers int
	// Memory is the budget, in bytes, of the PNG pages drawn at once: it
	// bounds the workers too. 0: 1 GiB (maxImageBytes).
	Memory int64
	// Progress, if set, is called as each language finishes (from several
	// goroutines, one call at a time).
	Progress func(Result)
}

// Result is what happened to one language.
type Result struct {
	Lang  string
	Files []string
	// Removed are the outputs an earlier run made for a language that
	// failed now: they showed the old texts, and would have been sent.
	Removed []string
	Frames  []*layout.FrameCheck // for a language that rendered, the size and lines of each frame
	Layout  time.Duration        // template → scene
	Draw    time.Duration        // scene → encoded files
	Err     error

	written map[string]written // by file name, for the manifest
}

// written is what was written to one file.
type written struct {
	sha256 string
	size   int64
	draw   time.Duration
	// preflight is what preflight found wrong with a print PDF (CMYK or
	// PDF/X): its warnings and failures, as lines for the report.
	preflight []string
}

// Check reports problems that would stop every language of the job, so
// that they are refused before any work: no languages or formats, a
// language that is not a language code (it names a file) or comes twice
// (two workers would write the same files), a format export does not
// know, no fonts, or options the backends cannot honour for this page.
func (job *Job) Check() error {
	switch {
	case job.Template == nil:
		return errors.New("batch: no template")
	case len(job.Langs) == 0:
		return errors.New("batch: no languages")
	case len(job.Formats) == 0:
		return errors.New("batch: no formats")
	case job.Fonts == nil:
		return errors.New("batch: no fonts")
	}
	for i, l := range job.Langs {
		if l != layout.Blank && !template.ValidLang(l) {
			return fmt.Errorf("batch: language %q: want a language code (BCP 47, e.g. sw, pt-BR) or %s", l, layout.Blank)
		}
		if slices.Contains(job.Langs[:i], l) {
			return fmt.Errorf("batch: language %s given twice", l)
		}
	}
	for _, f := range job.Formats {
		if !slices.Contains(export.Formats(), f) {
			return fmt.Errorf("batch: format %q: want one of %v", f, export.Formats())
		}
	}
	// The bleed a template may set, and so the one that may replace it.
	if b := job.Bleed; b != nil && !(*b >= 0 && *b <= 50) {
		return fmt.Errorf("batch: bleed %g mm: want 0 to 50 mm", *b)
	}
	w, h := layout.BleedSize(job.template())
	return job.Options.Check(w, h, job.Formats)
}

// template is the job's template with its bleed replaced when the job
// says so.
func (job *Job) template() *template.Template {
	if job.Bleed == nil {
		return job.Template
	}
	t := *job.Template
	t.Bleed = *job.Bleed
	return &t
}

// slug is the line beside the marks.
func (job *Job) slug(t *template.Template, lang string) string {
	s := fmt.Sprintf("%s · %s · %g × %g mm, bleed %g mm", t.Name, lang, t.Width, t.Height, t.Bleed)
	if !job.SlugDate.IsZero() {
		s += " · " + job.SlugDate.UTC().Format("2006-01-02 15:04 UTC")
	}
	return s
}

// Dir is the folder the job writes to: OutDir/<template>.
func (job *Job) Dir() string { return filepath.Join(job.OutDir, job.Template.Name) }

// maxImageBytes bounds, by default, the memory of the PNG pages being
// drawn at once. A PNG is drawn and written in bands, so a page costs some
// 150 MB whatever its size (export.PageBytes); 1 GiB keeps a many-core
// machine's batch near 1.2 GB with the fonts, and 2 to 6 cores are never
// held back by it. The artwork the pages of a run share (raster.Backdrops)
// adds at most 32 MiB, once per run.
const maxImageBytes = 1 << 30

// memory is the budget of a job's or campaign's page images: its own, or
// maxImageBytes.
func memory(m int64) int64 {
	if m > 0 {
		return m
	}
	return maxImageBytes
}

// workers is how many languages run at once: as many as cores (or
// job.Workers), but no more than keep the page images the PNG backend holds
// (about 140 MB each for A2 at 300 dpi, 2.3 GB at 1200 dpi) within
// maxImageBytes together.
func (job *Job) workers() int {
	n := runtime.GOMAXPROCS(0)
	if job.Workers > 0 {
		n = job.Workers
	}
	n = min(n, len(job.Langs))
	if slices.Contains(job.Formats, export.PNG) {
		w, h := layout.BleedSize(job.Template)
		if page := export.PageBytes(w, h, job.Options.DPI); page > 0 {
			n = max(1, min(n, int(memory(job.Memory)/page)))
		}
	}
	return max(n, 1)
}

// Run renders every language of the job and returns the results in the
// order of job.Langs. Languages fail independently: one that fails, even
// by a panic in a dependency, costs only itself, and its outputs from an
// earlier run are removed (Result.Removed). An error stops the whole job
// before any file is written: the job fails Check, or another process is
// writing the same folder (an *atomicfile.LockedError).
//
// While it runs, Run holds job.Dir() (atomicfile.LockDir), so that two
// runs cannot mix their files there; holding it, it first removes the
// temporary files a killed run left (none can be a live run's).
func Run(job Job) ([]Result, error) {
	if err := job.Check(); err != nil {
		return nil, err
	}
	dir := job.Dir()
	lock, err := atomicfile.LockDir(dir)
	var locked *atomicfile.LockedError
	if errors.As(err, &locked) {
		return nil, err // it says what to do, with its own prefix
	}
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	defer lock.Unlock()
	if _, err := atomicfile.Sweep(dir, nil); err != nil {
		return nil, fmt.Errorf("batch: removing the temporary files of an interrupted run: %w", err)
	}
	if job.Options.Backdrops == nil && len(job.Langs) > 1 && slices.Contains(job.Formats, export.PNG) {
		// The languages share the template's artwork: their PNGs draw it
		// once. (A single PNG would only pay for keeping it: some 3 %.)
		job.Options.Backdrops = raster.NewBackdrops()
	}
	results := make([]Result, len(job.Langs))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next = make(chan int)
	)
	for range job.workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eng := text.NewEngine(job.Fonts)
			for i := range next {
				r := renderOne(job, job.Langs[i], job.Formats, eng)
				if r.Err != nil {
					removeStale(job, &r, nil)
				}
				results[i] = r
				if job.Progress != nil {
					mu.Lock()
					job.Progress(r)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range job.Langs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results, nil
}

// removeStale removes the outputs of r's language, in every format export
// writes, that this run did not make: after a failure they are an earlier
// run's, with the texts as they were then. They are removed rather than
// moved aside because a poster under any name in the output folder is one
// the campaign team could send; the earlier texts can render them again.
// A file written by this run (a PDF before the PNG failed) is kept: it
// shows the texts as they are, and so does one in keep (a campaign's
// output skipped because its inputs are those it was made from).
func removeStale(job Job, r *Result, keep []string) {
	for _, f := range export.Formats() {
		name := filepath.Join(job.Dir(), r.Lang+"."+string(f))
		if slices.Contains(r.Files, name) || slices.Contains(keep, name) {
			continue
		}
		if fi, err := os.Lstat(name); err != nil || !fi.Mode().IsRegular() {
			continue // nothing there, or not a poster (a folder by that name)
		}
		err := os.Remove(name)
		switch {
		case err == nil:
			r.Removed = append(r.Removed, name)
		case errors.Is(err, os.ErrNotExist):
		default:
			r.Err = errors.Join(r.Err, fmt.Errorf("batch: the old %s, from an earlier run, could not be removed: %w", name, err))
		}
	}
}

// renderOne renders lang in formats.
func renderOne(job Job, lang string, formats []export.Format, eng *text.Engine) (res Result) {
	res.Lang = lang
	defer func() {
		// A bug in a dependency must cost one language, not the batch.
		if p := recover(); p != nil {
			res.Err = fmt.Errorf("%w: %v", ErrInternal, p)
		}
	}()
	t0 := time.Now()
	var strs *template.Strings
	if lang != layout.Blank {
		var err error
		if job.Strings != nil {
			strs, err = job.Strings(lang)
		} else {
			strs, err = job.Template.LoadStrings(lang)
		}
		if err != nil {
			res.Err = err
			return res
		}
	}
	t := job.template()
	sc, frames, err := layout.Page(t, lang, strs, eng, layout.Options{Marks: job.Marks, Slug: job.slug(t, lang)})
	res.Frames = frames
	if err == nil && job.Guides {
		err = layout.AddGuides(sc, t, eng)
	}
	res.Layout = time.Since(t0)
	if err != nil {
		res.Err = err
		return res
	}
	t1 := time.Now()
	dir := job.Dir()
	for _, f := range formats {
		t2 := time.Now()
		name := filepath.Join(dir, lang+"."+string(f))
		var buf bytes.Buffer
		err := export.Write(&buf, f, sc, job.Options)
		if err == nil {
			err = atomicfile.WriteFile(name, buf.Bytes())
		}
		if err != nil {
			// The file from an earlier run, if any, is removed with
			// the language's other stale outputs (removeStale).
			res.Err = errors.Join(res.Err, fmt.Errorf("%s: %w", name, err))
			continue
		}
		res.Files = append(res.Files, name)
		if res.written == nil {
			res.written = map[string]written{}
		}
		sum := sha256.Sum256(buf.Bytes())
		w := written{sha256: hex.EncodeToString(sum[:]), size: int64(buf.Len()), draw: time.Since(t2)}
		if f == export.PDF && job.Options.Print != nil {
			// A file made for a print shop is checked as the shop's
			// preflight will check it, before anyone sends it.
			w.preflight = preflightLines(preflight.Check(name, buf.Bytes(), preflight.Options{CMYK: true}))
		}
		res.written[name] = w
	}
	res.Draw = time.Since(t1)
	return res
}

// preflightLines are a preflight report's warnings and failures.
func preflightLines(rep preflight.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Status != preflight.Pass {
			out = append(out, "preflight: "+f.String())
		}
	}
	return out
}

// Langs reads a --lang list for template t: "all" is every language of t
// and the blank variant; otherwise comma-separated codes, each one of t's
// languages or layout.Blank. With own set (the texts come from a strings
// file of the caller's), the list must be exactly one BCP 47 code, which t
// need not have.
func Langs(t *template.Template, list string, own bool) ([]string, error) {
	if own {
		if strings.Contains(list, ",") || list == "all" || list == layout.Blank || !template.ValidLang(list) {
			return nil, fmt.Errorf("batch: --strings needs --lang with one language code (BCP 47, e.g. sw, pt-BR), got %q", list)
		}
		return []string{list}, nil
	}
	if list == "all" {
		return append(slices.Clone(t.Languages), layout.Blank), nil
	}
	var out []string
	for _, l := range strings.Split(list, ",") {
		l = strings.TrimSpace(l)
		if l != layout.Blank && !slices.Contains(t.Languages, l) {
			return nil, fmt.Errorf("batch: --lang %q: template %s has %s and blank (or all); for another language give its texts with --strings FILE",
				l, t.Name, strings.Join(t.Languages, ", "))
		}
		out = append(out, l)
	}
	return out, nil
}

// TemplateStrings reads the template's strings files of langs (all of
// them, before anything is rendered, so that a malformed one is refused
// as input and not found half-way) for Job.Strings.
func TemplateStrings(t *template.Template, langs []string) (func(string) (*template.Strings, error), error) {
	strs := map[string]*template.Strings{}
	var errs []error
	for _, lang := range langs {
		if lang == layout.Blank {
			continue
		}
		s, err := t.LoadStrings(lang)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		strs[lang] = s
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return func(lang string) (*template.Strings, error) { return strs[lang], nil }, nil
}
