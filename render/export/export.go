// Package export is the one door from a scene to the backends: the output
// formats, the options every backend takes (as values, never through
// package variables or the environment), their validation against a page,
// and Write, which draws a scene in one format. Backends (render/pdf,
// render/raster) only draw; everything that decides what to draw is above
// this package.
package export

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"posterkit/render/pdf"
	"posterkit/render/raster"
	"posterkit/render/scene"
)

// Format is an output format.
type Format string

const (
	PDF Format = "pdf"
	PNG Format = "png"
)

// Formats returns the formats this build writes, in the order a batch
// makes them.
func Formats() []Format { return []Format{PDF, PNG} }

// ParseFormats reads a comma-separated list of formats ("pdf,png").
func ParseFormats(list string) ([]Format, error) {
	var out []Format
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		switch Format(f) {
		case PDF, PNG:
			out = append(out, Format(f))
		default:
			return nil, fmt.Errorf("export: format %q: want a comma-separated list of pdf, png", f)
		}
	}
	return out, nil
}

// Resolution limits for PNG output. Below 10 DPI a poster's text is
// unreadable; 2400 DPI is the finest an imagesetter is run at, far past
// any screen or proof printer.
const (
	MinDPI = 10
	MaxDPI = 2400
)

// Options are what the backends need besides the scene. The zero value
// writes "posterkit" as creator, no date, and no PNG (DPI 0 is invalid).
type Options struct {
	Creator string    // the program, e.g. "posterkit v1.2"
	Date    time.Time // creation date in the PDF; zero: none, for identical files
	DPI     float64   // PNG resolution, pixels per inch
	// Print, if set, makes the PDF CMYK through its profile: every colour
	// and image is converted, and no RGB is left. PNGs preview print
	// inks through it (or, without it, through the bundled profile).
	Print *Print
	// PDFX makes the PDF PDF/X-4 for Print's condition; it needs Print
	// and a Date.
	PDFX bool
	// NoOverprint makes black text knock out the colours under it. By
	// default, in CMYK output, text in black ink alone overprints.
	NoOverprint bool
	// PNGCompression is how hard PNGs are compressed: "fast", "default"
	// (also "") or "best". The pixels are the same; the time and size
	// are not (see raster.Compression).
	PNGCompression string
	// PNGArea is what a PNG shows: "bleed" (also "", the default) the
	// page with its bleed, or "trim" the finished page alone, for
	// screens and social media. PDFs always hold both boxes.
	PNGArea string
	// Backdrops, if set, is shared by the PNGs of one run: the artwork
	// their pages have in common is drawn once (see raster.Backdrops).
	// The files are the same with it or without.
	Backdrops *raster.Backdrops
}

// pngTrim reports whether PNGs show the trim box alone.
func (o Options) pngTrim() (bool, error) {
	switch o.PNGArea {
	case "", "bleed":
		return false, nil
	case "trim":
		return true, nil
	}
	return false, fmt.Errorf("%w: PNG area %q: want trim or bleed", ErrOptions, o.PNGArea)
}

// pngCompression maps Options.PNGCompression to the raster backend's.
func (o Options) pngCompression() (raster.Compression, error) {
	switch o.PNGCompression {
	case "", "default":
		return raster.DefaultCompression, nil
	case "fast":
		return raster.FastCompression, nil
	case "best":
		return raster.BestCompression, nil
	}
	return 0, fmt.Errorf("%w: PNG compression %q: want fast, default or best", ErrOptions, o.PNGCompression)
}

// ErrOptions is returned (wrapped) for options no backend can honour.
var ErrOptions = errors.New("export: invalid options")

// Check reports whether o can draw a page of w×h points (the media box)
// in every format of fs, saying what would work when it cannot.
func (o Options) Check(w, h float64, fs []Format) error {
	if o.PDFX && o.Print == nil {
		return fmt.Errorf("%w: PDF/X-4 is made for a CMYK printing condition: give an output profile", ErrOptions)
	}
	if o.PDFX && o.Date.IsZero() {
		return fmt.Errorf("%w: PDF/X-4 needs a creation date", ErrOptions)
	}
	for _, f := range fs {
		if f != PNG {
			continue
		}
		if !(o.DPI >= MinDPI && o.DPI <= MaxDPI) {
			return fmt.Errorf("%w: resolution %g DPI: want between %d and %d", ErrOptions, o.DPI, MinDPI, MaxDPI)
		}
		if _, err := o.pngCompression(); err != nil {
			return err
		}
		if _, err := o.pngTrim(); err != nil {
			return err
		}
		if _, err := raster.PixelSize(w, h, o.DPI); err != nil {
			return fmt.Errorf("%w: resolution %g DPI: a page of %.0f×%.0f mm is too large to draw at that resolution; at most %d DPI",
				ErrOptions, o.DPI, w/scene.MM, h/scene.MM, maxDPIFor(w, h))
		}
	}
	return nil
}

// maxDPIFor is the largest whole resolution at which a page of w×h points
// can be drawn.
func maxDPIFor(w, h float64) int {
	lo, hi := 0, MaxDPI
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if _, err := raster.PixelSize(w, h, float64(mid)); err == nil {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// PageBytes is the memory the PNG backend holds for a page of w×h points
// at dpi, 0 if the page cannot be drawn. Pages are drawn and written in
// bands, so it grows with the page's width, not its area (see
// raster.WriteBytes): about 160 MB for A2 at 300 dpi, most of it bounds
// on caches that a poster seldom fills.
func PageBytes(w, h, dpi float64) int64 {
	size, err := raster.PixelSize(w, h, dpi)
	if err != nil {
		return 0
	}
	return raster.WriteBytes(size)
}

// Write draws s in format f to w.
func Write(w io.Writer, f Format, s *scene.Scene, o Options) error {
	switch f {
	case PDF:
		opt := pdf.Options{Creator: o.Creator, Date: o.Date}
		if p := o.Print; p != nil {
			var err error
			if s, err = p.toCMYK(s, !o.NoOverprint); err != nil {
				return err
			}
			opt.CMYK = true
			if o.PDFX {
				opt.PDFX = &pdf.PDFX{Profile: p.Profile.Data(), Condition: p.Condition, Registry: p.Registry, Info: p.Profile.Description}
			}
		}
		return pdf.Write(w, s, opt)
	case PNG:
		if hasInk(s) {
			p := o.Print
			if p == nil {
				var err error
				if p, err = preview(); err != nil {
					return err
				}
			}
			s = p.previews(s)
		}
		c, err := o.pngCompression()
		if err != nil {
			return err
		}
		trim, err := o.pngTrim()
		if err != nil {
			return err
		}
		if trim {
			// The PNG backend draws the scene's bleed box: the trim box
			// in its place is a PNG of the finished page, its pixels
			// those of the bleed PNG inside the trim.
			t := *s
			t.Bleed = s.Trim
			s = &t
		}
		return o.Backdrops.Write(w, s, o.DPI, c)
	}
	return fmt.Errorf("export: unknown format %q", f)
}

// SourceDate reads a SOURCE_DATE_EPOCH value
// (https://reproducible-builds.org/specs/source-date-epoch/): "" is no date.
func SourceDate(epoch string) (time.Time, error) {
	if epoch == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(epoch, 10, 64)
	// Years 0 to 9999 are what a PDF date (D:YYYY…) can hold.
	if err != nil || n < -62167219200 || n > 253402300799 || math.Abs(float64(n)) > 1e12 {
		return time.Time{}, fmt.Errorf("export: SOURCE_DATE_EPOCH=%q is not a Unix time in seconds", epoch)
	}
	return time.Unix(n, 0).UTC(), nil
}
