package main

import (
	"encoding/json"
	"fmt"
	"io"

	"posterkit/kit"
	"posterkit/render/template"
	"posterkit/render/text"
	"posterkit/translation"
)

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
	t, ok := templateArg("check", pos, stderr)
	if !ok {
		return exitUsage
	}
	reg, err := lf.registry()
	if err != nil {
		fmt.Fprintf(stderr, "posterkit check: %v\n", errText(err))
		return exitUsage
	}
	res, err := translation.ReadFile(*lf.strings)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit check: %v\n", errText(err))
		return exitUsage
	}
	rep := kit.Check(t, *lf.lang, res, text.NewEngine(reg))
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

func printCheck(w io.Writer, rep kit.Report) {
	fmt.Fprintf(w, "%s in %s, from %s\n", printable(rep.Template), rep.Lang, printable(rep.Strings))
	for _, f := range rep.Frames {
		switch f.Status {
		case "ok":
			limit := ""
			if f.MaxLines > 0 {
				limit = fmt.Sprintf(" of %d", f.MaxLines)
			}
			fmt.Fprintf(w, "  ok        %-10s fits at %.1f pt on %d line(s)%s\n", printable(f.ID), f.Size, f.Lines, limit)
		case "overflow":
			fmt.Fprintf(w, "  TOO LONG  %-10s %d line(s) too many at the smallest size, %.1f pt: shorten it\n", printable(f.ID), f.LinesTooMany, f.MinSize)
			fmt.Fprintf(w, "            %s\n", printable(f.Message))
		case "uncovered":
			fmt.Fprintf(w, "  NO FONT   %-10s %s\n", printable(f.ID), printable(f.Message))
		case "missing":
			fmt.Fprintf(w, "  MISSING   %-10s the file has no text for this frame\n", printable(f.ID))
		case "untranslated":
			fmt.Fprintf(w, "  TO DO     %-10s not translated yet (line %d)\n", printable(f.ID), f.StringsLine)
		case "empty":
			fmt.Fprintf(w, "  EMPTY     %-10s the text is empty (line %d)\n", printable(f.ID), f.StringsLine)
		default:
			fmt.Fprintf(w, "  ERROR     %-10s %s\n", printable(f.ID), printable(f.Message))
		}
	}
	if len(rep.Untranslated) > 0 {
		fmt.Fprintf(w, "  untranslated: %s\n", printableList(rep.Untranslated))
	}
	if len(rep.Unused) > 0 {
		fmt.Fprintf(w, "  note: entries with no frame on this poster (ignored): %s\n", printableList(rep.Unused))
	}
	if rep.FileLang != "" {
		fmt.Fprintf(w, "  note: the file says its language is %s, not %s\n", printable(rep.FileLang), rep.Lang)
	}
	if rep.MadeFor != "" {
		fmt.Fprintf(w, "  note: the file was made for the template %s, not %s\n", printable(rep.MadeFor), printable(rep.Template))
	}
	if len(rep.Fuzzy) > 0 {
		fmt.Fprintf(w, "  note: marked fuzzy, check them: %s\n", printableList(rep.Fuzzy))
	}
	if rep.OK {
		fmt.Fprintln(w, "ready to render")
	} else {
		fmt.Fprintln(w, "not ready: fix the lines in capitals above, then check again")
	}
}
