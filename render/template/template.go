// Package template reads posterkit templates: a folder with layout.yaml
// (page, bleed, artwork, styles, text frames) and strings/<lang>.yaml. It
// checks everything it reads and reports errors by file, line and field. It
// is the input model, in the template's own units (millimetres from the
// trim box's top-left corner, sizes in points): turning a template into a
// scene is the layout step's business (render/layout), and finding bundled
// templates is package layouts'.
package template

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"posterkit/fonts"
	"posterkit/render/geom"
)

// Template is a loaded template. Lengths are millimetres from the trim
// box's top-left corner, y down; sizes are points.
type Template struct {
	Name      string // the folder's base name
	Title     string
	Width     float64 // trim width, mm
	Height    float64 // trim height, mm
	Bleed     float64 // mm
	Languages []string
	Source    string
	Styles    map[string]*Style
	Artwork   []*Shape
	Frames    []*Frame

	fsys fs.FS  // the layout folder
	dir  string // its path, for messages
}

// Style is a named text style.
type Style struct {
	Name             string
	Role             fonts.Role
	Weight           fonts.Weight
	MinSize, MaxSize float64 // pt; copy-fit chooses between them
	Leading          float64 // line height as a multiple of the size; 1.2 when the file gives none
	Color            Color
	LetterSpacing    float64 // em between clusters; 0 (the default) adds none
	Hyphenate        bool    // break inside words (en, fr, es, ru); off unless the style asks
	Balance          bool    // even lines, the last included (headlines); off unless the style asks
}

// Color is a colour as the template gives it: sRGB (#RRGGBB), process
// CMYK (cmyk(c, m, y, k) in percent) or a spot colour with its CMYK
// alternate (spot("PANTONE 2935 C", cmyk(100, 46, 0, 0))). The zero value
// is sRGB black.
type Color struct {
	Space      Space
	R, G, B    uint8   // sRGB
	C, M, Y, K float64 // 0..1: CMYK, or a spot colour's alternate
	Spot       string  // a spot colour's name
}

// Space is the kind of a Color.
type Space uint8

const (
	SRGB Space = iota
	CMYK
	Spot
)

// Shape is one artwork item: a filled path, or an image.
type Shape struct {
	Path    *geom.Path // mm; nil for an image
	Fill    Color      // of the path
	Opacity float64    // 0..1, of the path or image; 1 when the file gives none
	Image   *Image     // nil for a path
	Line    int        // in layout.yaml
}

// Image is an artwork image as read from its file.
type Image struct {
	Box    geom.Rect // mm
	Format string    // "png" or "jpeg"
	Data   []byte    // the file, so a PDF can pass JPEG through
	Name   string    // the path the template gives
}

// Frame is a text frame.
type Frame struct {
	ID       string
	Box      geom.Rect // mm
	Style    *Style
	Align    Align
	VAlign   VAlign
	MaxLines int // 0: as many lines as the box height allows
	Line     int // in layout.yaml
}

// LayoutFile is the name of a layout's main file.
const LayoutFile = "layout.yaml"

// maxFileSize bounds the YAML files read; the bundled ones are a few KB.
const maxFileSize = 8 << 20

// Bounds on a layout after YAML aliases expand: an alias costs a few bytes
// of the file but a whole item of work (an image drawn, a path filled), so
// the file size alone does not bound the poster.
const (
	// maxArtwork bounds artwork items: a poster has tens (the bundled one
	// 19); 1,000 leaves room for generated artwork.
	maxArtwork = 1000
	// maxArtworkSegments bounds path segments over all artwork: the bundled
	// poster has 278 and a traced logo a few thousand. It is one path
	// at the per-path bound (maxPathCommands) made of arcs, which become up
	// to four cubics each; a path aliased many times does not fit.
	maxArtworkSegments = 4 * maxPathCommands
	// maxFrames bounds text frames: a poster has a handful, each laid out
	// and copy-fitted in every language.
	maxFrames = 200
	// maxLanguages bounds the language list: the UN has six, a large
	// campaign a few dozen.
	maxLanguages = 200
)

