// Package layout is the layout step: it turns a template and a language's
// strings into a scene. It places the artwork, converting the template's
// millimetres (trim origin) to the scene's points (media origin); fills
// every text frame through the text engine (shaping, bidi, line breaking,
// copy-fitting); and reports per frame what it did or why it could not. It
// also makes the blank variant (artwork only) and the frame guides.
// Backends draw the scene; this package never writes files.
package layout

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"sort"
	"strings"

	"github.com/go-text/typesetting/language"

	"posterkit/fonts"
	"posterkit/render/geom"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// Blank is the language code of the blank variant: the poster with every
// text frame empty, for offices to fill in their own language.
const Blank = "blank"

// FrameError is a problem with one frame's text in one language.
type FrameError struct {
	Frame string
	Lang  string
	Err   error
}

func (e *FrameError) Error() string {
	return fmt.Sprintf("frame %q, language %s: %v", e.Frame, e.Lang, e.Err)
}

func (e *FrameError) Unwrap() error { return e.Err }

// Uncovered is a character no font covers.
type Uncovered struct {
	Rune   rune
	Family string // a font family that covers it, "" if none is known
}

// MissingGlyphs lists characters no font covers, in order of first use.
type MissingGlyphs []Uncovered

func (m MissingGlyphs) Error() string {
	parts := make([]string, len(m))
	for i, u := range m {
		parts[i] = fmt.Sprintf("U+%04X %q", u.Rune, u.Rune)
		if u.Family != "" {
			parts[i] += " (" + u.Family + " covers it)"
		}
	}
	return "no font covers " + strings.Join(parts, ", ")
}

// mm converts the template's millimetres, from the trim box's top-left
// corner, to the scene's points, from the media box's.
type mm struct{ origin float64 } // the trim box's corner in the media box, in points on both axes

func mmOf(t *template.Template) mm { return mm{t.Bleed * scene.MM} }

// rect converts a rectangle.
func (c mm) rect(r geom.Rect) scene.Rect {
	return scene.Rect{X: r.X*scene.MM + c.origin, Y: r.Y*scene.MM + c.origin, W: r.W * scene.MM, H: r.H * scene.MM}
}

// point converts a position.
func (c mm) point(p geom.Point) geom.Point {
	return geom.Point{X: p.X*scene.MM + c.origin, Y: p.Y*scene.MM + c.origin}
}

// BleedSize is the size in points of t's bleed box, the trim grown by the
// bleed on every side: the media box without marks, and what a PNG shows.
func BleedSize(t *template.Template) (w, h float64) {
	return (t.Width + 2*t.Bleed) * scene.MM, (t.Height + 2*t.Bleed) * scene.MM
}

// Options are what a layout adds beyond the template.
type Options struct {
	// Marks adds printer's marks outside the bleed — crop marks,
	// registration targets, a colour bar and the slug line — in the
	// registration colour, and grows the media box to hold them.
	Marks bool
	// Slug is the line of text beside the marks (template, language,
	// page size, date); only with Marks.
	Slug string
}

// BlankPage returns t's blank variant: its page and artwork, no text.
func BlankPage(t *template.Template) *scene.Scene { return blankPage(t, mmOf(t)) }

func blankPage(t *template.Template, c mm) *scene.Scene {
	s := &scene.Scene{Trim: c.rect(geom.Rect{W: t.Width, H: t.Height}), Title: t.Title}
	s.Bleed = c.rect(geom.Rect{X: -t.Bleed, Y: -t.Bleed, W: t.Width + 2*t.Bleed, H: t.Height + 2*t.Bleed})
	if c.origin == mmOf(t).origin {
		s.Width, s.Height = BleedSize(t)
		s.Bleed = scene.Rect{W: s.Width, H: s.Height}
	} else {
		s.Width, s.Height = (t.Width*scene.MM + 2*c.origin), (t.Height*scene.MM + 2*c.origin)
	}
	for _, sh := range t.Artwork {
		s.Items = append(s.Items, c.shape(sh))
	}
	return s
}

