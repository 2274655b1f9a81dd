// Package batch renders a layout in several languages and writes the
// results: it runs the pipeline (template → layout → scene → backends) for
// each language on a pool of goroutines, writes every file atomically
// (temporary name, then rename, so no half-written file is ever left), and
// reports per language what it made, how long it took, or why it failed.
package batch

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"posterkit/fonts"
	"posterkit/render"
	"posterkit/render/pdf"
	"posterkit/render/raster"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// Format is an output format.
type Format string

const (
	PDF Format = "pdf"
	PNG Format = "png"
)

// Formats lists the formats this build writes, in the order files are made.
var Formats = []Format{PDF, PNG}

// Job is one batch: a layout, its languages and what to write.
type Job struct {
	Template *template.Template
	Langs    []string
	Formats  []Format
	DPI      float64
	OutDir   string // files go to OutDir/<layout>/<lang>.<format>
	Fonts    *fonts.Registry
	// Strings, if set, gives a language's strings instead of the layout's
	// own strings/<lang>.yaml.
	Strings func(lang string) (*template.Strings, error)
	// Guides adds the non-printing outlines of the text frames (see
	// render.AddGuides).
	Guides bool
	// Progress, if set, is called as each language finishes (from several
	// goroutines, one call at a time).
	Progress func(Result)
}

// Result is what happened to one language.
type Result struct {
	Lang   string
	Files  []string
	Frames []*render.FrameCheck // for a language that rendered, the size and lines of each frame
	Layout time.Duration        // template → scene
	Draw   time.Duration        // scene → encoded files
	Err    error
}

// Run renders every language of the job and returns the results in the
// order of job.Langs. Languages fail independently.
func Run(job Job) []Result {
	if job.Fonts == nil {
		job.Fonts = fonts.Default()
	}
	results := make([]Result, len(job.Langs))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next = make(chan int)
	)
	// Each worker holds one page's RGBA image at a time (about 140 MB for
	// A2 at 300 DPI, 2.3 GB at 1200 DPI): as many workers as cores, but no
	// more than keep those images within maxImageBytes together.
	workers := min(runtime.GOMAXPROCS(0), len(job.Langs))
	if page := pageBytes(job); page > 0 {
		workers = max(1, min(workers, int(maxImageBytes/page)))
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eng := text.NewEngine(job.Fonts)
			for i := range next {
				r := renderOne(job, job.Langs[i], eng)
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
	return results
}

// Creator names the program in the documents it writes.
var Creator = "posterkit"

// maxImageBytes bounds the page images workers hold at once.
const maxImageBytes = 3 << 30

// pageBytes is the size of one page's RGBA image, 0 without PNG output.
func pageBytes(job Job) int64 {
	for _, f := range job.Formats {
		if f == PNG {
			t := job.Template
			px := func(mm float64) int64 { return int64(mm/25.4*job.DPI) + 1 }
			return px(t.Width+2*t.Bleed) * px(t.Height+2*t.Bleed) * 4
		}
	}
	return 0
}

// Blank is the language code of the variant with every text frame empty.
const Blank = "blank"

func renderOne(job Job, lang string, eng *text.Engine) (res Result) {
	res.Lang = lang
	defer func() {
		// A bug in a dependency must cost one language, not the batch.
		if p := recover(); p != nil {
			res.Err = fmt.Errorf("internal error: %v", p)
		}
	}()
	t0 := time.Now()
	var strs *template.Strings
	if lang != Blank {
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
	sc, frames, err := render.Page(job.Template, lang, strs, eng)
	res.Frames = frames
	if err == nil && job.Guides {
		err = render.AddGuides(sc, job.Template, eng)
	}
	res.Layout = time.Since(t0)
	if err != nil {
		res.Err = err
		return res
	}
	t1 := time.Now()
	dir := filepath.Join(job.OutDir, job.Template.Name)
	for _, f := range job.Formats {
		name := filepath.Join(dir, lang+"."+string(f))
		if err := write(name, func(buf *bytes.Buffer) error { return Draw(f, sc, job.DPI, buf) }); err != nil {
			res.Err = errors.Join(res.Err, fmt.Errorf("%s: %w", name, err))
			// A file from an earlier run would no longer match the others.
			os.Remove(name)
			continue
		}
		res.Files = append(res.Files, name)
	}
	res.Draw = time.Since(t1)
	return res
}

// Draw writes sc in format f to buf.
func Draw(f Format, sc *scene.Scene, dpi float64, buf *bytes.Buffer) error {
	switch f {
	case PDF:
		return pdf.Write(buf, sc, pdf.Options{Creator: Creator, Date: pdf.DateFromEnv()})
	case PNG:
		img, err := raster.Rasterize(sc, dpi)
		if err != nil {
			return err
		}
		return raster.Encode(buf, img, dpi)
	}
	return fmt.Errorf("unknown format %q", f)
}

// write makes the file through a temporary file in the same folder and a
// rename, so readers see either the old file or the whole new one.
func write(name string, fill func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	return WriteFile(name, buf.Bytes())
}

// WriteFile writes data to name atomically, creating its folder.
func WriteFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
