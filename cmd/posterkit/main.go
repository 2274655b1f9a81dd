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
	exitUsage  = 2 // bad flags, or a malformed template or strings file: nothing written
	// exitInternal is a bug in posterkit or a library it uses (a panic):
	// not the user's doing, so not exitUsage, which Go's runtime also
	// uses for an unrecovered panic.
	exitInternal = 3
)

const usage = `posterkit renders posters in many languages from one template.

Usage:
  posterkit render [TEMPLATE...] [--all-templates] [--lang LIST] [--format LIST] [--dpi N] [--out DIR] [--guides]
                   [--force] [--shard I/N | --shards N] [--quiet] [--json]
  posterkit render [TEMPLATE] --lang CODE --strings FILE [--font FILE]... [flags as above]
  posterkit manifest merge [--out DIR] DIR...
  posterkit check  [TEMPLATE] --lang CODE --strings FILE [--font FILE]... [--json]
  posterkit kit    [TEMPLATE] [--out DIR] [--dpi N]
  posterkit validate [TEMPLATE]
  posterkit templates
  posterkit artwork FILE.svg --out FILE.png|FILE.pdf [--dpi N]
  posterkit serve  [--addr 127.0.0.1:8080] [--no-open] [TEMPLATE]...
  posterkit shape --font FILE --text TEXT [--lang L] [--script S] [--dir ltr|rtl]
  posterkit preflight FILE.pdf [--json] [--max-ink PCT] [--cmyk]
  posterkit --help | --version

TEMPLATE is a bundled template's name (see 'posterkit templates') or the path
to a template folder (one holding layout.yaml); the default is wtisd-2009.
render takes several: they are one campaign, rendered in parallel on every core.

render flags:
  --all-templates  every bundled template and any TEMPLATE named (also
                 --all-layouts)
  --lang LIST    comma-separated language codes of the template, blank for the
                 poster with its text frames empty, or all: every language of
                 the template and blank (default all)
  --format LIST  comma-separated output formats: pdf, png (default pdf,png)
  --dpi N        PNG resolution in pixels per inch (default 300)
  --png-compression fast|default|best  PNG size against time; same pixels
  --png-area trim|bleed  PNG of the finished page alone, or with its bleed (default)
  --out DIR      output folder (default out); files go to DIR/<template>/<lang>.<format>
  --guides       outline the text frames on a non-printing layer (PDF) or over
                 the artwork (PNG)
  --cmyk         PDFs in CMYK through the output profile (default the bundled
                 FOGRA39, ISO Coated v2): no RGB left; black text overprints
  --pdfx         PDF/X-4 for the printing condition (implies --cmyk)
  --icc FILE     the print shop's CMYK output profile (.icc), with
  --condition NAME  its printing condition, e.g. FOGRA51 (implies --cmyk)
  --intent I     relative (relative colorimetric with black-point
                 compensation, default) or perceptual
  --no-overprint black text knocks out instead of overprinting
  --marks        crop marks, registration targets, colour bar and slug line,
                 outside the bleed (the PDF's media box grows to hold them)
  --bleed MM     the bleed on every side, overriding the template's (0 to 50)
  --strings FILE the texts of one language (--lang CODE, any BCP 47 code):
                 a PO (.po), XLIFF 2.0 (.xlf, .xliff) or YAML (.yaml) file
  --font FILE    a TrueType/OpenType font (.ttf, .otf, .ttc) to use before the
                 bundled ones; may be given several times
  --force        render every output, even those unchanged since the last run
                 (by default an output whose inputs and file are those
                 DIR/manifest.json records is skipped)
  --shard I/N    render the I-th of N slices of the campaign, balanced by
                 cost, writing DIR/manifest-I-of-N.json; merge the shards'
                 folders with 'posterkit manifest merge'
  --shards N     the shard count for a Kubernetes Indexed Job: the pod's
                 JOB_COMPLETION_INDEX (0 to N-1) is shard index+1 of N
                 (or set POSTERKIT_SHARDS=N)
  --quiet        report only failures and the closing line
  --json         print the report as JSON on stdout

render writes DIR/manifest.json (every output with its SHA-256, size,
template, language, format, print variant, warnings and a hash of its inputs)
and DIR/SHA256SUMS, which 'sha256sum -c SHA256SUMS' checks. On a terminal it
shows a progress bar, elsewhere one line per output, then a summary table.

manifest merge joins the shard manifests found in each DIR into
--out/manifest.json and SHA256SUMS (--out defaults to the first DIR, and the
files are copied there), checking that no shard or output is missing or
given twice; on any problem it writes nothing, lists them and exits 1.

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
2 usage error (bad flags, unknown template, malformed layout or strings file),
3 internal error (please report it).
`

func main() {
	args := os.Args[1:]
	if len(args) == 0 {
		// Double-clicked, or run bare by someone who has not read the
		// usage: a translator, most likely. Start their page.
		fmt.Fprintln(os.Stderr, "posterkit: no command given, so starting the translator's page (posterkit --help lists the commands)")
		args = []string{"serve"}
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "posterkit: internal error (please report it, with this message and the command): %s\n%s",
				printableLines(fmt.Sprint(p)), debug.Stack())
			code = exitInternal
		}
	}()
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
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "posterkit: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// commands are the subcommands by name.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"render":    cmdRender,
	"templates": cmdTemplates,
	"layouts":   cmdTemplates, // the command's first name, still works
	"shape":     cmdShape,
	"check":     cmdCheck,
	"kit":       cmdKit,
	"artwork":   cmdArtwork,
	"manifest":  cmdManifest,
	"preflight": cmdPreflight,
	"validate":  cmdValidate,
	"serve":     cmdServe,
}

