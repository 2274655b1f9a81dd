package batch

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"posterkit/internal/atomicfile"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/raster"
	"posterkit/render/template"
	"posterkit/render/text"
)

// Campaign is several jobs — every template, language and format of a
// campaign — rendered by one pool of workers into one folder, with a
// manifest of what was made (see Manifest). A rerun skips the outputs
// whose inputs have not changed; a Shard renders a deterministic slice of
// the outputs, balanced by their estimated cost, for one of several
// machines.
type Campaign struct {
	// Jobs are the templates; each writes OutDir/<template>, so their
	// names differ. Their OutDir, Workers, Memory and Progress are not used.
	Jobs   []Job
	OutDir string
	// Workers bounds the languages rendered at once; 0 means one per
	// core. Memory bounds it further, as in Run.
	Workers int
	Memory  int64 // as Job.Memory
	Shard   Shard
	// Force renders every output, even one whose inputs and file are
	// those its manifest records.
	Force bool
	// Progress, if set, is called as each output is rendered, skipped or
	// fails, with how many of total are done (from several goroutines,
	// one call at a time).
	Progress func(o *Output, done, total int)
}

// Status is what happened to an output.
type Status uint8

const (
	Rendered Status = iota
	Skipped         // its inputs and file are those its manifest records
	Failed
)

func (s Status) String() string {
	switch s {
	case Rendered:
		return "rendered"
	case Skipped:
		return "skipped"
	}
	return "failed"
}

// Output is one file of a campaign: what it is, and what happened to it.
type Output struct {
	Path     string // relative to OutDir, with slashes: wtisd-2009/en.pdf
	File     string // its name: OutDir/wtisd-2009/en.pdf
	Template string
	Lang     string
	Format   export.Format
	Variant  Variant
	Inputs   string  // "sha256:…" of everything the file is made from
	Cost     float64 // estimated, in PDFs (see assign)

	Status   Status
	SHA256   string // hex, of the file (rendered or skipped)
	Size     int64
	Warnings []string
	// Time is its language's layout and its own drawing; 0 when
	// skipped.
	Time time.Duration
	Err  error
	// Removed are its language's outputs of an earlier run, removed
	// because the language failed (set on the language's first output).
	Removed []string
	// Frames are its language's copy-fit results.
	Frames []*layout.FrameCheck

	job   int // in Campaign.Jobs
	shard int // 1 to Shard.Count
}

// Report is what a campaign run did.
type Report struct {
	Outputs  []*Output // this shard's, in the order of the jobs, languages and formats
	Planned  int       // outputs of the whole campaign, across shards
	Manifest string    // the manifest file written
	Sums     string    // and its SHA256SUMS
	Time     time.Duration
}

// Count returns how many outputs had status s.
func (r *Report) Count(s Status) int {
	n := 0
	for _, o := range r.Outputs {
		if o.Status == s {
			n++
		}
	}
	return n
}

// Check reports problems that would stop the whole campaign: a job that
// fails Job.Check, two templates of one name (they would write one
// folder), or a shard out of range.
func (c *Campaign) Check() error {
	if len(c.Jobs) == 0 {
		return errors.New("batch: no templates")
	}
	for i := range c.Jobs {
		job := c.Jobs[i]
		if err := job.Check(); err != nil {
			return err
		}
		for _, prev := range c.Jobs[:i] {
			if prev.Template.Name == job.Template.Name {
				return fmt.Errorf("batch: two templates named %s (%s and %s): they would write one folder; rename one",
					job.Template.Name, prev.Template.Dir(), job.Template.Dir())
			}
		}
	}
	if s := c.Shard; s.Count != 0 && (s.Count < 1 || s.Count > maxShards || s.Index < 1 || s.Index > s.Count) {
		return fmt.Errorf("batch: shard %d of %d: want 1 to %d of at most %d", s.Index, s.Count, s.Count, maxShards)
	}
	return nil
}

// layoutSize is the page a job draws, in points.
func layoutSize(job *Job) (w, h float64) { return layout.BleedSize(job.template()) }

