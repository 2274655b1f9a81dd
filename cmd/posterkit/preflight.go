package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"posterkit/preflight"
)

func cmdPreflight(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("preflight", stderr)
	asJSON := fl.Bool("json", false, "")
	maxInk := fl.String("max-ink", "300", "")
	cmyk := fl.Bool("cmyk", false, "")
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "posterkit preflight: needs one PDF file: posterkit preflight FILE.pdf [--json] [--max-ink PCT] [--cmyk]")
		return exitUsage
	}
	ink, err := strconv.ParseFloat(*maxInk, 64)
	if err != nil || ink < 1 || ink > 400 { // four inks at 100 % is the most there is
		fmt.Fprintf(stderr, "posterkit preflight: --max-ink %q: expected a percentage from 1 to 400\n", *maxInk)
		return exitUsage
	}
	rep, err := preflight.CheckPath(pos[0], preflight.Options{MaxInk: ink, CMYK: *cmyk})
	if err != nil {
		fmt.Fprintf(stderr, "posterkit %v\n", err) // err starts "preflight: "
		return exitFailed
	}
	if *asJSON {
		b, _ := json.MarshalIndent(rep, "", "  ")
		fmt.Fprintln(stdout, string(b))
	} else {
		printPreflight(stdout, rep)
	}
	if !rep.OK {
		return exitFailed
	}
	return exitOK
}

func printPreflight(w io.Writer, rep preflight.Report) {
	if rep.Version == "" {
		fmt.Fprintf(w, "%s:\n", rep.File)
	} else {
		fmt.Fprintf(w, "%s: PDF %s, %d page(s), checked as %s", rep.File, rep.Version, rep.Pages, rep.Mode)
		if rep.PDFX != "" {
			fmt.Fprintf(w, ", claims %s", rep.PDFX)
		}
		fmt.Fprintln(w)
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "  %s\n", f)
	}
	fmt.Fprintf(w, "%d passed, %d warning(s), %d failure(s): ", rep.Pass, rep.Warn, rep.Fail)
	if rep.OK {
		fmt.Fprintln(w, "ready for the print shop")
	} else {
		fmt.Fprintln(w, "not ready: fix the failures above")
	}
}
