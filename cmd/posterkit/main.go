// Command posterkit renders posters in many languages from one template.
// It only reads flags, reports progress and sets the exit code; the work is
// done by the render packages.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"posterkit/batch"
	"posterkit/fonts"
	"posterkit/kit"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/template"
	"posterkit/render/text"
	"posterkit/translation"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // some output could not be made
	exitUsage  = 2
)

const usage = `posterkit renders posters in many languages from one template.

Usage:
  posterkit render [TEMPLATE] [--lang LIST] [--format LIST] [--dpi N] [--out DIR] [--guides]
  posterkit render [TEMPLATE] --lang CODE --strings FILE [--font FILE]... [flags as above]
  posterkit check  [TEMPLATE] --lang CODE --strings FILE [--font FILE]... [--json]
  posterkit kit    [TEMPLATE] [--out DIR] [--dpi N]
  posterkit templates
  posterkit shape --font FILE --text TEXT [--lang L] [--script S] [--dir ltr|rtl]
  posterkit preflight FILE.pdf [--json] [--max-ink PCT] [--cmyk]
  posterkit --help | --version

TEMPLATE is a bundled template's name (see 'posterkit templates') or the path
to a template folder (one holding layout.yaml); the default is wtisd-2009.

render flags:
  --lang LIST    comma-separated language codes of the template, blank for the
                 poster with its text frames empty, or all: every language of
                 the template and blank (default all)
  --format LIST  comma-separated output formats: pdf, png (default pdf,png)
  --dpi N        PNG resolution in pixels per inch (default 300)
  --out DIR      output folder (default out); files go to DIR/<template>/<lang>.<format>
  --guides       outline the text frames on a non-printing layer (PDF) or over
                 the artwork (PNG)
  --strings FILE the texts of one language (--lang CODE, any BCP 47 code):
                 a PO (.po), XLIFF 2.0 (.xlf, .xliff) or YAML (.yaml) file
  --font FILE    a TrueType/OpenType font (.ttf, .otf, .ttc) to use before the
                 bundled ones; may be given several times

check reports, per text frame, whether the text fits and at what size, or how
many lines too long it is at the smallest size; missing, empty and
untranslated texts; texts with no frame; and characters no font covers.
--json prints the same for programs. It writes no file.

kit writes the translation kit to DIR/<template>-kit and DIR/<template>-kit.zip:
blank.pdf, blank.png, guides.pdf, template.pot, template.xlf and README.txt.

shape prints the engine's shaping of one run, in the JSON of
hb-shape --output-format=json --no-glyph-names --font-size=upem.

Exit status: 0 all outputs made (check: nothing stops a correct render),
1 some could not be made (the others are written; check: problems found),
2 usage error.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "-version", "--version", "version":
		fmt.Fprintln(stdout, "posterkit", version())
		return exitOK
	case "render":
		return cmdRender(args[1:], stdout, stderr)
	case "templates", "layouts": // "layouts", the command's first name, still works
		return cmdTemplates(args[1:], stdout, stderr)
	case "shape":
		return cmdShape(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "kit":
		return cmdKit(args[1:], stdout, stderr)
	case "preflight":
		return cmdPreflight(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "posterkit: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}

// parse parses flags that may come before or after the positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

func cmdTemplates(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "posterkit templates: takes no arguments")
		return exitUsage
	}
	for _, name := range layouts.Names() {
		t, err := layouts.Bundled(name)
		if err != nil {
			fmt.Fprintf(stdout, "%s\t(error: %v)\n", name, err)
			continue
		}
		fmt.Fprintf(stdout, "%s\t%s, %s\t%s\n", name, pageName(t), strings.Join(t.Languages, ","), t.Title)
	}
	return exitOK
}

func pageName(t *template.Template) string {
	return fmt.Sprintf("%g×%g mm + %g mm bleed", t.Width, t.Height, t.Bleed)
}

// templateArg opens the template the positional arguments name (at most
// one; the default template if none), reporting problems as command cmd.
func templateArg(cmd string, pos []string, stderr io.Writer) (*template.Template, bool) {
	if len(pos) > 1 {
		fmt.Fprintf(stderr, "posterkit %s: one template at a time, got %q\n", cmd, pos)
		return nil, false
	}
	name := layouts.Default
	if len(pos) == 1 {
		name = pos[0]
	}
	t, err := layouts.Open(name)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit: %v\n", err)
		return nil, false
	}
	return t, true
}

// fileList is a flag that may be given several times.
type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

// languageFlags are the flags that give one language's texts and fonts.
type languageFlags struct {
	lang    *string
	strings *string
	fonts   fileList
}

func addLanguageFlags(fl *flag.FlagSet, defaultLang string) *languageFlags {
	lf := &languageFlags{lang: fl.String("lang", defaultLang, ""), strings: fl.String("strings", "", "")}
	fl.Var(&lf.fonts, "font", "")
	return lf
}

// registry returns the bundled fonts with the user's in front.
func (lf *languageFlags) registry() (*fonts.Registry, error) {
	reg := fonts.Default()
	var user []*fonts.Font
	for _, name := range lf.fonts {
		f, err := fonts.LoadFile(name)
		if err != nil {
			return nil, fmt.Errorf("--font %s: %w", name, err)
		}
		user = append(user, f)
	}
	if len(user) > 0 {
		reg = reg.WithUserFonts(user...)
	}
	return reg, nil
}

// options are the backends' options: the program's name and version, and
// the date SOURCE_DATE_EPOCH sets (none without it, for identical files).
func options(dpi float64) (export.Options, error) {
	date, err := export.SourceDate(os.Getenv("SOURCE_DATE_EPOCH"))
	return export.Options{Creator: "posterkit " + version(), Date: date, DPI: dpi}, err
}

func cmdRender(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("render", stderr)
	lf := addLanguageFlags(fl, "all")
	formats := fl.String("format", "pdf,png", "")
	dpi := fl.Float64("dpi", 300, "")
	out := fl.String("out", "out", "")
	guides := fl.Bool("guides", false, "")
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	fmts, err := export.ParseFormats(*formats)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit render: %v\n", err)
		return exitUsage
	}
	t, ok := templateArg("render", pos, stderr)
	if !ok {
		return exitUsage
	}
	opt, err := options(*dpi)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit render: %v\n", err)
		return exitUsage
	}
	job := batch.Job{Template: t, Formats: fmts, Options: opt, OutDir: *out, Guides: *guides}
	if job.Langs, err = batch.Langs(t, *lf.lang, *lf.strings != ""); err != nil {
		fmt.Fprintf(stderr, "posterkit render: %v\n", err)
		return exitUsage
	}
	if job.Fonts, err = lf.registry(); err != nil {
		fmt.Fprintf(stderr, "posterkit render: %v\n", err)
		return exitUsage
	}
	if *lf.strings != "" {
		res, err := translation.ReadFile(*lf.strings)
		if err != nil {
			fmt.Fprintf(stderr, "posterkit render: %v\n", err)
			return exitUsage
		}
		job.Strings = func(string) (*template.Strings, error) { return res.Strings, nil }
	}
	if err := job.Check(); err != nil {
		fmt.Fprintf(stderr, "posterkit render: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "rendering %s (%s) in %d %s at %g DPI → %s\n",
		t.Name, pageName(t), len(job.Langs), plural(len(job.Langs), "language", "languages"), *dpi, filepath.Join(*out, t.Name))
	start := time.Now()
	job.Progress = func(r batch.Result) { report(stderr, r) }
	results := batch.Run(job)
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
	}
	fmt.Fprintf(stderr, "%d of %d %s rendered in %.1fs", len(results)-failed, len(results), plural(len(results), "language", "languages"), time.Since(start).Seconds())
	if failed > 0 {
		fmt.Fprintf(stderr, "; %d failed (see above)\n", failed)
		return exitFailed
	}
	fmt.Fprintln(stderr)
	return exitOK
}

func cmdKit(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("kit", stderr)
	out := fl.String("out", "out", "")
	dpi := fl.Float64("dpi", 300, "")
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	t, ok := templateArg("kit", pos, stderr)
	if !ok {
		return exitUsage
	}
	opt, err := options(*dpi)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit kit: %v\n", err)
		return exitUsage
	}
	folder, zipPath, err := kit.Write(t, *out, opt)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit kit: %v\n", err)
		if errors.Is(err, export.ErrOptions) {
			return exitUsage
		}
		return exitFailed
	}
	fmt.Fprintf(stdout, "translation kit for %s:\n  %s/\n  %s\nnext: translate template.pot or template.xlf, then see README.txt\n", t.Name, folder, zipPath)
	return exitOK
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func report(w io.Writer, r batch.Result) {
	if r.Err != nil {
		fmt.Fprintf(w, "  %-5s FAILED\n", r.Lang)
		for _, line := range strings.Split(r.Err.Error(), "\n") {
			fmt.Fprintf(w, "        %s\n", line)
		}
		return
	}
	var frames []string
	for _, f := range r.Frames {
		frames = append(frames, fmt.Sprintf("%s %.1fpt×%d", f.ID, f.Size, f.Lines))
	}
	fmt.Fprintf(w, "  %-5s ok  layout %4dms, draw %5dms  %s\n        %s\n", r.Lang,
		r.Layout.Milliseconds(), r.Draw.Milliseconds(), strings.Join(r.Files, " "), strings.Join(frames, ", "))
}

func cmdShape(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("shape", stderr)
	fontFile := fl.String("font", "", "")
	txt := fl.String("text", "", "")
	lang := fl.String("lang", "", "")
	script := fl.String("script", "", "")
	dir := fl.String("dir", "", "")
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) > 0 || *fontFile == "" || *txt == "" {
		fmt.Fprintln(stderr, "posterkit shape: needs --font FILE and --text TEXT")
		return exitUsage
	}
	if *dir != "" && *dir != "ltr" && *dir != "rtl" {
		fmt.Fprintf(stderr, "posterkit shape: --dir %q: want ltr or rtl\n", *dir)
		return exitUsage
	}
	if *script != "" && len(*script) != 4 {
		fmt.Fprintf(stderr, "posterkit shape: --script %q: want an ISO 15924 code such as Arab, Latn, Hani\n", *script)
		return exitUsage
	}
	f, err := fonts.LoadFile(*fontFile)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit shape: %v\n", err)
		return exitUsage
	}
	rtl := *dir == "rtl"
	if *dir == "" {
		rtl = text.Direction(*lang, *txt) == text.RTL
	}
	glyphs, err := text.NewEngine(fonts.Default()).ShapeRun(f, text.RunSpec{Text: *txt, Lang: *lang, Script: *script, RTL: rtl})
	if err != nil {
		fmt.Fprintf(stderr, "posterkit shape: %v\n", err)
		return exitUsage
	}
	b, _ := json.Marshal(glyphs)
	fmt.Fprintln(stdout, string(b))
	return exitOK
}