// Geometry below these is a unit mistake (inches or metres written as
// millimetres, pixels as points), never a poster.
const (
	// minPageSide: the smallest printed pieces posterkit makes sense for
	// (badges, stickers) are a few centimetres a side; 10 mm still holds a
	// line of 1 pt text inside the default 3 mm bleed.
	minPageSide = 10 // mm
	// minFontSize: 1 pt (0.35 mm) is already below what presses hold and
	// eyes read (legal small print is 6 pt); smaller sizes are mistakes.
	minFontSize = 1 // pt
)

// reservedLangs are words the command line gives a meaning of its own in
// place of a language: "blank" (the poster without text, layout.Blank)
// and "all" (every language, batch.Langs). A template language of that
// name could never be asked for.
var reservedLangs = []string{"blank", "all"}

// Load reads the layout whose folder is fsys; dir is that folder's path as
// the user knows it, for messages, and its base name is the layout's name.
// Images named in the artwork are looked up in the layout folder, then in
// assets (which may be nil).
func Load(fsys fs.FS, dir string, assets fs.FS) (*Template, error) {
	sub := fsys
	// The name is the folder's own name, even when dir is "." or "..".
	name := dir
	if abs, err := filepath.Abs(dir); err == nil {
		name = abs
	}
	t := &Template{Name: filepath.Base(name), fsys: sub, dir: dir}
	file := path.Join(dir, LayoutFile)
	data, err := readLimited(sub, LayoutFile, maxFileSize)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such template (missing %s)", dir, LayoutFile)
		}
		return nil, &Error{File: file, Msg: fileProblem(err)}
	}
	d := &decoder{file: file}
	root, err := d.parse(data)
	if err != nil {
		return nil, err
	}
	if len(root.Content) == 0 {
		return nil, &Error{File: file, Msg: "empty file"}
	}
	l := &loader{decoder: d, t: t, assets: assets, images: map[string]*imageFile{}}
	l.layout(root.Content[0])
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return t, nil
}

// Dir is the template's folder as given to Load.
func (t *Template) Dir() string { return t.dir }

// isoA gives ISO 216 A-series sizes in mm, portrait.
var isoA = map[string][2]float64{
	"A0": {841, 1189}, "A1": {594, 841}, "A2": {420, 594}, "A3": {297, 420},
	"A4": {210, 297}, "A5": {148, 210}, "A6": {105, 148},
}

var sizeWxH = regexp.MustCompile(`^\s*([0-9]+(?:\.[0-9]+)?)\s*[x×]\s*([0-9]+(?:\.[0-9]+)?)\s*(?:mm)?\s*$`)

// loader holds what one Load shares across items: image files are read,
// checked and decoded once per name however often the artwork draws them.
type loader struct {
	*decoder
	t            *Template
	assets       fs.FS
	images       map[string]*imageFile // by the name the template gives
	imageBytes   int64                 // of all image files read
	pathSegments int                   // over all artwork so far
}

