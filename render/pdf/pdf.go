// Package pdf draws a scene as a print-ready PDF: one page whose MediaBox is
// the bleed box, with TrimBox and BleedBox; vectors kept as vectors; images
// (JPEG passed through, PNG deflated with its alpha as a soft mask); and
// text placed glyph by glyph, by glyph ID, exactly where the scene says, in
// Type0/CIDFontType2 fonts embedded as subsets, with a ToUnicode CMap so
// the text extracts in logical order, Arabic included.
//
// The files: pdf.go the entry point and options; fonts.go the embedded
// fonts, their units (one CID per glyph-and-text) and ToUnicode; content.go
// the page's content stream; images.go image XObjects; document.go the
// catalog, page, Info, XMP and cross-reference table; structure.go the
// tagged-PDF structure tree (PDF/UA-1) and artifacts; writer.go numbered
// objects and PDF syntax.
//
// It is written by hand because no Go PDF library places glyphs by ID
// (measured: fpdf and gopdf map characters through the font's cmap, so
// Arabic contextual forms are unreachable and gopdf's subsets lose the
// Arabic dots; tdewolff/canvas reverses right-to-left words and panics
// subsetting CJK). Like every backend it only draws the scene: it never
// lays out, and it reads fonts only through package fonts.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"time"

	"posterkit/fonts"
	"posterkit/render/scene"
)

// Options are the document-level settings.
type Options struct {
	Creator string // the application, e.g. "posterkit v1"; "" writes "posterkit"
	// Date is the creation date; the zero value writes none, so that
	// identical scenes give identical files.
	Date time.Time
	// CMYK says the scene's colours are print inks for a CMYK press: a page
	// that uses transparency gets a CMYK transparency group, so no RGB
	// blending space is left in the file.
	CMYK bool
	// PDFX, if set, makes the file PDF/X-4 (ISO 15930-7): PDF 1.6, the
	// output intent, and the identification in the Info dictionary and
	// XMP. It needs CMYK, a Date and a title.
	PDFX *PDFX
}

// PDFX is the printing condition a PDF/X file is made for.
type PDFX struct {
	Profile   []byte // the CMYK output profile (ICC), embedded as DestOutputProfile
	Condition string // OutputConditionIdentifier, e.g. "FOGRA39"
	Registry  string // RegistryName, e.g. "http://www.color.org"
	Info      string // a description of the condition, e.g. the profile's
}

// ErrScene is returned for a scene that cannot be drawn.
var ErrScene = errors.New("pdf: invalid scene")

// Write draws s as a one-page PDF to w.
func Write(w io.Writer, s *scene.Scene, opt Options) error {
	if !(s.Width > 0 && s.Height > 0 && s.Width < 1e6 && s.Height < 1e6) {
		return fmt.Errorf("%w: page %g×%g pt", ErrScene, s.Width, s.Height)
	}
	if x := opt.PDFX; x != nil {
		switch {
		case !opt.CMYK:
			return errors.New("pdf: PDF/X-4 is written for a CMYK press: set CMYK")
		case opt.Date.IsZero():
			return errors.New("pdf: PDF/X-4 needs a creation date")
		case s.Title == "":
			return errors.New("pdf: PDF/X-4 needs a title")
		case len(x.Profile) < 128 || x.Condition == "":
			return errors.New("pdf: PDF/X-4 needs an output profile and its condition")
		}
	}
	d := &doc{scene: s, opt: opt, gstates: map[gstate]string{}, tags: newTagger(s)}
	if err := d.prepareFonts(); err != nil {
		return err
	}
	content, err := d.content()
	if err != nil {
		return err
	}
	return d.write(w, content)
}

type doc struct {
	scene   *scene.Scene
	opt     Options
	ow      objWriter
	fonts   []*embeddedFont
	byFont  map[*fonts.Font]*embeddedFont
	gstates map[gstate]string // → resource name
	gsOrder []gstate
	spots   []scene.Ink // Separation colour spaces, in order of first use
	// softMasks counts the images written with a soft mask (transparency).
	softMasks int
	images    []*scene.Image                   // each distinct image once, as /Im1, /Im2…
	imageNo   imageIndex                       // see imageResource
	units     map[*scene.GlyphRun][]placedUnit // each run's units, in visual order
	tags      *tagger                          // the structure tree (structure.go)
	vec       vectorRes                        // patterns and forms of vector items (vector.go)
}