func version() string {
	if releaseVersion != "" {
		return releaseVersion
	}
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
		fmt.Fprintf(stderr, "posterkit: %v\n", errText(err))
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

// printFlags are render's flags for print shops.
type printFlags struct {
	cmyk, pdfx, noOverprint, marks *bool
	icc, condition, intent         *string
	bleed                          *float64
	dateFromClock                  bool // set by apply: PDF/X took the clock's date
}

func addPrintFlags(fl *flag.FlagSet) *printFlags {
	return &printFlags{
		cmyk: fl.Bool("cmyk", false, ""), pdfx: fl.Bool("pdfx", false, ""),
		noOverprint: fl.Bool("no-overprint", false, ""), marks: fl.Bool("marks", false, ""),
		icc: fl.String("icc", "", ""), condition: fl.String("condition", "", ""), intent: fl.String("intent", "relative", ""),
		bleed: fl.Float64("bleed", -1, ""),
	}
}

// apply sets the print options the flags ask for. PDF/X needs a creation
// date: without SOURCE_DATE_EPOCH it is the clock's, and stderr says so.
func (pf *printFlags) apply(opt *export.Options, stderr io.Writer) error {
	if !*pf.cmyk && !*pf.pdfx && *pf.icc == "" && *pf.condition == "" {
		opt.NoOverprint = *pf.noOverprint
		return nil
	}
	p, err := export.ParsePrint(*pf.icc, *pf.condition, *pf.intent)
	if err != nil {
		return err
	}
	opt.Print, opt.PDFX, opt.NoOverprint = p, *pf.pdfx, *pf.noOverprint
	if opt.PDFX && opt.Date.IsZero() {
		opt.Date = time.Now().UTC().Truncate(time.Second)
		pf.dateFromClock = true
		fmt.Fprintln(stderr, "note: PDF/X needs a creation date: the clock's is used; set SOURCE_DATE_EPOCH for byte-identical files")
	}
	return nil
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
	pngc := fl.String("png-compression", "default", "")
	pngArea := fl.String("png-area", "bleed", "")
	pf := addPrintFlags(fl)
	cf := addCampaignFlags(fl)
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "posterkit render: %v\n", errText(err))
		return exitUsage
	}
	fmts, err := export.ParseFormats(*formats)
	if err != nil {
		return fail(err)
	}
	tmpls, err := cf.templates(pos)
	if err != nil {
		return fail(err)
	}
	if *lf.strings != "" && len(tmpls) > 1 {
		return fail(errors.New("--strings gives the texts of one template: name one"))
	}
	opt, err := options(*dpi)
	if err == nil {
		err = pf.apply(&opt, stderr)
	}
	if err != nil {
		return fail(err)
	}
	opt.PNGCompression = *pngc
	opt.PNGArea = *pngArea
	reg, err := lf.registry()
	if err != nil {
		return fail(err)
	}
	c := batch.Campaign{OutDir: *out, Force: *cf.force}
	if c.Shard, err = cf.shard(); err != nil {
		return fail(err)
	}
	for _, t := range tmpls {
		job := batch.Job{Template: t, Formats: fmts, Options: opt, Guides: *guides, Marks: *pf.marks, Fonts: reg}
		if *pf.bleed >= 0 {
			job.Bleed = pf.bleed
		}
		if !pf.dateFromClock {
			job.SlugDate = opt.Date
		}
		if job.Langs, err = batch.Langs(t, *lf.lang, *lf.strings != ""); err != nil {
			return fail(err)
		}
		if *lf.strings != "" {
			res, err := translation.ReadFile(*lf.strings)
			if err != nil {
				return fail(err)
			}
			job.Strings = func(string) (*template.Strings, error) { return res.Strings, nil }
		} else if job.Strings, err = batch.TemplateStrings(t, job.Langs); err != nil {
			// A malformed strings/<lang>.yaml is malformed input, like a
			// malformed --strings file: refused before anything is written.
			return fail(err)
		}
		c.Jobs = append(c.Jobs, job)
	}
	if err := c.Check(); err != nil {
		return fail(err)
	}
	rp := newReporter(stderr, *cf.quiet)
	rp.start(c, *dpi)
	c.Progress = rp.progress
	rep, err := batch.RunCampaign(c)
	if err != nil {
		rp.abort()
		fmt.Fprintf(stderr, "posterkit render: %v\n", err)
		return exitFailed
	}
	rp.finish(rep)
	if *cf.json {
		writeJSONReport(stdout, rep, c.Shard)
	}
	for _, o := range rep.Outputs {
		if errors.Is(o.Err, batch.ErrInternal) {
			return exitInternal
		}
	}
	if rep.Count(batch.Failed) > 0 {
		return exitFailed
	}
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
		fmt.Fprintf(stderr, "posterkit kit: %v\n", errText(err))
		return exitUsage
	}
	folder, zipPath, err := kit.Write(t, *out, opt)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit kit: %v\n", errText(err))
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
		fmt.Fprintf(stderr, "posterkit shape: %v\n", errText(err))
		return exitUsage
	}
	rtl := *dir == "rtl"
	if *dir == "" {
		rtl = text.Direction(*lang, *txt) == text.RTL
	}
	glyphs, err := text.NewEngine(fonts.Default()).ShapeRun(f, text.RunSpec{Text: *txt, Lang: *lang, Script: *script, RTL: rtl})
	if err != nil {
		fmt.Fprintf(stderr, "posterkit shape: %v\n", errText(err))
		return exitUsage
	}
	b, _ := json.Marshal(glyphs)
	fmt.Fprintln(stdout, string(b))
	return exitOK
}
