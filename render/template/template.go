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
	Frames    []*Frame // in the file's order, the order reports follow
	// PxPerInch is the size of the template's px unit (96 unless the
	// template sets px_per_inch); lengths are already in mm.
	PxPerInch float64

	fillOrder []*Frame // Frames, each after the frame it is stacked below
	fsys      fs.FS    // the layout folder
	dir       string   // its path, for messages
}

// FillOrder returns the frames in an order in which each comes after the
// frame it is stacked below (Frame.Below), so that frame's text is set
// first; frames that stack on none keep the file's order.
func (t *Template) FillOrder() []*Frame { return t.fillOrder }

// Style is a named text style.
type Style struct {
	Name             string
	Role             fonts.Role
	Weight           fonts.Weight
	MinSize, MaxSize float64 // pt; copy-fit chooses between them
	Leading          float64 // line height as a multiple of the size; 1.2 when the file gives none
	Color            Color
	LetterSpacing    float64 // em between clusters; 0 (the default) adds none
	// The space between paragraphs is ParagraphSpacingEm × the size chosen
	// plus ParagraphSpacingPt points (paragraph_spacing: 0.5em, or 6pt,
	// or a length in any unit); none by default.
	ParagraphSpacingEm, ParagraphSpacingPt float64
	// Family is a font family of the bundled set (family:) and FontFile a
	// font of the template's folder (font_file:), tried before the
	// bundled chain for this style; nil and "" when the file names none.
	Family   string
	FontFile *fonts.Font
	// Align, when not nil, replaces the frame's alignment: only a
	// by_language or by_script override sets it.
	Align *Align
	// Hyphenate breaks inside words (en, fr, es, ru); Balance evens out the
	// lines, the last included (headlines). Both off unless the style asks.
	Hyphenate, Balance bool

	// Overrides per language (BCP 47 tag, matched by prefix: zh matches
	// zh-Hant) and per script (ISO 15924 code of the text's dominant
	// script: Arab, Hani, Cyrl, Latn…); see For.
	byLanguage map[string]*override
	byScript   map[string]*override
}

// override is a by_language or by_script entry: the fields it sets.
type override struct {
	set   map[string]bool // the YAML keys given
	style Style           // their values (the others are the base's)
}

// Overrides lists the languages and scripts s has overrides for, sorted.
func (s *Style) Overrides() (langs, scripts []string) {
	for k := range s.byLanguage {
		langs = append(langs, k)
	}
	for k := range s.byScript {
		scripts = append(scripts, k)
	}
	sort.Strings(langs)
	sort.Strings(scripts)
	return langs, scripts
}

// For returns the style as it applies to text in language lang whose
// dominant script is script (an ISO 15924 code, any case): the base style,
// then the by_script entry for script, then the by_language entry with
// the longest tag that is lang or a prefix of it (zh for zh-Hant-TW), each
// replacing only the fields it gives. It returns s itself when no entry
// applies.
func (s *Style) For(lang, script string) *Style {
	var apply []*override
	for k, o := range s.byScript {
		if strings.EqualFold(k, script) {
			apply = append(apply, o)
			break
		}
	}
	best := ""
	l := strings.ToLower(lang)
	for k := range s.byLanguage {
		kl := strings.ToLower(k)
		if (l == kl || strings.HasPrefix(l, kl+"-")) && len(k) > len(best) {
			best = k
		}
	}
	if best != "" {
		apply = append(apply, s.byLanguage[best])
	}
	if len(apply) == 0 {
		return s
	}
	out := *s
	for _, o := range apply {
		o.applyTo(&out)
	}
	return &out
}