func (l *loader) layout(n *yaml.Node) {
	d, t := l.decoder, l.t
	top := d.mapping(n, "", "title", "page", "languages", "source", "styles", "artwork", "frames")
	if v, ok := top["title"]; ok {
		t.Title = d.str(v, "title")
	}
	if pg := d.required(top, n, "", "page"); pg != nil {
		d.page(t, pg)
	}
	if v := d.required(top, n, "", "languages"); v != nil {
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			d.errf(v, "languages", "expected a list of language codes")
		} else if len(v.Content) > maxLanguages {
			d.errf(v, "languages", "%d languages, more than %d", len(v.Content), maxLanguages)
		} else {
			for i, c := range v.Content {
				field := fmt.Sprintf("languages[%d]", i)
				code := d.str(c, field)
				switch {
				case !validLang(code):
					d.errf(c, field, "%q is not a BCP 47 language code", code)
				case slices.Contains(reservedLangs, code):
					d.errf(c, field, "%q is a word of the command line (%s), not a language", code, strings.Join(reservedLangs, ", "))
				case slices.Contains(t.Languages, code):
					d.errf(c, field, "%s is listed twice", code)
				default:
					l.stringsFile(c, field, code, "no strings/%s.yaml for %s", code, code)
				}
				t.Languages = append(t.Languages, code)
			}
		}
	}
	t.Source = "en"
	if v, ok := top["source"]; ok {
		t.Source = d.str(v, "source")
		if slices.Contains(reservedLangs, t.Source) {
			d.errf(v, "source", "%q is a word of the command line (%s), not a language", t.Source, strings.Join(reservedLangs, ", "))
		} else {
			l.stringsFile(v, "source", t.Source, "no strings/%s.yaml: translators work from the source language's text", t.Source)
		}
	}
	t.Styles = map[string]*Style{}
	if v := d.required(top, n, "", "styles"); v != nil {
		m := d.mapping(v, "styles")
		names := make([]string, 0, len(m))
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, name := range names {
			t.Styles[name] = d.style(name, m[name])
		}
	}
	if v, ok := top["artwork"]; ok {
		switch {
		case v.Kind != yaml.SequenceNode:
			d.errf(v, "artwork", "expected a list")
		case len(v.Content) > maxArtwork:
			d.errf(v, "artwork", "%d items (aliases counted as often as they are used), more than %d", len(v.Content), maxArtwork)
		default:
			for i, c := range v.Content {
				s := l.shape(c, fmt.Sprintf("artwork[%d]", i))
				if s == nil {
					continue
				}
				t.Artwork = append(t.Artwork, s)
				if s.Path != nil {
					l.pathSegments += len(s.Path.Segments)
					if l.pathSegments > maxArtworkSegments {
						d.errf(c, fmt.Sprintf("artwork[%d]", i), "the artwork has more than %d path segments (aliases counted as often as they are used)", maxArtworkSegments)
						break
					}
				}
			}
		}
	}
	if v := d.required(top, n, "", "frames"); v != nil {
		if v.Kind != yaml.SequenceNode {
			d.errf(v, "frames", "expected a list")
			return
		}
		if len(v.Content) > maxFrames {
			d.errf(v, "frames", "%d frames, more than %d", len(v.Content), maxFrames)
			return
		}
		seen := map[string]bool{}
		for i, c := range v.Content {
			f := d.frame(t, c, fmt.Sprintf("frames[%d]", i))
			if f == nil {
				continue
			}
			if seen[f.ID] {
				d.errf(c, fmt.Sprintf("frames[%d].id", i), "duplicate frame id %q", f.ID)
			}
			seen[f.ID] = true
			t.Frames = append(t.Frames, f)
		}
	}
}

var langCode = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

func validLang(s string) bool { return langCode.MatchString(s) }

// stringsFile checks that strings/<code>.yaml is there and is a file that
// LoadStrings will read; missing is reported with format and args.
func (l *loader) stringsFile(n *yaml.Node, field, code, format string, args ...any) {
	name := "strings/" + code + ".yaml"
	err := statFile(l.t.fsys, name)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		l.errf(n, field, format, args...)
	default:
		l.errf(n, field, "%s: %s", path.Join(l.t.dir, name), fileProblem(err))
	}
}

// ValidLang reports whether s looks like a BCP 47 language tag.
func ValidLang(s string) bool { return validLang(s) }

func (d *decoder) page(t *Template, n *yaml.Node) {
	m := d.mapping(n, "page", "size", "orientation", "bleed")
	t.Bleed = 3
	if v, ok := m["bleed"]; ok {
		t.Bleed = d.num(v, "page.bleed")
		if t.Bleed < 0 || t.Bleed > 50 {
			d.errf(v, "page.bleed", "must be between 0 and 50 mm")
		}
	}
	v := d.required(m, n, "page", "size")
	if v == nil {
		return
	}
	s := d.str(v, "page.size")
	if a, ok := isoA[strings.ToUpper(s)]; ok {
		t.Width, t.Height = a[0], a[1]
	} else if mm := sizeWxH.FindStringSubmatch(s); mm != nil {
		t.Width, _ = strconv.ParseFloat(mm[1], 64)
		t.Height, _ = strconv.ParseFloat(mm[2], 64)
		// PDF pages are at most 14,400 units (200 in, 5080 mm) a side,
		// bleed included (ISO 32000-1 annex C).
		if t.Width+2*t.Bleed > 5080 || t.Height+2*t.Bleed > 5080 {
			d.errf(v, "page.size", "width and height with the bleed must be between 0 and 5080 mm (the largest PDF page)")
		} else if t.Width < minPageSide || t.Height < minPageSide {
			d.errf(v, "page.size", "%gx%g mm: a page must be at least %d mm a side", t.Width, t.Height, minPageSide)
		}
	} else {
		d.errf(v, "page.size", "%q is neither an ISO A size (A0–A6) nor WIDTHxHEIGHT in mm", s)
	}
	if o, ok := m["orientation"]; ok {
		switch d.str(o, "page.orientation") {
		case "portrait":
			if t.Width > t.Height {
				t.Width, t.Height = t.Height, t.Width
			}
		case "landscape":
			if t.Width < t.Height {
				t.Width, t.Height = t.Height, t.Width
			}
		default:
			d.errf(o, "page.orientation", "want portrait or landscape, found %q", o.Value)
		}
	}
}