// Page lays out t in language lang and returns its scene and what Check
// found per frame. strs maps frame ids to text; lang Blank with nil strs
// gives the blank variant. All problems of all frames are returned
// together (as *FrameError values joined), and then no scene.
func Page(t *template.Template, lang string, strs *template.Strings, eng *text.Engine, opt Options) (*scene.Scene, []*FrameCheck, error) {
	c := mmOf(t)
	if opt.Marks {
		c = mm{markMargin(t) * scene.MM}
	}
	s := blankPage(t, c)
	if opt.Marks {
		if err := addMarks(s, t, c, opt.Slug, eng); err != nil {
			return nil, nil, err
		}
	}
	if strs == nil {
		if lang != Blank {
			return nil, nil, fmt.Errorf("layout: no strings for language %s", lang)
		}
		return s, nil, nil
	}
	s.Lang = lang
	if title := strings.TrimSpace(strs.Text[TitleKey]); title != "" && !hasFrame(t, TitleKey) {
		s.Title = title
	}
	var errs []error
	checks := check(t, lang, strs, eng, c)
	for _, fc := range checks {
		if err := fc.Err(); err != nil {
			errs = append(errs, &FrameError{fc.ID, lang, err})
			continue
		}
		role := textRole(fc.Frame)
		for _, r := range fc.runs {
			r.Text = role
			s.Items = append(s.Items, r)
		}
	}
	if len(errs) > 0 {
		return nil, checks, errors.Join(errs...)
	}
	return s, checks, nil
}

// Status is what stops a frame from being rendered correctly: its first
// problem, in the order FrameCheck.Err lists them.
type Status uint8

const (
	OK       Status = iota
	Missing         // the strings have no entry for the frame
	Empty           // the entry is there but holds no text
	NoFont          // characters no font covers
	Overflow        // the text does not fit even at the style's minimum size
	Failed          // anything else (an unreadable font)
)

