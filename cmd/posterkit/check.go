package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"posterkit/fonts"
	"posterkit/render"
	"posterkit/render/template"
	"posterkit/render/text"
)

// checkReport is what `posterkit check` reports, as JSON with --json.
type checkReport struct {
	Layout       string        `json:"layout"`
	Lang         string        `json:"lang"`
	Strings      string        `json:"strings"`
	OK           bool          `json:"ok"` // nothing stops a correct render
	Frames       []frameReport `json:"frames"`
	Unused       []string      `json:"unused,omitempty"`          // entries with no frame
	Untranslated []string      `json:"untranslated,omitempty"`    // entries left empty by the translator
	Fuzzy        []string      `json:"fuzzy,omitempty"`           // PO entries marked fuzzy: check them
	MadeFor      string        `json:"made_for_layout,omitempty"` // the file names another layout
	FileLang     string        `json:"file_lang,omitempty"`       // the file says it is another language
}

type frameReport struct {
	ID           string      `json:"id"`
	Status       string      `json:"status"` // ok, missing, empty, overflow, uncovered, error
	Size         float64     `json:"size_pt,omitempty"`
	Lines        int         `json:"lines,omitempty"`
	MaxLines     int         `json:"max_lines,omitempty"`
	MinSize      float64     `json:"min_size_pt,omitempty"`
	LinesNeeded  int         `json:"lines_needed,omitempty"`
	LinesTooMany int         `json:"lines_too_many,omitempty"`
	Uncovered    []uncovered `json:"uncovered,omitempty"`
	Message      string      `json:"message,omitempty"`
	StringsLine  int         `json:"strings_line,omitempty"`
}

type uncovered struct {
	Char      string `json:"char"`
	CodePoint string `json:"code_point"`
	Font      string `json:"font,omitempty"` // a family that covers it
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("check", stderr)
	lf := addLanguageFlags(fl, "")
	asJSON := fl.Bool("json", false, "")
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	if *lf.strings == "" || !template.ValidLang(*lf.lang) {
		fmt.Fprintln(stderr, "posterkit check: needs --lang CODE (one BCP 47 code, e.g. sw) and --strings FILE (.po, .xlf or .yaml)")
		return exitUsage
	}
	t, ok := layoutArg("check", pos, stderr)
	if !ok {
		return exitUsage
	}
	reg, err := lf.registry()
	if err != nil {
		fmt.Fprintf(stderr, "posterkit check: %v\n", err)
		return exitUsage
	}
	res, err := readStrings(*lf.strings)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit check: %v\n", err)
		return exitUsage
	}
	rep := checkReport{Layout: t.Name, Lang: *lf.lang, Strings: *lf.strings, OK: true,
		Unused: render.Unused(t, res.Strings), Untranslated: res.Untranslated, Fuzzy: res.Fuzzy}
	if res.Layout != "" && res.Layout != t.Name {
		rep.MadeFor = res.Layout
	}
	if res.Lang != "" && !strings.EqualFold(primary(res.Lang), primary(*lf.lang)) {
		rep.FileLang = res.Lang
	}
	for _, c := range render.Check(t, *lf.lang, res.Strings, text.NewEngine(reg)) {
		fr := frameReport{ID: c.ID, Status: "ok", Size: c.Size, Lines: c.Lines, MaxLines: c.Frame.MaxLines,
			MinSize: c.Frame.Style.MinSize, StringsLine: c.Line}
		switch {
		case c.Missing && slices.Contains(res.Untranslated, c.ID):
			fr.Status = "untranslated"
			fr.Message = "the entry is not translated yet"
		case c.Missing:
			fr.Status = "missing"
			fr.Message = "no text for this frame"
		case c.Empty:
			fr.Status = "empty"
			fr.Message = "the text is empty"
		case len(c.Uncovered) > 0:
			fr.Status = "uncovered"
			fr.Message = c.Uncovered.Error()
		case c.Overflow != nil:
			fr.Status = "overflow"
			fr.LinesNeeded, fr.LinesTooMany = c.Overflow.Lines, c.Overflow.ExtraLines()
			fr.Message = c.Overflow.Error()
		case c.Problem != nil:
			fr.Status = "error"
			fr.Message = c.Problem.Error()
		}
		if c.Overflow != nil && fr.Status == "uncovered" {
			fr.LinesNeeded, fr.LinesTooMany = c.Overflow.Lines, c.Overflow.ExtraLines()
			fr.Message += "; " + c.Overflow.Error()
		}
		for _, r := range c.Uncovered {
			fr.Uncovered = append(fr.Uncovered, uncovered{Char: string(r), CodePoint: fmt.Sprintf("U+%04X", r), Font: fonts.Suggest(r)})
		}
		if fr.Status != "ok" {
			rep.OK = false
		}
		rep.Frames = append(rep.Frames, fr)
	}
	if *asJSON {
		b, _ := json.MarshalIndent(rep, "", "  ")
		fmt.Fprintln(stdout, string(b))
	} else {
		printCheck(stdout, rep)
	}
	if !rep.OK {
		return exitFailed
	}
	return exitOK
}