var (
	hexColor  = regexp.MustCompile(`^#([0-9a-fA-F]{6})$`)
	cmykColor = regexp.MustCompile(`^cmyk\(\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*\)$`)
	spotColor = regexp.MustCompile(`^spot\(\s*"([^"]{1,63})"\s*,\s*(cmyk\([^)]*\))\s*\)$`)
)

// color reads #RRGGBB (sRGB), cmyk(c, m, y, k) in percent, or
// spot("NAME", cmyk(c, m, y, k)): a spot colour with its CMYK alternate.
func (d *decoder) color(n *yaml.Node, field string) Color {
	s := strings.TrimSpace(d.str(n, field))
	if m := hexColor.FindStringSubmatch(s); m != nil {
		v, _ := strconv.ParseUint(m[1], 16, 32)
		return Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}
	}
	if m := spotColor.FindStringSubmatch(s); m != nil {
		c, ok := d.cmyk(n, field, m[2])
		if !ok {
			return Color{}
		}
		name := m[1]
		// "All" and "None" are the PDF's reserved colorant names
		// (ISO 32000-1 8.6.6.4): the registration colour and no ink.
		if name == "All" || name == "None" {
			d.errf(n, field, "%q is reserved for printer's marks: name the spot colour as the ink maker does, e.g. \"PANTONE 2935 C\"", name)
			return Color{}
		}
		c.Space, c.Spot = Spot, name
		return c
	}
	if strings.HasPrefix(s, "cmyk(") {
		c, _ := d.cmyk(n, field, s)
		return c
	}
	hint := ""
	if s == "" {
		// fill: #ffffff reads as an empty value and a comment.
		hint = ` (an unquoted "#" starts a YAML comment: write "#RRGGBB" in quotes)`
	}
	d.errf(n, field, `expected a colour #RRGGBB, cmyk(c, m, y, k) in percent or spot("NAME", cmyk(...)), found %q%s`, s, hint)
	return Color{}
}

// cmyk reads cmyk(c, m, y, k), each 0 to 100 %.
func (d *decoder) cmyk(n *yaml.Node, field, s string) (Color, bool) {
	m := cmykColor.FindStringSubmatch(s)
	if m == nil {
		d.errf(n, field, "expected cmyk(c, m, y, k) with four percentages, found %q", s)
		return Color{}, false
	}
	c := Color{Space: CMYK}
	for i, p := range []*float64{&c.C, &c.M, &c.Y, &c.K} {
		v, err := strconv.ParseFloat(m[i+1], 64)
		if err != nil || v < 0 || v > 100 {
			d.errf(n, field, "cmyk(...) values are percentages, 0 to 100: found %q", m[i+1])
			return Color{}, false
		}
		*p = v / 100
	}
	return c, true
}

func (d *decoder) opacity(m map[string]*yaml.Node, field string) float64 {
	v, ok := m["opacity"]
	if !ok {
		return 1
	}
	o := d.num(v, join(field, "opacity"))
	if o < 0 || o > 1 {
		d.errf(v, join(field, "opacity"), "must be between 0 and 1")
	}
	return o
}

var weights = map[string]fonts.Weight{"regular": fonts.Regular, "bold": fonts.Bold, "black": fonts.Black}