func (o *override) applyTo(s *Style) {
	v := &o.style
	if o.set["font"] {
		s.Role = v.Role
	}
	if o.set["weight"] {
		s.Weight = v.Weight
	}
	if o.set["size"] {
		s.MinSize, s.MaxSize = v.MinSize, v.MaxSize
	}
	if o.set["leading"] {
		s.Leading = v.Leading
	}
	if o.set["color"] {
		s.Color = v.Color
	}
	if o.set["letter_spacing"] {
		s.LetterSpacing = v.LetterSpacing
	}
	if o.set["paragraph_spacing"] {
		s.ParagraphSpacingEm, s.ParagraphSpacingPt = v.ParagraphSpacingEm, v.ParagraphSpacingPt
	}
	if o.set["family"] {
		s.Family = v.Family
	}
	if o.set["font_file"] {
		s.FontFile = v.FontFile
	}
	if o.set["align"] {
		s.Align = v.Align
	}
	if o.set["hyphenate"] {
		s.Hyphenate = v.Hyphenate
	}
	if o.set["balance"] {
		s.Balance = v.Balance
	}
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

// Shape is one artwork item: a filled path, an image, or an SVG drawing.
type Shape struct {
	Path    *geom.Path // mm; nil for an image or a drawing
	Fill    Color      // of the path
	Opacity float64    // 0..1, of the path, image or drawing (as a whole); 1 when the file gives none
	Image   *Image     // nil for a path or a drawing
	SVG     *SVG       // nil for a path or an image
	Line    int        // in layout.yaml
}

// Image is an artwork image as read from its file.
type Image struct {
	Box    geom.Rect // mm
	Format string    // "png" or "jpeg"
	Data   []byte    // the file, so a PDF can pass JPEG through
	Name   string    // the path the template gives
	Alt    string    // alt: what the image shows, for tagged PDF
}

// Frame is a text frame.
type Frame struct {
	ID string
	// Box is the frame's box in mm. A stacked frame (Below set) has it
	// where it is when every frame above fills its own box: the lowest
	// its top can be and, with To, its smallest height. The layout step
	// moves it up to Gap below the text each language sets (see Below).
	Box geom.Rect
	// Below is the frame this one is stacked under (y: {below: ID, gap:
	// G}), nil for a fixed y: its top is Gap mm below the bottom of the
	// text set in Below, in each language.
	Below *Frame
	Gap   float64 // mm
	// To is the fixed bottom edge in mm (h: {to: N}): the frame's height
	// is what is left above it. 0: the height is Box.H.
	To       float64
	Mirror   bool // placed at page width − x − w in right-to-left languages
	Style    *Style
	Align    Align
	VAlign   VAlign
	MaxLines int    // 0: as many lines as the box height allows
	Role     string // role: "h1", "h2" or "p" in tagged PDF; "" lets layout choose
	Line     int    // in layout.yaml

	belowID   string
	belowNode *yaml.Node
	field     string
	boxless   bool       // no box: the one an SVG drawing marks
	node      *yaml.Node // the frame's entry
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
// Images and SVG files named in the artwork are looked up in the layout
// folder, then in opt.Assets; SVG files are read with opt.SVG.
func Load(fsys fs.FS, dir string, opt Options) (*Template, error) {
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
	d.tmpl = t
	l := &loader{decoder: d, t: t, opts: opt, images: map[string]*imageFile{}, svgs: map[string]*svgFile{}, svgFrames: map[string]*svgFrame{}}
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

// sizeWxH is WIDTHxHEIGHT, each with an optional unit ("850x2000mm",
// "1080x1080px", "12cm x 3in"); a unit written once, after the height,
// applies to both.
var sizeWxH = regexp.MustCompile(`^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*[x×]\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*$`)

// loader holds what one Load shares across items: image files are read,
// checked and decoded once per name however often the artwork draws them.
type loader struct {
	*decoder
	t            *Template
	opts         Options
	images       map[string]*imageFile  // by the name the template gives
	svgs         map[string]*svgFile    // by the name the template gives
	svgFrames    map[string]*svgFrame   // the frames the drawings mark, by id
	imageBytes   int64                  // of all image files read
	pathSegments int                    // over all artwork so far
	fontFiles    map[string]*fonts.Font // by the name the template gives
}

func (l *loader) layout(n *yaml.Node) {
	d, t := l.decoder, l.t
	top := d.mapping(n, "", "title", "units", "px_per_inch", "mirror", "page", "languages", "source", "styles", "artwork", "frames")
	d.unitsOf(top)
	t.PxPerInch = d.units.pxPerInch
	if t.PxPerInch == 0 {
		t.PxPerInch = defaultPxPerInch
	}
	mirror := false
	if v, ok := top["mirror"]; ok {
		mirror = d.mirror(v, "mirror")
	}
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
			t.Styles[name] = l.style(name, m[name])
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
			f := d.frame(t, c, fmt.Sprintf("frames[%d]", i), mirror)
			if f == nil {
				continue
			}
			if seen[f.ID] {
				d.errf(c, fmt.Sprintf("frames[%d].id", i), "duplicate frame id %q", f.ID)
			}
			seen[f.ID] = true
			t.Frames = append(t.Frames, f)
		}
		l.drawingFrames(t, seen)
		d.stack(t)
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
		t.Bleed = d.length(v, "page.bleed")
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
		wu, hu := mm[2], mm[4]
		if wu == "" {
			wu = hu
		}
		w, _, okW := d.units.parseLength(mm[1] + wu)
		h, _, okH := d.units.parseLength(mm[3] + hu)
		if !okW || !okH {
			d.errf(v, "page.size", "unknown unit in %q (units: %s)", s, unitNames)
			return
		}
		t.Width, t.Height = w, h
		// PDF pages are at most 14,400 units (200 in, 5080 mm) a side,
		// bleed included (ISO 32000-1 annex C).
		if t.Width+2*t.Bleed > 5080 || t.Height+2*t.Bleed > 5080 {
			d.errf(v, "page.size", "width and height with the bleed must be between 0 and 5080 mm (the largest PDF page)")
		} else if t.Width < minPageSide || t.Height < minPageSide {
			d.errf(v, "page.size", "%gx%g mm: a page must be at least %d mm a side", t.Width, t.Height, minPageSide)
		}
	} else {
		d.errf(v, "page.size", "%q is neither an ISO A size (A0–A6) nor WIDTHxHEIGHT (in mm, or with a unit: \"850x2000mm\", \"1080x1080px\")", s)
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

// styleKeys are the fields of a style; overrides take the same but size
// is optional there, and only they take align.
var styleKeys = []string{"font", "family", "font_file", "weight", "size", "leading", "color", "letter_spacing", "paragraph_spacing", "hyphenate", "balance"}

// maxOverrides bounds a style's by_language and by_script entries: a
// campaign has a few dozen languages.
const maxOverrides = 200

func (l *loader) style(name string, n *yaml.Node) *Style {
	d := l.decoder
	field := "styles." + name
	m := d.mapping(n, field, append(styleKeys, "by_language", "by_script")...)
	s := &Style{Name: name, Weight: fonts.Regular, Leading: 1.2}
	d.required(m, n, field, "size")
	l.styleFields(s, m, field)
	if v, ok := m["by_language"]; ok {
		s.byLanguage = l.overrides(s, v, field+".by_language", func(k string) string {
			if !validLang(k) {
				return fmt.Sprintf("%q is not a BCP 47 language code", k)
			}
			return ""
		})
	}
	if v, ok := m["by_script"]; ok {
		s.byScript = l.overrides(s, v, field+".by_script", func(k string) string {
			if !scriptCode.MatchString(k) {
				return fmt.Sprintf("%q is not an ISO 15924 script code (four letters: Arab, Hani, Cyrl, Latn, Hebr, Deva…)", k)
			}
			return ""
		})
	}
	return s
}

var scriptCode = regexp.MustCompile(`^[A-Z][a-z]{3}$`)

// overrides reads a style's by_language or by_script mapping; bad says
// what is wrong with a key, or "".
func (l *loader) overrides(base *Style, n *yaml.Node, field string, bad func(string) string) map[string]*override {
	d := l.decoder
	m := d.mapping(n, field)
	if len(m) > maxOverrides {
		d.errf(n, field, "%d entries, more than %d", len(m), maxOverrides)
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string]*override{}
	for _, k := range keys {
		v := m[k]
		f := field + "." + k
		if msg := bad(k); msg != "" {
			d.errf(v, field, "%s", msg)
			continue
		}
		om := d.mapping(v, f, append(styleKeys, "align")...)
		o := &override{set: map[string]bool{}, style: *base}
		for key := range om {
			o.set[key] = true
		}
		l.styleFields(&o.style, om, f)
		if av, ok := om["align"]; ok {
			a, err := parseAlign(d.str(av, f+".align"))
			if err != nil {
				d.errf(av, f+".align", "%v", err)
			}
			o.style.Align = &a
		}
		out[k] = o
	}
	return out
}

// styleFields reads the fields of m that it holds into s.
func (l *loader) styleFields(s *Style, m map[string]*yaml.Node, field string) {
	d := l.decoder
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
	if v, ok := m["size"]; ok {
		d.size(s, v, field+".size")
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
	if v, ok := m["paragraph_spacing"]; ok {
		s.ParagraphSpacingEm, s.ParagraphSpacingPt = d.paragraphSpacing(v, field+".paragraph_spacing")
	}
	for _, f := range []struct {
		key string
		dst *bool
	}{{"hyphenate", &s.Hyphenate}, {"balance", &s.Balance}} {
		if v, ok := m[f.key]; ok {
			if b := d.str(v, field+"."+f.key); b == "true" || b == "false" {
				*f.dst = b == "true"
			} else {
				d.errf(v, field+"."+f.key, "want true or false, found %q", v.Value)
			}
		}
	}
	if v, ok := m["family"]; ok {
		s.Family = d.str(v, field+".family")
		if fonts.Default().Family(s.Family, fonts.Regular) == nil {
			d.errf(v, field+".family", "no bundled font family %q (there are %s); a font of your own goes in font_file", s.Family, strings.Join(bundledFamilies(), ", "))
		}
	}
	if v, ok := m["font_file"]; ok {
		s.FontFile = l.fontFile(v, field+".font_file")
	}
}

// bundledFamilies names the families fonts.Default holds.
func bundledFamilies() []string {
	var out []string
	for _, f := range []string{fonts.NotoSans, fonts.NotoKufiArabic, fonts.NotoNaskhArabic, fonts.NotoSansSC, fonts.NotoSymbols2, fonts.NotoMath, fonts.NotoEmoji} {
		if fonts.Default().Family(f, fonts.Regular) != nil {
			out = append(out, fmt.Sprintf("%q", f))
		}
	}
	return out
}

// size reads size: a number (a fixed size: min = max) or {min, max}. In
// an override either bound may be given alone.
func (d *decoder) size(s *Style, v *yaml.Node, field string) {
	if r := resolve(v); r.Kind == yaml.ScalarNode {
		s.MinSize = d.fontSize(v, field)
		s.MaxSize = s.MinSize
		return
	}
	had := s.MaxSize > 0 // an override, on its base's sizes
	sm := d.mapping(v, field, "min", "max")
	if mn, ok := sm["min"]; ok {
		s.MinSize = d.fontSize(mn, field+".min")
	}
	if mx, ok := sm["max"]; ok {
		s.MaxSize = d.fontSize(mx, field+".max")
	}
	for _, k := range []string{"min", "max"} {
		if _, ok := sm[k]; !ok && !had {
			d.errf(v, field+"."+k, "missing (or write one size: size: 96)")
		}
	}
	if s.MaxSize > 0 && s.MaxSize < s.MinSize {
		at := sm["max"]
		if at == nil {
			at = sm["min"]
		}
		d.errf(at, field+".max", "%g is less than min %g", s.MaxSize, s.MinSize)
	}
}

// paragraphSpacing reads the space between paragraphs: em of the size
// ("0.5em", or a plain number) or a length ("6pt", "2mm").
func (d *decoder) paragraphSpacing(n *yaml.Node, field string) (em, pt float64) {
	r := resolve(n)
	if r.Kind == yaml.ScalarNode {
		if v, ok := strings.CutSuffix(strings.TrimSpace(r.Value), "em"); ok {
			e, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			// 10 em: more is a blank page between paragraphs.
			if err != nil || e < 0 || e > 10 {
				d.errf(n, field, "expected 0 to 10 em, found %q", r.Value)
				return 0, 0
			}
			return e, 0
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(r.Value), 64); err == nil {
			e := d.num(n, field)
			if e < 0 || e > 10 {
				d.errf(n, field, "a plain number is in em: expected 0 to 10, found %q", r.Value)
				return 0, 0
			}
			return e, 0
		}
	}
	mm := d.length(n, field)
	if mm < 0 || mm > 100 {
		d.errf(n, field, "must be between 0 and 100 mm")
		return 0, 0
	}
	return 0, mm * 72 / 25.4
}

// maxFontFile bounds a template's font file: Noto Sans SC, among the
// largest, is 17 MB.
const maxFontFile = 64 << 20

// fontFile loads a font of the template folder, once per name.
func (l *loader) fontFile(v *yaml.Node, field string) *fonts.Font {
	name := l.str(v, field)
	if name == "" {
		l.errf(v, field, "must name a font file (.ttf, .otf, .ttc) in the template folder")
		return nil
	}
	if f, ok := l.fontFiles[name]; ok {
		return f
	}
	data, err := readLimited(l.t.fsys, path.Clean(name), maxFontFile)
	if err != nil {
		l.errf(v, field, "cannot read %q: %s", name, fileProblem(err))
		return nil
	}
	f, err := fonts.Load(path.Base(name), data)
	if err != nil {
		l.errf(v, field, "%v", err)
		return nil
	}
	if l.fontFiles == nil {
		l.fontFiles = map[string]*fonts.Font{}
	}
	l.fontFiles[name] = f
	return f
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
			return d.length(v, field+"."+k)
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
	m := d.mapping(n, field, "rect", "circle", "ellipse", "path", "image", "svg", "box", "fill", "opacity", "alt")
	kinds := 0
	for _, k := range []string{"rect", "circle", "ellipse", "path", "image", "svg"} {
		if _, ok := m[k]; ok {
			kinds++
		}
	}
	if kinds != 1 {
		d.errf(n, field, "needs exactly one of rect, circle, ellipse, path, image, svg")
		return nil
	}
	op := d.opacity(m, field)
	if v, ok := m["image"]; ok {
		return l.image(n, v, m, field, op)
	}
	if v, ok := m["svg"]; ok {
		return l.svg(n, v, m, field, op)
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
				c[i] = d.length(x, field+".circle."+k)
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
				c[i] = d.length(x, field+".ellipse."+k)
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
		// Path data is in the template's units, like its plain numbers.
		if k := d.units.scale(); k != 1 {
			for i := range p.Segments {
				for j := range p.Segments[i].Pts {
					p.Segments[i].Pts[j].X *= k
					p.Segments[i].Pts[j].Y *= k
				}
			}
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
	alt := ""
	if av, ok := m["alt"]; ok {
		alt = d.str(av, field+".alt")
	}
	// Every shape drawing this file shares its Data, so a backend can tell
	// it is the same image (the PDF embeds it once).
	return &Shape{Line: n.Line, Opacity: op, Image: &Image{
		Box: geom.Rect{X: x, Y: y, W: w, H: h}, Format: f.format, Data: f.data, Name: name, Alt: alt,
	}}
}

func (d *decoder) frame(t *Template, n *yaml.Node, field string, mirror bool) *Frame {
	m := d.mapping(n, field, "id", "box", "style", "align", "valign", "max_lines", "mirror", "role")
	f := &Frame{Line: n.Line, Mirror: mirror, field: field, node: n}
	if v := d.required(m, n, field, "id"); v != nil {
		f.ID = d.str(v, field+".id")
		if f.ID == "" {
			d.errf(v, field+".id", "must not be empty")
		}
	}
	if v, ok := m["mirror"]; ok {
		f.Mirror = d.mirror(v, field+".mirror")
	}
	// Without a box, the frame is one an SVG drawing of the artwork
	// marks: drawingFrames gives it that drawing's box.
	if v, ok := m["box"]; ok {
		d.frameBox(f, v, field+".box")
	} else {
		f.boxless = true
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
	if v, ok := m["role"]; ok {
		if f.Role = d.str(v, field+".role"); f.Role != "h1" && f.Role != "h2" && f.Role != "p" {
			d.errf(v, field+".role", "must be h1, h2 or p, not %q", f.Role)
		}
	}
	return f
}

// mirror reads mirror: rtl (frames placed at page width − x − w in
// right-to-left languages) or none.
func (d *decoder) mirror(v *yaml.Node, field string) bool {
	switch d.str(v, field) {
	case "rtl":
		return true
	case "none":
		return false
	}
	d.errf(v, field, "want rtl or none, found %q", v.Value)
	return false
}

// frameBox reads a frame's box: {x, y, w, h}, where y may be {below: ID,
// gap: G} and h may be {to: BOTTOM}. The box of a stacked frame is
// completed by stack, once every frame is read.
func (d *decoder) frameBox(f *Frame, n *yaml.Node, field string) {
	m := d.mapping(n, field, "x", "y", "w", "h")
	before := len(d.errs)
	if v := d.required(m, n, field, "x"); v != nil {
		f.Box.X = d.length(v, field+".x")
	}
	if v := d.required(m, n, field, "w"); v != nil {
		f.Box.W = d.length(v, field+".w")
		if f.Box.W <= 0 && len(d.errs) == before {
			d.errf(n, field, "width and height must be greater than 0")
		}
	}
	if v := d.required(m, n, field, "y"); v != nil {
		if v.Kind == yaml.MappingNode {
			ym := d.mapping(v, field+".y", "below", "gap")
			if b := d.required(ym, v, field+".y", "below"); b != nil {
				f.belowID, f.belowNode = d.str(b, field+".y.below"), b
			}
			if g, ok := ym["gap"]; ok {
				f.Gap = d.length(g, field+".y.gap")
				if f.Gap < 0 {
					d.errf(g, field+".y.gap", "must be 0 or more")
				}
			}
		} else {
			f.Box.Y = d.length(v, field+".y")
		}
	}
	if v := d.required(m, n, field, "h"); v != nil {
		if v.Kind == yaml.MappingNode {
			hm := d.mapping(v, field+".h", "to")
			if b := d.required(hm, v, field+".h", "to"); b != nil {
				f.To = d.length(b, field+".h.to")
				if f.To <= 0 {
					d.errf(b, field+".h.to", "must be greater than 0")
				}
			}
		} else {
			f.Box.H = d.length(v, field+".h")
			if f.Box.H <= 0 && len(d.errs) == before {
				d.errf(n, field, "width and height must be greater than 0")
			}
		}
	}
	f.belowNode = orNode(f.belowNode, n)
	if f.belowID == "" && len(d.errs) == before {
		d.place(f, n, field)
	}
}

func orNode(a, b *yaml.Node) *yaml.Node {
	if a != nil {
		return a
	}
	return b
}

// place completes f's box from its top (Box.Y) and To, and checks that it
// lies inside the trim box.
func (d *decoder) place(f *Frame, n *yaml.Node, field string) {
	if f.To > 0 {
		f.Box.H = f.To - f.Box.Y
		if f.Box.H <= 0 {
			d.errf(n, field, "the bottom edge (h: {to: %g}) is not below the top, %g mm", f.To, f.Box.Y)
			return
		}
	}
	d.insideTrim(f, n, field)
}

// insideTrim checks that the frame lies inside the trim box: text outside
// it is cut off or lost in the bleed. Edges touching are allowed.
func (d *decoder) insideTrim(f *Frame, n *yaml.Node, field string) {
	t := d.tmpl
	const eps = 1e-9 // mm; sums of decimal fractions
	b := f.Box
	// A page that failed to read has no size to check against.
	if t.Width > 0 && t.Height > 0 &&
		(b.X < -eps || b.Y < -eps || b.X+b.W > t.Width+eps || b.Y+b.H > t.Height+eps) {
		what := ""
		if f.Below != nil {
			what = fmt.Sprintf(" (stacked %g mm below %q, when its text fills its box)", f.Gap, f.Below.ID)
		}
		d.errf(n, field, "x %g..%g, y %g..%g mm%s is not inside the trim box (0..%g, 0..%g mm)", b.X, b.X+b.W, b.Y, b.Y+b.H, what, t.Width, t.Height)
	}
}

// stack links each stacked frame to the frame it is below, refuses
// unknown names and cycles (naming the frames), orders the frames for
// filling (Template.FillOrder) and completes the stacked frames' boxes.
func (d *decoder) stack(t *Template) {
	byID := map[string]*Frame{}
	for _, f := range t.Frames {
		byID[f.ID] = f
	}
	ok := true
	for _, f := range t.Frames {
		if f.belowID == "" {
			continue
		}
		f.Below = byID[f.belowID]
		if f.Below == nil {
			d.errf(f.belowNode, f.field+".box.y.below", "no frame %q to stack below", f.belowID)
			ok = false
		}
	}
	if !ok {
		return
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[*Frame]int{}
	var visit func(f *Frame, path []*Frame) bool
	visit = func(f *Frame, path []*Frame) bool {
		switch state[f] {
		case done:
			return true
		case visiting:
			var names []string
			start := slices.Index(path, f)
			for _, p := range path[start:] {
				names = append(names, strconv.Quote(p.ID))
			}
			names = append(names, strconv.Quote(f.ID))
			d.errf(f.belowNode, f.field+".box.y.below", "frames stack in a cycle: %s (each below the next)", strings.Join(names, " → "))
			return false
		}
		state[f] = visiting
		if f.Below != nil && !visit(f.Below, append(path, f)) {
			return false
		}
		state[f] = done
		t.fillOrder = append(t.fillOrder, f)
		if f.Below != nil {
			f.Box.Y = f.Below.Box.Y + f.Below.Box.H + f.Gap
			d.place(f, f.belowNode, f.field+".box")
		}
		return true
	}
	for _, f := range t.Frames {
		if !visit(f, nil) {
			t.fillOrder = nil
			return
		}
	}
}