func printCheck(w io.Writer, rep checkReport) {
	fmt.Fprintf(w, "%s in %s, from %s\n", rep.Layout, rep.Lang, rep.Strings)
	for _, f := range rep.Frames {
		switch f.Status {
		case "ok":
			limit := ""
			if f.MaxLines > 0 {
				limit = fmt.Sprintf(" of %d", f.MaxLines)
			}
			fmt.Fprintf(w, "  ok        %-10s fits at %.1f pt on %d line(s)%s\n", f.ID, f.Size, f.Lines, limit)
		case "overflow":
			fmt.Fprintf(w, "  TOO LONG  %-10s %d line(s) too many at the smallest size, %.1f pt: shorten it\n", f.ID, f.LinesTooMany, f.MinSize)
			fmt.Fprintf(w, "            %s\n", f.Message)
		case "uncovered":
			fmt.Fprintf(w, "  NO FONT   %-10s %s\n", f.ID, f.Message)
		case "missing":
			fmt.Fprintf(w, "  MISSING   %-10s the file has no text for this frame\n", f.ID)
		case "untranslated":
			fmt.Fprintf(w, "  TO DO     %-10s not translated yet (line %d)\n", f.ID, f.StringsLine)
		case "empty":
			fmt.Fprintf(w, "  EMPTY     %-10s the text is empty (line %d)\n", f.ID, f.StringsLine)
		default:
			fmt.Fprintf(w, "  ERROR     %-10s %s\n", f.ID, f.Message)
		}
	}
	if len(rep.Untranslated) > 0 {
		fmt.Fprintf(w, "  untranslated: %s\n", strings.Join(rep.Untranslated, ", "))
	}
	if len(rep.Unused) > 0 {
		fmt.Fprintf(w, "  note: entries with no frame on this poster (ignored): %s\n", strings.Join(rep.Unused, ", "))
	}
	if rep.FileLang != "" {
		fmt.Fprintf(w, "  note: the file says its language is %s, not %s\n", rep.FileLang, rep.Lang)
	}
	if rep.MadeFor != "" {
		fmt.Fprintf(w, "  note: the file was made for the layout %s, not %s\n", rep.MadeFor, rep.Layout)
	}
	if len(rep.Fuzzy) > 0 {
		fmt.Fprintf(w, "  note: marked fuzzy, check them: %s\n", strings.Join(rep.Fuzzy, ", "))
	}
	if rep.OK {
		fmt.Fprintln(w, "ready to render")
	} else {
		fmt.Fprintln(w, "not ready: fix the lines in capitals above, then check again")
	}
}

// primary is a BCP 47 tag's language subtag ("pt" of "pt-BR").
func primary(tag string) string {
	p, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	return p
}
