package batch

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"posterkit/fonts"
	"posterkit/internal/atomicfile"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/template"
)

// newJob is a job for the bundled poster in langs, as PDF only, written to
// out: a small, quick job for tests where PNG is not the point.
func newJob(t *testing.T, out string, langs ...string) Job {
	t.Helper()
	tmpl, err := layouts.Open(layouts.Default)
	if err != nil {
		t.Fatal(err)
	}
	return Job{Template: tmpl, Langs: langs, Formats: []export.Format{export.PDF},
		Options: export.Options{Creator: "test", DPI: 20}, OutDir: out, Fonts: fonts.Default()}
}

// edited returns the template's strings for lang with edit applied to a
// copy of its texts.
func edited(tmpl *template.Template, lang string, edit func(map[string]string)) (*template.Strings, error) {
	s, err := tmpl.LoadStrings(lang)
	if err != nil {
		return nil, err
	}
	c := *s
	c.Text = maps.Clone(s.Text)
	edit(c.Text)
	return &c, nil
}

// overflowing is an edit that makes the body far too long for its frame.
func overflowing(text map[string]string) { text["body"] = strings.Repeat(text["body"]+" ", 20) }

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func run(t *testing.T, job Job) []Result {
	t.Helper()
	results, err := Run(job)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return results
}

func TestCheckRefusesAJobThatCannotRun(t *testing.T) {
	out := t.TempDir()
	valid := newJob(t, out, "en")
	for _, c := range []struct {
		name string
		edit func(*Job)
		want string
	}{
		{"zero job", func(j *Job) { *j = Job{} }, "batch: no template"},
		{"no languages", func(j *Job) { j.Langs = nil }, "batch: no languages"},
		{"no formats", func(j *Job) { j.Formats = nil }, "batch: no formats"},
		{"no fonts", func(j *Job) { j.Fonts = nil }, "batch: no fonts"},
		{"a path for a language", func(j *Job) { j.Langs = []string{"en", "../en"} }, `batch: language "../en": want a language code`},
		{"a language twice", func(j *Job) { j.Langs = []string{"en", "fr", "en"} }, "batch: language en given twice"},
		{"unknown format", func(j *Job) { j.Formats = []export.Format{"gif"} }, `batch: format "gif"`},
		{"PNG without a resolution", func(j *Job) { j.Formats, j.Options.DPI = []export.Format{export.PNG}, 0 }, "resolution 0 DPI: want between"},
		{"PNG too large to draw", func(j *Job) { j.Formats, j.Options.DPI = []export.Format{export.PNG}, 2400 }, "too large to draw at that resolution"},
	} {
		t.Run(c.name, func(t *testing.T) {
			job := valid
			c.edit(&job)
			err := job.Check()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Check = %v, want an error with %q", err, c.want)
			}
			if results, rerr := Run(job); results != nil || rerr == nil || rerr.Error() != err.Error() {
				t.Errorf("Run = %v, %v; want no results and Check's error", results, rerr)
			}
			if got := entries(t, out); len(got) != 0 {
				t.Errorf("a refused job wrote %v", got)
			}
		})
	}
	if err := valid.Check(); err != nil {
		t.Errorf("Check of a valid job = %v", err)
	}
}

func TestFailingLanguageDoesNotStopTheOthers(t *testing.T) {
	out := t.TempDir()
	job := newJob(t, out, "en", "fr", "es")
	job.Strings = func(lang string) (*template.Strings, error) {
		switch lang {
		case "en":
			return edited(job.Template, lang, func(text map[string]string) { delete(text, "footer") })
		case "fr":
			return edited(job.Template, lang, overflowing)
		}
		return job.Template.LoadStrings(lang)
	}
	results := run(t, job)
	for i, want := range []string{`frame "footer", language en`, `frame "body", language fr: text does not fit`} {
		if r := results[i]; r.Err == nil || !strings.Contains(r.Err.Error(), want) || r.Files != nil {
			t.Errorf("%s: err %v, files %v; want no files and an error with %q", r.Lang, r.Err, r.Files, want)
		}
	}
	es := results[2]
	if es.Err != nil || len(es.Files) != 1 || es.Files[0] != filepath.Join(out, "wtisd-2009", "es.pdf") {
		t.Fatalf("es: err %v, files %v; want es.pdf written", es.Err, es.Files)
	}
	if pdf, _ := os.ReadFile(es.Files[0]); !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("%%EOF")) {
		t.Errorf("es.pdf is not a whole PDF (%d bytes)", len(pdf))
	}
	if got := entries(t, job.Dir()); !slices.Equal(got, []string{"es.pdf"}) {
		t.Errorf("output folder holds %v, want only es.pdf", got)
	}
}