func (d *decoder) style(name string, n *yaml.Node) *Style {
	field := "styles." + name
	m := d.mapping(n, field, "font", "weight", "size", "leading", "color", "letter_spacing", "hyphenate", "balance")
	s := &Style{Name: name, Weight: fonts.Regular, Leading: 1.2}
	if v, ok := m["font"]; ok {
		switch d.str(v, field+".font") {
		case "display":
			s.Role = fonts.Display
		case "text":
			s.Role = fonts.Text
		default:
			d.errf(v, field+".font", "want display or text, found %q", v.Value)
		}
	}
	if v, ok := m["weight"]; ok {
		w, ok := weights[d.str(v, field+".weight")]
		if !ok {
			d.errf(v, field+".weight", "want regular, bold or black, found %q", v.Value)
		}
		s.Weight = w
	}
	if v := d.required(m, n, field, "size"); v != nil {
		sm := d.mapping(v, field+".size", "min", "max")
		if mn := d.required(sm, v, field+".size", "min"); mn != nil {
			s.MinSize = d.fontSize(mn, field+".size.min")
		}
		if mx := d.required(sm, v, field+".size", "max"); mx != nil {
			s.MaxSize = d.fontSize(mx, field+".size.max")
			if s.MaxSize < s.MinSize {
				d.errf(mx, field+".size.max", "%g is less than min %g", s.MaxSize, s.MinSize)
			}
		}
	}
	if v, ok := m["leading"]; ok {
		s.Leading = d.positive(v, field+".leading")
	}
	if v, ok := m["color"]; ok {
		s.Color = d.color(v, field+".color")
	}
	if v, ok := m["letter_spacing"]; ok {
		s.LetterSpacing = d.num(v, field+".letter_spacing")
		if math.Abs(s.LetterSpacing) > 1 {
			d.errf(v, field+".letter_spacing", "must be between -1 and 1 em")
		}
	}
	for _, f := range []struct {
		key string
		dst *bool
	}{{"hyphenate", &s.Hyphenate}, {"balance", &s.Balance}} {
		key, dst := f.key, f.dst
		if v, ok := m[key]; ok {
			if b := d.str(v, field+"."+key); b == "true" || b == "false" {
				*dst = b == "true"
			} else {
				d.errf(v, field+"."+key, "want true or false, found %q", v.Value)
			}
		}
	}
	return s
}

func (d *decoder) fontSize(n *yaml.Node, field string) float64 {
	before := len(d.errs)
	v := d.positive(n, field)
	if len(d.errs) == before && v < minFontSize {
		d.errf(n, field, "%g pt is below the smallest size, %d pt", v, minFontSize)
	}
	return v
}

// box reads {x, y, w, h}.
func (d *decoder) box(n *yaml.Node, field string) (x, y, w, h float64) {
	m := d.mapping(n, field, "x", "y", "w", "h")
	get := func(k string) float64 {
		if v := d.required(m, n, field, k); v != nil {
			return d.num(v, field+"."+k)
		}
		return 0
	}
	x, y, w, h = get("x"), get("y"), get("w"), get("h")
	if w <= 0 || h <= 0 {
		d.errf(n, field, "width and height must be greater than 0")
	}
	return
}

func (l *loader) shape(n *yaml.Node, field string) *Shape {
	d := l.decoder
	m := d.mapping(n, field, "rect", "circle", "ellipse", "path", "image", "box", "fill", "opacity")
	kinds := 0
	for _, k := range []string{"rect", "circle", "ellipse", "path", "image"} {
		if _, ok := m[k]; ok {
			kinds++
		}
	}
	if kinds != 1 {
		d.errf(n, field, "needs exactly one of rect, circle, ellipse, path, image")
		return nil
	}
	op := d.opacity(m, field)
	if v, ok := m["image"]; ok {
		return l.image(n, v, m, field, op)
	}
	s := &Shape{Line: n.Line, Opacity: op}
	if v := d.required(m, n, field, "fill"); v != nil {
		s.Fill = d.color(v, field+".fill")
	}
	var p geom.Path
	switch {
	case m["rect"] != nil:
		x, y, w, h := d.box(m["rect"], field+".rect")
		p = geom.Rectangle(geom.Rect{X: x, Y: y, W: w, H: h})
	case m["circle"] != nil:
		v := m["circle"]
		cm := d.mapping(v, field+".circle", "cx", "cy", "r")
		var c [3]float64
		for i, k := range []string{"cx", "cy", "r"} {
			if x := d.required(cm, v, field+".circle", k); x != nil {
				c[i] = d.num(x, field+".circle."+k)
			}
		}
		if c[2] <= 0 {
			d.errf(v, field+".circle.r", "must be greater than 0")
		}
		p = geom.Ellipse(c[0], c[1], c[2], c[2])
	case m["ellipse"] != nil:
		v := m["ellipse"]
		em := d.mapping(v, field+".ellipse", "cx", "cy", "rx", "ry")
		var c [4]float64
		for i, k := range []string{"cx", "cy", "rx", "ry"} {
			if x := d.required(em, v, field+".ellipse", k); x != nil {
				c[i] = d.num(x, field+".ellipse."+k)
			}
		}
		if c[2] <= 0 || c[3] <= 0 {
			d.errf(v, field+".ellipse", "rx and ry must be greater than 0")
		}
		p = geom.Ellipse(c[0], c[1], c[2], c[3])
	case m["path"] != nil:
		var err error
		if p, err = parsePathData(d.str(m["path"], field+".path")); err != nil {
			d.errf(m["path"], field+".path", "%v", err)
			return nil
		}
	}
	s.Path = &p
	return s
}

