// Package svg imports SVG artwork (what Inkscape, Illustrator and Affinity
// export) as scene items: the static subset a poster needs — shapes and
// paths, fill and stroke, linear and radial gradients, clip paths, use,
// symbol and nested svg, images, CSS style sheets — drawn as the SVG 1.1
// specification says (https://www.w3.org/TR/SVG11/), with SVG 2's
// clarifications where resvg follows them. Anything outside the subset
// (text, filters, masks, markers, patterns) is reported as a Warning, never
// silently dropped.
//
// Files are untrusted: no DOCTYPE or entity is accepted, nothing is
// fetched from the network, files are read only from the fs.FS given, and
// every loop over input is bounded (see the limits below), so a hostile
// file gets an error in bounded time and memory. The package draws
// nothing itself: backends draw the scene items it makes.
package svg

import (
	"errors"
	"fmt"
	"io/fs"

	"posterkit/render/scene"
)

// Limits, each with its reason. Artwork exported by design tools stays far
// below them (a detailed map is some 10^4 elements, nesting under 30).
const (
	// maxFileBytes bounds the document: 64 MB is an SVG with a few large
	// embedded photographs.
	maxFileBytes = 64 << 20
	// maxDepth bounds element nesting; the converter recurses per level,
	// and also through use and nested svg.
	maxDepth = 256
	// maxElements bounds the elements of the document.
	maxElements = 200000
	// maxUseExpansion bounds the elements drawn after use references are
	// expanded: a use chain that fans out (each use drawing two uses of
	// the next) grows exponentially, and is refused past this.
	maxUseExpansion = 500000
	// maxPathCommands bounds the path commands of the whole document.
	maxPathCommands = 2000000
	// maxImagePixels bounds an embedded image: 100 Mpx is a 10000 × 10000
	// photograph, 400 MB decoded.
	maxImagePixels = 100 << 20
	// maxHrefChain bounds gradient href inheritance.
	maxHrefChain = 32
	// maxCoord bounds every coordinate and length, in user units: far
	// beyond any artwork; float64 is exact far below a pixel below it.
	maxCoord = 1e7
	// maxCSSRules bounds the rules of the style sheets.
	maxCSSRules = 10000
)

// ErrLimit is wrapped by the errors of documents past a limit.
var ErrLimit = errors.New("svg: document exceeds a limit")

// ErrUnsafe is wrapped by the errors of documents the importer refuses for
// safety: a DOCTYPE or entity, or a reference outside the folder.
var ErrUnsafe = errors.New("svg: unsafe document")

// Options tell Parse where the document's files are.
type Options struct {
	// Name names the document in errors and warnings, e.g. its path.
	Name string
	// Files is the folder images are read from (the template folder);
	// nil: only data: URIs. Paths are relative to its root, and must stay
	// inside it (fs.FS paths cannot leave it; an os.Root-backed FS also
	// refuses symlinks that do).
	Files fs.FS
	// Dir is the document's folder inside Files, that relative hrefs are
	// resolved against; "" or "." for the root.
	Dir string
}

// Drawing is an imported document.
type Drawing struct {
	// Width, Height is the document's size in CSS px (user units of the
	// outermost svg element, 96 per inch).
	Width, Height float64
	// Items are the document's items in CSS px, y down, origin at its
	// top-left corner, the viewBox transform applied and clipped to the
	// document's box.
	Items []scene.Item
	// Frames are the text frames the document marks, not drawn (see
	// Frame), in document order.
	Frames []Frame
}

// Place returns a group drawing d into box (in the scene's units), its
// aspect kept and centred, as preserveAspectRatio's default xMidYMid
// meet does.
func (d *Drawing) Place(box scene.Rect) *scene.Group {
	s := min(box.W/d.Width, box.H/d.Height)
	tx := box.X + (box.W-d.Width*s)/2
	ty := box.Y + (box.H-d.Height*s)/2
	return &scene.Group{Items: d.Items, Transform: scene.Matrix{A: s, D: s, E: tx, F: ty}, Opacity: 1}
}

// Warning reports something in the document that is not drawn.
type Warning struct {
	Line    int    // 1-based line of the element
	Element string // the element's name
	Message string
}

func (w Warning) String() string {
	return fmt.Sprintf("line %d: <%s>: %s", w.Line, w.Element, w.Message)
}

// PxToPt is one CSS px (a user unit of the outermost svg) in points:
// 96 px and 72 pt are an inch.
const PxToPt = 72.0 / 96

// Scene returns a page of the drawing's size, in points, with the drawing
// on it: drawn at 96 DPI, one pixel per user unit.
func (d *Drawing) Scene(title string) *scene.Scene {
	w, h := d.Width*PxToPt, d.Height*PxToPt
	page := scene.Rect{W: w, H: h}
	return &scene.Scene{Width: w, Height: h, Trim: page, Bleed: page, Title: title,
		Items: []scene.Item{d.Place(page)}}
}