func TestFailedLanguageRemovesItsOldOutputs(t *testing.T) {
	out := t.TempDir()
	first := newJob(t, out, "en", "es")
	first.Formats = []export.Format{export.PDF, export.PNG}
	run(t, first)
	esPDF, _ := os.ReadFile(filepath.Join(first.Dir(), "es.pdf"))

	// The texts are edited and en overflows now; this run asks for the
	// PDF only, and the old PNG shows the old texts too.
	job := newJob(t, out, "en")
	job.Strings = func(lang string) (*template.Strings, error) { return edited(job.Template, lang, overflowing) }
	r := run(t, job)[0]
	want := []string{filepath.Join(job.Dir(), "en.pdf"), filepath.Join(job.Dir(), "en.png")}
	if r.Err == nil || !slices.Equal(r.Removed, want) {
		t.Errorf("en: err %v, removed %v; want an error and %v removed", r.Err, r.Removed, want)
	}
	if got := entries(t, job.Dir()); !slices.Equal(got, []string{"es.pdf", "es.png"}) {
		t.Errorf("output folder holds %v, want only es's files (en's old ones removed)", got)
	}
	if got, _ := os.ReadFile(filepath.Join(first.Dir(), "es.pdf")); !bytes.Equal(got, esPDF) {
		t.Error("es.pdf changed: a language not in the run was touched")
	}
}