func (l *loader) image(n, v *yaml.Node, m map[string]*yaml.Node, field string, op float64) *Shape {
	d := l.decoder
	name := d.str(v, field+".image")
	bv := d.required(m, n, field, "box")
	if resolve(v).Kind == yaml.ScalarNode && name == "" {
		d.errf(v, field+".image", "must name an image file")
		return nil
	}
	if bv == nil || name == "" {
		return nil
	}
	x, y, w, h := d.box(bv, field+".box")
	f := l.imageFile(name)
	if f.err != "" {
		d.errf(v, field+".image", "%s", f.err)
		return nil
	}
	// Every shape drawing this file shares its Data, so a backend can tell
	// it is the same image (the PDF embeds it once).
	return &Shape{Line: n.Line, Opacity: op, Image: &Image{
		Box: geom.Rect{X: x, Y: y, W: w, H: h}, Format: f.format, Data: f.data, Name: name,
	}}
}

func (d *decoder) frame(t *Template, n *yaml.Node, field string) *Frame {
	m := d.mapping(n, field, "id", "box", "style", "align", "valign", "max_lines")
	f := &Frame{Line: n.Line}
	if v := d.required(m, n, field, "id"); v != nil {
		f.ID = d.str(v, field+".id")
		if f.ID == "" {
			d.errf(v, field+".id", "must not be empty")
		}
	}
	if v := d.required(m, n, field, "box"); v != nil {
		before := len(d.errs)
		f.Box.X, f.Box.Y, f.Box.W, f.Box.H = d.box(v, field+".box")
		// Text outside the trim box is cut off or lost in the bleed: a frame
		// must lie inside it, edges touching allowed. (A page that failed
		// to read has no size to check against.)
		const eps = 1e-9 // mm; sums of decimal fractions
		b := f.Box
		if len(d.errs) == before && t.Width > 0 && t.Height > 0 &&
			(b.X < -eps || b.Y < -eps || b.X+b.W > t.Width+eps || b.Y+b.H > t.Height+eps) {
			d.errf(v, field+".box", "x %g..%g, y %g..%g mm is not inside the trim box (0..%g, 0..%g mm)", b.X, b.X+b.W, b.Y, b.Y+b.H, t.Width, t.Height)
		}
	}
	if v := d.required(m, n, field, "style"); v != nil {
		name := d.str(v, field+".style")
		f.Style = t.Styles[name]
		if f.Style == nil {
			d.errf(v, field+".style", "no style named %q", name)
		}
	}
	if v, ok := m["align"]; ok {
		a, err := parseAlign(d.str(v, field+".align"))
		if err != nil {
			d.errf(v, field+".align", "%v", err)
		}
		f.Align = a
	}
	if v, ok := m["valign"]; ok {
		a, err := parseVAlign(d.str(v, field+".valign"))
		if err != nil {
			d.errf(v, field+".valign", "%v", err)
		}
		f.VAlign = a
	}
	if v, ok := m["max_lines"]; ok {
		k := d.num(v, field+".max_lines")
		if k < 0 || k != math.Trunc(k) {
			d.errf(v, field+".max_lines", "must be a whole number ≥ 0")
		}
		f.MaxLines = int(k)
	}
	return f
}