// stringsOf reads every language's strings of job once, for both the
// input hash and the render, so that both see the same texts.
func stringsOf(job *Job) map[string]loaded {
	out := map[string]loaded{}
	for _, lang := range job.Langs {
		if lang == layout.Blank {
			out[lang] = loaded{}
			continue
		}
		var l loaded
		if job.Strings != nil {
			l.s, l.err = job.Strings(lang)
		} else {
			l.s, l.err = job.Template.LoadStrings(lang)
		}
		out[lang] = l
	}
	return out
}

type loaded struct {
	s   *template.Strings
	err error
}

// plan lists every output of the campaign, with its inputs hash, cost
// and shard, and the strings read for it.
func (c *Campaign) plan() ([]*Output, []map[string]loaded, error) {
	var plan []*Output
	strs := make([]map[string]loaded, len(c.Jobs))
	fontsDigest := map[any]string{}
	for j := range c.Jobs {
		job := &c.Jobs[j]
		fd, ok := fontsDigest[job.Fonts]
		if !ok {
			fd = fontsInputs(job.Fonts)
			fontsDigest[job.Fonts] = fd
		}
		ji, err := jobInputs(job, fd)
		if err != nil {
			return nil, nil, err
		}
		strs[j] = stringsOf(job)
		for _, lang := range job.Langs {
			l := strs[j][lang]
			si, err := stringsInputs(l.s)
			if err != nil {
				return nil, nil, err
			}
			if l.err != nil {
				si = "unreadable: " + l.err.Error() // never the hash of texts that rendered
			}
			for _, f := range job.Formats {
				rel := job.Template.Name + "/" + lang + "." + string(f)
				o := &Output{
					Path: rel, File: filepath.Join(c.OutDir, filepath.FromSlash(rel)),
					Template: job.Template.Name, Lang: lang, Format: f,
					Variant: variant(job, f),
					Inputs:  outputInputs(ji, lang, si, f, job.Options.DPI),
					job:     j,
				}
				o.Cost = cost(o, job)
				plan = append(plan, o)
			}
		}
	}
	assign(plan, c.Shard.Count)
	return plan, strs, nil
}

func variant(job *Job, f export.Format) Variant {
	v := Variant{Marks: job.Marks, Guides: job.Guides, Bleed: job.template().Bleed, NoOverprint: job.Options.NoOverprint}
	if f == export.PNG {
		v.DPI = job.Options.DPI
	}
	if p := job.Options.Print; p != nil {
		v.CMYK, v.Condition, v.PDFX = true, p.Condition, job.Options.PDFX
	}
	return v
}

