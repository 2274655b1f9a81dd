// Package render turns a template and a language's strings into a scene:
// it places the artwork, fills every text frame through the text engine
// (shaping, bidi, line breaking, copy-fitting) and reports per frame what it
// did or why it could not. Backends draw the scene; this package never
// writes files.
package render

import (
	"errors"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"posterkit/fonts"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

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

// MissingGlyphs lists characters no font covers.
type MissingGlyphs []rune

func (m MissingGlyphs) Error() string {
	parts := make([]string, len(m))
	for i, r := range m {
		parts[i] = fmt.Sprintf("U+%04X %q", r, r)
		if fam := fonts.Suggest(r); fam != "" {
			parts[i] += " (" + fam + " covers it)"
		}
	}
	return "no font covers " + strings.Join(parts, ", ")
}

// Page lays out the template in one language and returns its scene and
// what Check found per frame. strs maps frame ids to text; a nil strs (the blank
// variant) leaves every frame empty. All problems of all frames are
// returned together (as *FrameError values joined), and then no scene.
func Page(t *template.Template, lang string, strs *template.Strings, eng *text.Engine) (*scene.Scene, []*FrameCheck, error) {
	bleed := t.Bleed * scene.MM
	s := &scene.Scene{
		Width:  (t.Width + 2*t.Bleed) * scene.MM,
		Height: (t.Height + 2*t.Bleed) * scene.MM,
		Trim:   scene.Rect{X: bleed, Y: bleed, W: t.Width * scene.MM, H: t.Height * scene.MM},
		Lang:   lang,
		Title:  t.Title,
	}
	s.Bleed = scene.Rect{W: s.Width, H: s.Height}
	for _, sh := range t.Artwork {
		s.Items = append(s.Items, placeShape(sh, bleed))
	}
	if strs == nil {
		s.Lang = ""
		return s, nil, nil
	}
	var errs []error
	checks := Check(t, lang, strs, eng)
	for _, c := range checks {
		if err := c.Err(); err != nil {
			errs = append(errs, &FrameError{c.ID, lang, err})
			continue
		}
		for _, r := range c.runs {
			s.Items = append(s.Items, r)
		}
	}
	if len(errs) > 0 {
		return nil, checks, errors.Join(errs...)
	}
	return s, checks, nil
}

// FrameCheck is what filling one frame with its text found.
type FrameCheck struct {
	ID        string
	Frame     *template.Frame
	Size      float64 // points chosen by copy-fit, when the text fits
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

// Err says what stops the frame from being rendered correctly, or nil.
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
	bleed := t.Bleed * scene.MM
	var out []*FrameCheck
	for _, f := range t.Frames {
		c := &FrameCheck{ID: f.ID, Frame: f, File: strs.File, Line: strs.Lines[f.ID]}
		out = append(out, c)
		txt, ok := strs.Text[f.ID]
		if !ok {
			c.Missing = true
			continue
		}
		txt = strings.TrimSpace(txt)
		if txt == "" {
			c.Empty = true
			continue
		}
		fillFrame(c, f, txt, lang, bleed, eng)
	}
	return out
}

// Unused returns the ids in strs that no frame of t uses, sorted.
func Unused(t *template.Template, strs *template.Strings) []string {
	used := map[string]bool{}
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

func fillFrame(c *FrameCheck, f *template.Frame, txt, lang string, bleed float64, eng *text.Engine) {
	st := f.Style
	block, err := eng.Shape(txt, lang, st.TextStyle())
	if err != nil {
		c.Problem = err
		return
	}
	c.Uncovered = block.Missing
	x, y := f.X*scene.MM+bleed, f.Y*scene.MM+bleed
	w, h := f.W*scene.MM, f.H*scene.MM
	fit, err := eng.CopyFit(block, w, h, f.MaxLines, st.MinSize, st.MaxSize)
	if err != nil {
		if !errors.As(err, &c.Overflow) {
			c.Problem = err
		}
		return
	}
	c.Size, c.Lines = fit.Size, len(fit.Lines)
	if len(c.Uncovered) > 0 {
		return
	}
	for _, pr := range fit.Place(block, x, y, w, h, f.Align, f.VAlign) {
		c.runs = append(c.runs, glyphRun(pr, st.Color))
	}
}

// placeShape converts an artwork item from mm (trim origin) to points
// (media origin).
func placeShape(sh *template.Shape, bleed float64) scene.Item {
	if sh.Image != nil {
		im := *sh.Image
		im.Box = scene.Rect{X: im.Box.X*scene.MM + bleed, Y: im.Box.Y*scene.MM + bleed, W: im.Box.W * scene.MM, H: im.Box.H * scene.MM}
		return &im
	}
	p := &scene.Path{Fill: sh.Path.Fill, Segments: make([]scene.Segment, len(sh.Path.Segments))}
	for i, seg := range sh.Path.Segments {
		for j := 0; j < seg.Op.Points(); j++ {
			seg.Pts[j].X = seg.Pts[j].X*scene.MM + bleed
			seg.Pts[j].Y = seg.Pts[j].Y*scene.MM + bleed
		}
		p.Segments[i] = seg
	}
	return p
}

// GuideColor is the colour of frame guides: the magenta of printers' marks,
// which no poster artwork is likely to share.
var GuideColor = scene.Paint{Color: color.NRGBA{R: 0xE6, G: 0x00, B: 0x7E, A: 0xFF}, Opacity: 1}

// AddGuides puts the outlines of t's text frames, each labelled with its
// id, size in mm and line limit, into s.Guides (see scene.Scene.Guides).
func AddGuides(s *scene.Scene, t *template.Template, eng *text.Engine) error {
	bleed := t.Bleed * scene.MM
	const (
		line  = 1.0  // pt
		label = 14.0 // pt
		pad   = 4.0  // pt between the outline and its label
	)
	s.GuidesName = "Text frames"
	for _, f := range t.Frames {
		r := scene.Rect{X: f.X*scene.MM + bleed, Y: f.Y*scene.MM + bleed, W: f.W * scene.MM, H: f.H * scene.MM}
		s.Guides = append(s.Guides, scene.Frame(r, line, GuideColor))
		txt := fmt.Sprintf("%s · %g × %g mm", f.ID, f.W, f.H)
		if f.MaxLines > 0 {
			txt += fmt.Sprintf(" · max %d lines", f.MaxLines)
		}
		block, err := eng.Shape(txt, "en", text.Style{Role: fonts.Text, Weight: fonts.Bold, Leading: 1.2})
		if err != nil {
			return err
		}
		fit := eng.Layout(block, label, 1e4) // one line
		for _, pr := range fit.Place(block, r.X+pad+line, r.Y+pad+line, 1e4, fit.Height, text.Start, text.Top) {
			s.Guides = append(s.Guides, glyphRun(pr, GuideColor))
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