func TestFailedWriteKeepsTheOtherFormatAndLeavesNoTemp(t *testing.T) {
	out := t.TempDir()
	job := newJob(t, out, "en")
	job.Formats = []export.Format{export.PDF, export.PNG}
	// An old en.pdf, and a folder where en.png goes: its rename fails.
	if err := os.MkdirAll(filepath.Join(job.Dir(), "en.png", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(job.Dir(), "en.pdf"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, job)[0]
	pdfName := filepath.Join(job.Dir(), "en.pdf")
	if r.Err == nil || !strings.Contains(r.Err.Error(), filepath.Join(job.Dir(), "en.png")) {
		t.Errorf("err %v, want one naming en.png", r.Err)
	}
	if !slices.Equal(r.Files, []string{pdfName}) || r.Removed != nil {
		t.Errorf("files %v, removed %v; want the new en.pdf kept and nothing removed", r.Files, r.Removed)
	}
	if pdf, _ := os.ReadFile(pdfName); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("en.pdf holds %q..., want the new PDF", pdf[:min(len(pdf), 8)])
	}
	if got := entries(t, job.Dir()); !slices.Equal(got, []string{"en.pdf", "en.png"}) {
		t.Errorf("output folder holds %v, want en.pdf and the en.png folder (no temporary file)", got)
	}
}

func TestLeftoverTempIsSwept(t *testing.T) {
	out := t.TempDir()
	job := newJob(t, out, "en")
	// What a run killed while writing en.pdf and fr.png leaves, beside a
	// hidden file of the user's that only looks alike.
	for _, name := range []string{".en.pdf.123456.tmp", ".fr.png.987.tmp", ".notes.tmp"} {
		if err := os.MkdirAll(job.Dir(), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(job.Dir(), name), []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := run(t, job)[0]; r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := entries(t, job.Dir()); !slices.Equal(got, []string{".notes.tmp", "en.pdf"}) {
		t.Errorf("output folder holds %v, want .notes.tmp and en.pdf (the temporary files swept)", got)
	}
}

func TestSecondRunIsRefusedWhileTheFolderIsLocked(t *testing.T) {
	out := t.TempDir()
	job := newJob(t, out, "en")
	started := 0
	job.Strings = func(lang string) (*template.Strings, error) { started++; return job.Template.LoadStrings(lang) }
	lock, err := atomicfile.LockDir(job.Dir()) // as another run would
	if err != nil {
		t.Fatal(err)
	}
	results, err := Run(job)
	var le *atomicfile.LockedError
	if results != nil || !errors.As(err, &le) {
		t.Fatalf("Run = %v, %v; want no results and a *atomicfile.LockedError", results, err)
	}
	for _, want := range []string{job.Dir(), "another posterkit"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if runtime.GOOS != "windows" && !strings.Contains(err.Error(), "PID "+strconv.Itoa(os.Getpid())) {
		t.Errorf("error %q does not name the holder's PID %d", err, os.Getpid())
	}
	if started != 0 || !slices.Equal(entries(t, job.Dir()), []string{atomicfile.LockName}) {
		t.Errorf("the refused run started %d languages and left %v", started, entries(t, job.Dir()))
	}
	lock.Unlock()
	if r := run(t, job)[0]; r.Err != nil {
		t.Fatalf("Run after the other run ended: %v", r.Err)
	}
	if got := entries(t, job.Dir()); !slices.Equal(got, []string{"en.pdf"}) {
		t.Errorf("output folder holds %v, want en.pdf (and no lock file once the run ended)", got)
	}
}

// inFlight counts the languages between the start of their work (Strings)
// and its end (Progress). Each language waits at the start until bound
// are in flight (or every language has started), so a run that keeps its
// bound reaches it exactly, and one that exceeds it is seen doing so.
type inFlight struct {
	mu                        sync.Mutex
	cond                      *sync.Cond
	now, most, started, total int
	bound                     int
}

func (f *inFlight) start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now++
	f.started++
	f.most = max(f.most, f.now)
	f.cond.Broadcast()
	for f.now < f.bound && f.started < f.total {
		f.cond.Wait()
	}
}

func (f *inFlight) end(Result) {
	f.mu.Lock()
	f.now--
	f.mu.Unlock()
}

func TestLanguagesInFlightNeverExceedTheBound(t *testing.T) {
	all := []string{"en", "fr", "es", "ru", "zh", "ar"}
	tmpl, err := layouts.Open(layouts.Default)
	if err != nil {
		t.Fatal(err)
	}
	w, h := layout.BleedSize(tmpl)
	// A memory budget that holds two A2 pages at memDPI, not three.
	const memDPI = 300
	page := export.PageBytes(w, h, memDPI)
	budget := 2*page + page/2
	for _, c := range []struct {
		name    string
		workers int
		langs   []string
		png     bool // at memDPI
		draw    bool // lay out and write the languages, or fail them at once
		bound   int
	}{
		{"one worker", 1, all[:3], false, false, 1},
		{"two workers", 2, all, false, false, 2},
		{"two workers drawing", 2, all[:4], false, true, 2},
		{"one per core", 0, all, false, false, min(runtime.GOMAXPROCS(0), len(all))},
		{"no more than languages", 8, all[:3], false, false, 3},
		{"memory bounds workers", 4, all[:4], true, false, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			job := newJob(t, t.TempDir(), c.langs...)
			job.Workers = c.workers
			if c.png {
				job.Memory = budget
			}
			f := &inFlight{total: len(c.langs), bound: c.bound}
			f.cond = sync.NewCond(&f.mu)
			job.Progress = f.end
			job.Strings = func(lang string) (*template.Strings, error) {
				f.start()
				if !c.draw {
					// The pool is the point, not the drawing.
					return nil, errors.New("test: not drawn")
				}
				return job.Template.LoadStrings(lang)
			}
			if c.png {
				job.Formats, job.Options.DPI = []export.Format{export.PNG}, memDPI
			}
			for _, r := range run(t, job) {
				if c.draw && r.Err != nil {
					t.Errorf("%s: %v", r.Lang, r.Err)
				}
			}
			if f.most != c.bound || f.started != len(c.langs) {
				t.Errorf("%d of %d languages started, at most %d at once; want all, %d at once", f.started, len(c.langs), f.most, c.bound)
			}
		})
	}
}

// TestPanicCostsOneLanguageAndIsInternal: a bug (here a panic in the
// strings callback) fails its language with ErrInternal, which the CLI
// turns into its own exit code, and the others are still written.
func TestPanicCostsOneLanguageAndIsInternal(t *testing.T) {
	job := newJob(t, t.TempDir(), "en", "fr")
	job.Strings = func(lang string) (*template.Strings, error) {
		if lang == "en" {
			panic("a bug")
		}
		return job.Template.LoadStrings(lang)
	}
	results := run(t, job)
	if !errors.Is(results[0].Err, ErrInternal) || !strings.Contains(results[0].Err.Error(), "a bug") {
		t.Errorf("en: %v, want ErrInternal with the panic's value", results[0].Err)
	}
	if results[1].Err != nil || len(results[1].Files) != 1 {
		t.Errorf("fr: %v, %v; want it written", results[1].Err, results[1].Files)
	}
}