// planDigest identifies the whole campaign: every output's path and
// inputs, in path order.
func planDigest(plan []*Output) string {
	ps := slices.Clone(plan)
	slices.SortFunc(ps, func(a, b *Output) int { return strings.Compare(a.Path, b.Path) })
	h := sha256.New()
	for _, o := range ps {
		fmt.Fprintf(h, "%s %s\n", o.Path, o.Inputs)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// task is one language of one job: the outputs of it to render, laid out
// once.
type task struct {
	job  int
	lang string
	outs []*Output
	cost float64
}

// RunCampaign renders the campaign's outputs (this shard's, when it has
// one) and writes the manifest: OutDir/manifest.json and SHA256SUMS, or
// manifest-I-of-N.json and SHA256SUMS-I-of-N for a shard. Outputs fail
// independently, as in Run; an error stops the campaign before any file
// is written (it fails Check, or another process holds OutDir or one of
// its template folders).
//
// An output is skipped, its file untouched, when the previous manifest
// records the same inputs for it and its file is still there with the
// recorded size and SHA-256 (unless Force). A language that fails has its
// outputs of earlier runs removed, as in Run, except those skipped now.
func RunCampaign(c Campaign) (*Report, error) {
	start := time.Now()
	if err := c.Check(); err != nil {
		return nil, err
	}
	for i := range c.Jobs {
		c.Jobs[i].OutDir = c.OutDir
	}
	plan, strs, err := c.plan()
	if err != nil {
		return nil, err
	}
	shard := c.Shard
	if shard.Count == 0 {
		shard = Shard{1, 1}
	}

	// The manifest folder, then every template folder: held until the
	// manifest is written, so that no other run's files mix with these.
	var locks []*atomicfile.Lock
	defer func() {
		for _, l := range slices.Backward(locks) {
			l.Unlock()
		}
	}()
	isManifest := func(final string) bool {
		return strings.HasPrefix(final, "manifest") || strings.HasPrefix(final, "SHA256SUMS")
	}
	for i, dir := range append([]string{c.OutDir}, jobDirs(c.Jobs)...) {
		lock, err := atomicfile.LockDir(dir)
		var locked *atomicfile.LockedError
		if errors.As(err, &locked) {
			return nil, err // it says what to do, with its own prefix
		}
		if err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
		locks = append(locks, lock)
		match := isManifest
		if i > 0 {
			match = nil
		}
		if _, err := atomicfile.Sweep(dir, match); err != nil {
			return nil, fmt.Errorf("batch: removing the temporary files of an interrupted run: %w", err)
		}
	}

	rep := &Report{Planned: len(plan)}
	for _, o := range plan {
		if o.shard == shard.Index {
			rep.Outputs = append(rep.Outputs, o)
		}
	}
	prev := map[string]*Entry{}
	if m, err := ReadManifest(filepath.Join(c.OutDir, ManifestName(shard))); err == nil {
		for i := range m.Outputs {
			prev[m.Outputs[i].Path] = &m.Outputs[i]
		}
	}
	var (
		mu    sync.Mutex
		done  int
		total = len(rep.Outputs)
	)
	progress := func(o *Output) {
		mu.Lock()
		defer mu.Unlock()
		done++
		if c.Progress != nil {
			c.Progress(o, done, total)
		}
	}
	// Skip what is unchanged, and gather the rest by language.
	var tasks []*task
	byLang := map[[2]string]*task{}
	skipped := map[[2]string][]string{}
	for _, o := range rep.Outputs {
		key := [2]string{o.Template, o.Lang}
		if p := prev[o.Path]; !c.Force && p != nil && p.Inputs == o.Inputs && unchanged(o.File, p) {
			o.Status, o.SHA256, o.Size, o.Warnings = Skipped, p.SHA256, p.Size, p.Warnings
			skipped[key] = append(skipped[key], o.File)
			progress(o)
			continue
		}
		t := byLang[key]
		if t == nil {
			t = &task{job: o.job, lang: o.Lang}
			byLang[key] = t
			tasks = append(tasks, t)
		}
		t.outs = append(t.outs, o)
		t.cost += o.Cost
	}
	// The costliest first, so that the last to finish are short.
	slices.SortStableFunc(tasks, func(a, b *task) int { return cmp.Compare(b.cost, a.cost) })

	var wg sync.WaitGroup
	next := make(chan *task)
	// The languages of a template share its artwork: their PNGs draw it
	// once. (A single PNG would only pay for keeping it: some 3 %.)
	var backdrops *raster.Backdrops
	if countPNGs(tasks) > 1 {
		backdrops = raster.NewBackdrops()
	}
	for range c.workers(tasks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			engines := map[any]*text.Engine{}
			for t := range next {
				job := c.Jobs[t.job]
				if job.Options.Backdrops == nil {
					job.Options.Backdrops = backdrops // nil when there is no other PNG
				}
				eng := engines[job.Fonts]
				if eng == nil {
					eng = text.NewEngine(job.Fonts)
					engines[job.Fonts] = eng
				}
				l := strs[t.job][t.lang]
				job.Strings = func(string) (*template.Strings, error) { return l.s, l.err }
				var formats []export.Format
				for _, o := range t.outs {
					formats = append(formats, o.Format)
				}
				r := renderOne(job, t.lang, formats, eng)
				if r.Err != nil {
					removeStale(job, &r, skipped[[2]string{job.Template.Name, t.lang}])
				}
				warnings := langWarnings(job.template(), l.s, r.Frames)
				for i, o := range t.outs {
					o.Frames = r.Frames
					if i == 0 {
						o.Removed = r.Removed
					}
					w, ok := r.written[o.File]
					if !ok {
						o.Status, o.Err = Failed, r.Err
						if o.Err == nil {
							o.Err = fmt.Errorf("batch: %s was not written", o.File)
						}
					} else {
						o.Status, o.SHA256, o.Size, o.Warnings = Rendered, w.sha256, w.size, append(slices.Clip(warnings), w.preflight...)
						o.Time = r.Layout + w.draw
					}
					progress(o)
				}
			}
		}()
	}
	for _, t := range tasks {
		next <- t
	}
	close(next)
	wg.Wait()

	m := &Manifest{Posterkit: c.Jobs[0].Options.Creator, Campaign: Plan{Outputs: len(plan), Digest: planDigest(plan)}, Outputs: []Entry{}}
	if shard.Count > 1 {
		m.Shard = &ShardInfo{Index: shard.Index, Count: shard.Count}
	}
	for _, o := range rep.Outputs {
		if o.Status == Failed {
			m.Failed = append(m.Failed, Failure{Path: o.Path, Template: o.Template, Language: o.Lang, Format: o.Format, Error: o.Err.Error()})
			continue
		}
		ws := o.Warnings
		if ws == nil {
			ws = []string{}
		}
		m.Outputs = append(m.Outputs, Entry{Path: o.Path, SHA256: o.SHA256, Size: o.Size, Template: o.Template,
			Language: o.Lang, Format: o.Format, Variant: o.Variant, Warnings: ws, Inputs: o.Inputs})
	}
	if err := m.write(c.OutDir, shard); err != nil {
		return rep, err
	}
	rep.Manifest = filepath.Join(c.OutDir, ManifestName(shard))
	rep.Sums = filepath.Join(c.OutDir, SumsName(shard))
	rep.Time = time.Since(start)
	return rep, nil
}

func jobDirs(jobs []Job) []string {
	var dirs []string
	for i := range jobs {
		dirs = append(dirs, jobs[i].Dir())
	}
	return dirs
}

// workers is how many languages run at once: as many as cores (or
// c.Workers), but no more than keep the page images of the largest PNG
// within maxImageBytes together (see Job.workers).
func (c *Campaign) workers(tasks []*task) int {
	n := runtime.GOMAXPROCS(0)
	if c.Workers > 0 {
		n = c.Workers
	}
	n = min(n, len(tasks))
	var page int64
	for _, t := range tasks {
		for _, o := range t.outs {
			if o.Format == export.PNG {
				job := &c.Jobs[t.job]
				w, h := layoutSize(job)
				page = max(page, export.PageBytes(w, h, job.Options.DPI))
			}
		}
	}
	if page > 0 {
		n = min(n, int(memory(c.Memory)/page))
	}
	return max(n, 1)
}

// langWarnings are what a language rendered with but should be looked
// at: texts no frame shows, and frames that copy-fit set at their
// style's smallest size (one word more will not fit).
func langWarnings(t *template.Template, s *template.Strings, frames []*layout.FrameCheck) []string {
	if s == nil {
		return nil
	}
	var ws []string
	for _, f := range frames {
		if f.Status() == layout.OK && f.Frame != nil && f.Frame.Style != nil && f.Size <= f.Frame.Style.MinSize {
			ws = append(ws, fmt.Sprintf("frame %q set at its style's minimum size, %.1f pt", f.ID, f.Size))
		}
	}
	for _, id := range layout.Unused(t, s) {
		ws = append(ws, fmt.Sprintf("%s: text %q is in no frame", s.File, id))
	}
	return ws
}

// countPNGs returns how many PNG outputs tasks make.
func countPNGs(tasks []*task) int {
	n := 0
	for _, t := range tasks {
		for _, o := range t.outs {
			if o.Format == export.PNG {
				n++
			}
		}
	}
	return n
}
