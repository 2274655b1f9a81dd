package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"posterkit/internal/atomicfile"
	"posterkit/render/export"
	"posterkit/render/svg"
)

// cmdArtwork draws one SVG alone, as PNG or PDF, and prints what the
// importer could not draw.
func cmdArtwork(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("artwork", stderr)
	out := fl.String("out", "", "")
	dpi := fl.Float64("dpi", 96, "")
	pos, err := parse(fl, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 || *out == "" {
		fmt.Fprintln(stderr, "posterkit artwork: needs FILE.svg and --out FILE.png or FILE.pdf")
		return exitUsage
	}
	var format export.Format
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".png":
		format = export.PNG
	case ".pdf":
		format = export.PDF
	default:
		fmt.Fprintf(stderr, "posterkit artwork: --out %q: want a .png or .pdf file\n", *out)
		return exitUsage
	}
	file := pos[0]
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "posterkit artwork: %v\n", errText(err))
		return exitFailed
	}
	// Images are read from the SVG's folder only, through os.Root, which
	// refuses paths and symlinks that leave it.
	root, err := os.OpenRoot(filepath.Dir(file))
	if err != nil {
		fmt.Fprintf(stderr, "posterkit artwork: %v\n", errText(err))
		return exitFailed
	}
	defer root.Close()
	d, warns, err := svg.Parse(data, svg.Options{Name: file, Files: root.FS()})
	for _, w := range warns {
		fmt.Fprintf(stderr, "posterkit artwork: %s: %s\n", printable(file), printable(w.String()))
	}
	if err != nil {
		fmt.Fprintf(stderr, "posterkit artwork: %v\n", errText(err))
		return exitFailed
	}
	s := d.Scene(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)))
	opt := export.Options{Creator: "posterkit " + version(), DPI: *dpi}
	if err := opt.Check(s.Width, s.Height, []export.Format{format}); err != nil {
		fmt.Fprintf(stderr, "posterkit artwork: %v\n", errText(err))
		return exitUsage
	}
	var b bytes.Buffer
	if err := export.Write(&b, format, s, opt); err != nil {
		fmt.Fprintf(stderr, "posterkit artwork: %v\n", errText(err))
		return exitFailed
	}
	if err := atomicfile.WriteFile(*out, b.Bytes()); err != nil {
		fmt.Fprintf(stderr, "posterkit artwork: %v\n", errText(err))
		return exitFailed
	}
	fmt.Fprintf(stdout, "%s: %g × %g px, %d warnings → %s\n", printable(file), d.Width, d.Height, len(warns), printable(*out))
	return exitOK
}
