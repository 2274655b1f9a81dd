package main

import (
	"fmt"
	"io"

	"posterkit/fonts"
	"posterkit/render/layout"
	"posterkit/render/text"
)

// cmdValidate checks a template without rendering it: exit 0 when it is
// valid (warnings allowed), 1 when anything would stop a correct render,
// 2 when it does not load (malformed layout.yaml, missing files, frames
// outside the page).
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("validate", stderr)
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	t, ok := templateArg("validate", pos, stderr)
	if !ok {
		return exitUsage
	}
	found := layout.Validate(t, text.NewEngine(fonts.Default()))
	errs, warns := 0, 0
	fmt.Fprintf(stdout, "%s: %s, %d frames, languages %v\n", printable(t.Dir()), pageName(t), len(t.Frames), t.Languages)
	for _, f := range found {
		if f.Severity == layout.Error {
			errs++
		} else {
			warns++
		}
		fmt.Fprintf(stdout, "  %s\n", printable(f.String()))
	}
	if errs > 0 {
		fmt.Fprintf(stdout, "not valid: %d error(s), %d warning(s)\n", errs, warns)
		return exitFailed
	}
	fmt.Fprintf(stdout, "valid: %d warning(s)\n", warns)
	return exitOK
}