var statusNames = [...]string{"ok", "missing", "empty", "uncovered", "overflow", "error"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// TitleKey is the strings entry that holds the document title in a
// language (the PDF's Title), when no frame has that id: without it the
// title is the template's.
const TitleKey = "title"

func hasFrame(t *template.Template, id string) bool {
	return slices.ContainsFunc(t.Frames, func(f *template.Frame) bool { return f.ID == id })
}

// FrameCheck is what filling one frame with its text found.
type FrameCheck struct {
	ID    string
	Frame *template.Frame
	// Box is the frame's box in this language, in mm from the trim box's
	// corner: Frame.Box, stacked below the text set above it and
	// mirrored for a right-to-left language as the frame asks.
	Box geom.Rect
	// SetBottom is the bottom of the text as set (mm from the trim top):
	// the bottom of its last line box after copy-fit and vertical
	// alignment, which frames stacked below it start Gap under. A frame
	// without text set (missing, empty, too long) gives its box's bottom.
	SetBottom float64
	Style     *template.Style // the frame's style for this language (by_language, by_script)
	Size      float64         // points chosen by copy-fit, when the text fits
	Lines     int
	File      string         // the strings file
	Missing   bool           // the file has no entry for the frame
	Empty     bool           // the entry is there but empty
	Line      int            // the entry's line in the file
	Overflow  *text.Overflow // the text does not fit even at the minimum size
	Uncovered MissingGlyphs  // characters no font covers
	Problem   error          // anything else (an unreadable font)

	runs []*scene.GlyphRun
}

// Status returns c's first problem, or OK.
func (c *FrameCheck) Status() Status {
	switch {
	case c.Missing:
		return Missing
	case c.Empty:
		return Empty
	case len(c.Uncovered) > 0:
		return NoFont
	case c.Overflow != nil:
		return Overflow
	case c.Problem != nil:
		return Failed
	}
	return OK
}

// Err says what stops the frame from being rendered correctly, or nil:
// every problem, in the order of Status.
func (c *FrameCheck) Err() error {
	var errs []error
	switch {
	case c.Missing:
		errs = append(errs, fmt.Errorf("%s has no text for this frame", c.File))
	case c.Empty:
		errs = append(errs, fmt.Errorf("%s:%d: the text is empty", c.File, c.Line))
	}
	if len(c.Uncovered) > 0 {
		errs = append(errs, c.Uncovered)
	}
	if c.Overflow != nil {
		errs = append(errs, c.Overflow)
	}
	if c.Problem != nil {
		errs = append(errs, c.Problem)
	}
	return errors.Join(errs...)
}

// Check fills every frame of t with its text in strs and reports, per
// frame in template order, the size copy-fit chose or what went wrong.
func Check(t *template.Template, lang string, strs *template.Strings, eng *text.Engine) []*FrameCheck {
	return check(t, lang, strs, eng, mmOf(t))
}

func check(t *template.Template, lang string, strs *template.Strings, eng *text.Engine, c mm) []*FrameCheck {
	byFrame := map[*template.Frame]*FrameCheck{}
	order := t.FillOrder()
	if len(order) != len(t.Frames) {
		order = t.Frames // a template built without Load
	}
	rtl := text.Direction(lang, "") == text.RTL
	engines := map[*fonts.Font]*text.Engine{}
	for _, f := range order {
		fc := &FrameCheck{ID: f.ID, Frame: f, File: strs.File, Line: strs.Lines[f.ID], Box: f.Box, Style: f.Style}
		byFrame[f] = fc
		if f.Below != nil {
			above := byFrame[f.Below]
			fc.Box.Y = above.SetBottom + f.Gap
			if f.To > 0 {
				fc.Box.H = f.To - fc.Box.Y
			}
		}
		if f.Mirror && rtl {
			fc.Box.X = t.Width - fc.Box.X - fc.Box.W
		}
		fc.SetBottom = fc.Box.Y + fc.Box.H
		txt, ok := strs.Text[f.ID]
		if !ok {
			fc.Missing = true
			continue
		}
		txt = strings.TrimSpace(txt)
		if txt == "" {
			fc.Empty = true
			continue
		}
		fc.Style = f.Style.For(lang, dominantScript(txt))
		fillFrame(fc, txt, lang, c, styleEngine(eng, fc.Style, engines))
	}
	out := make([]*FrameCheck, len(t.Frames))
	for i, f := range t.Frames {
		out[i] = byFrame[f]
	}
	return out
}

// dominantScript is the ISO 15924 code of the strong script with the most
// characters in txt ("Latn" for text without one), which by_script
// overrides are chosen by.
func dominantScript(txt string) string {
	count := map[language.Script]int{}
	best, n := language.Latin, 0
	for _, r := range txt {
		s := language.LookupScript(r)
		if !s.Strong() || s == language.Unknown {
			continue
		}
		count[s]++
		if count[s] > n || count[s] == n && s < best {
			best, n = s, count[s]
		}
	}
	return best.String()
}

// styleEngine is eng, or for a style that names its own font (family:,
// font_file:) an engine whose chains start with that font, made once per
// font in engines.
func styleEngine(eng *text.Engine, st *template.Style, engines map[*fonts.Font]*text.Engine) *text.Engine {
	f := st.FontFile
	if f == nil && st.Family != "" {
		f = eng.Registry().Family(st.Family, st.Weight)
	}
	if f == nil {
		return eng
	}
	if e, ok := engines[f]; ok {
		return e
	}
	e := text.NewEngine(eng.Registry().WithUserFonts(f))
	engines[f] = e
	return e
}

// Unused returns the ids in strs that no frame of t uses, sorted.
func Unused(t *template.Template, strs *template.Strings) []string {
	used := map[string]bool{TitleKey: true}
	for _, f := range t.Frames {
		used[f.ID] = true
	}
	var out []string
	for id := range strs.Text {
		if !used[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// textStyle is what the text engine needs of st.
func textStyle(st *template.Style) text.Style {
	return text.Style{Role: st.Role, Weight: st.Weight, Leading: st.Leading, LetterSpacing: st.LetterSpacing,
		ParagraphSpacing: st.ParagraphSpacingEm, ParagraphSpacingPt: st.ParagraphSpacingPt, Hyphenate: st.Hyphenate, Balance: st.Balance}
}

// paint is a template colour at an opacity. CMYK and spot colours become
// print inks; their screen previews are the export's business (through
// the output profile).
func paint(c template.Color, opacity float64) scene.Paint {
	p := scene.Paint{Color: color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0xFF}, Opacity: opacity}
	switch c.Space {
	case template.CMYK:
		p.Ink = scene.Ink{Kind: scene.Process, C: c.C, M: c.M, Y: c.Y, K: c.K}
	case template.Spot:
		p.Ink = scene.Ink{Kind: scene.Spot, Name: c.Spot, C: c.C, M: c.M, Y: c.Y, K: c.K, Tint: 1}
	}
	return p
}

var (
	aligns  = map[template.Align]text.Align{template.Start: text.Start, template.Center: text.Center, template.End: text.End, template.Justify: text.Justify}
	valigns = map[template.VAlign]text.VAlign{template.Top: text.Top, template.Middle: text.Middle, template.Bottom: text.Bottom}
)

func fillFrame(c *FrameCheck, txt, lang string, mm mm, eng *text.Engine) {
	f, st := c.Frame, c.Style
	if c.Box.H <= 0 {
		c.Problem = fmt.Errorf("no room: the text of %q ends %.1f mm below this frame's bottom edge", f.Below.ID, -c.Box.H)
		return
	}
	block, err := eng.Shape(txt, lang, textStyle(st))
	if err != nil {
		c.Problem = err
		return
	}
	for _, r := range block.Missing {
		c.Uncovered = append(c.Uncovered, Uncovered{Rune: r, Family: eng.Registry().Suggest(r)})
	}
	box := mm.rect(c.Box)
	fit, err := eng.CopyFit(block, box.W, box.H, f.MaxLines, st.MinSize, st.MaxSize)
	if err != nil {
		if !errors.As(err, &c.Overflow) {
			c.Problem = err
		}
		return
	}
	c.Size, c.Lines = fit.Size, len(fit.Lines)
	top := c.Box.Y // the set text's top, mm: Place's vertical alignment
	switch f.VAlign {
	case template.Middle:
		top += (c.Box.H - fit.Height/scene.MM) / 2
	case template.Bottom:
		top += c.Box.H - fit.Height/scene.MM
	}
	c.SetBottom = top + fit.Height/scene.MM
	if len(c.Uncovered) > 0 {
		return
	}
	align := aligns[f.Align]
	if st.Align != nil {
		align = aligns[*st.Align]
	}
	fill := paint(st.Color, 1)
	inked := false
	for _, pr := range fit.Place(block, box.X, box.Y, box.W, box.H, align, valigns[f.VAlign]) {
		c.runs = append(c.runs, glyphRun(pr, fill))
		for _, g := range pr.Glyphs {
			inked = inked || eng.Inked(pr.Font, g.ID)
		}
	}
	// The last line of defence against a damaged font: text that was laid
	// out but draws nothing would give a poster that looks blank.
	if !inked {
		var names []string
		for _, r := range c.runs {
			if !slices.Contains(names, r.Font.Name) {
				names = append(names, r.Font.Name)
			}
		}
		c.Problem = fmt.Errorf("the text drew no ink: the glyphs of %s are empty or damaged", strings.Join(names, ", "))
		c.runs = nil
	}
}

// textRole is a frame's place in a tagged PDF's structure: the role the
// template gives it, else H1 for the frame named "headline" (every bundled
// template's title line) and P for the others.
func textRole(f *template.Frame) scene.TextRole {
	r := scene.TextRole{Frame: f.ID, Role: strings.ToUpper(f.Role)}
	if r.Role == "" {
		r.Role = "P"
		if f.ID == "headline" {
			r.Role = "H1"
		}
	}
	return r
}

// shape converts an artwork item to a scene item.
func (c mm) shape(sh *template.Shape) scene.Item {
	if sh.Image != nil {
		im := sh.Image
		return &scene.Image{Box: c.rect(im.Box), Format: im.Format, Data: im.Data, Name: im.Name, Opacity: sh.Opacity, Alt: im.Alt}
	}
	if sh.SVG != nil {
		return c.drawing(sh)
	}
	p := &scene.Path{Fill: paint(sh.Fill, sh.Opacity)}
	p.Segments = make([]scene.Segment, len(sh.Path.Segments))
	for i, seg := range sh.Path.Segments {
		for j := 0; j < seg.Op.Points(); j++ {
			seg.Pts[j] = c.point(seg.Pts[j])
		}
		p.Segments[i] = seg
	}
	return p
}

// guideColor is the colour of frame guides: the magenta of printers' marks,
// which no poster artwork is likely to share.
func guideColor() scene.Paint {
	return scene.Paint{Color: color.NRGBA{R: 0xE6, G: 0x00, B: 0x7E, A: 0xFF}, Opacity: 1}
}

// AddGuides puts the outlines of t's text frames, each labelled with its
// id, size in mm and line limit, into s.Guides (see scene.Scene.Guides).
func AddGuides(s *scene.Scene, t *template.Template, eng *text.Engine) error {
	c := mm{s.Trim.X} // the trim's corner: the bleed, or the marks' margin

	const (
		line  = 1.0  // pt
		label = 14.0 // pt
		pad   = 4.0  // pt between the outline and its label
	)
	s.GuidesName = "Text frames"
	for _, f := range t.Frames {
		r := c.rect(f.Box)
		s.Guides = append(s.Guides, scene.Frame(r, line, guideColor()))
		txt := fmt.Sprintf("%s · %g × %g mm", f.ID, f.Box.W, f.Box.H)
		if f.MaxLines > 0 {
			txt += fmt.Sprintf(" · max %d lines", f.MaxLines)
		}
		block, err := eng.Shape(txt, "en", text.Style{Role: fonts.Text, Weight: fonts.Bold, Leading: 1.2})
		if err != nil {
			return err
		}
		fit := eng.Layout(block, label, 1e4) // one line
		for _, pr := range fit.Place(block, r.X+pad+line, r.Y+pad+line, 1e4, fit.Height, text.Start, text.Top) {
			s.Guides = append(s.Guides, glyphRun(pr, guideColor()))
		}
	}
	return nil
}

func glyphRun(pr text.PlacedRun, fill scene.Paint) *scene.GlyphRun {
	gr := &scene.GlyphRun{Font: pr.Font, Size: pr.Size, Fill: fill, RTL: pr.RTL}
	for _, g := range pr.Glyphs {
		gr.Glyphs = append(gr.Glyphs, scene.Glyph{ID: g.ID, X: g.X, Y: g.Y, Text: g.Text, Advance: g.Advance, Cluster: g.Cluster,
			Offset: scene.Point{X: g.OffX * pr.Size, Y: -g.OffY * pr.Size}})
	}
	return gr
}
