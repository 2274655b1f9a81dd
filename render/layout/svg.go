package layout

import (
	"fmt"

	"posterkit/render/scene"
	"posterkit/render/svg"
	"posterkit/render/template"
)

// drawing places an SVG drawing of the artwork in its box. The drawing is
// the one the template's SVG reader parsed (layouts.ReadSVG keeps an
// *svg.Drawing), so a template's SVG files are parsed once however many
// pages are laid out; a template loaded with another reader has its file
// parsed here, for every page.
func (c mm) drawing(sh *template.Shape) scene.Item {
	s := sh.SVG
	d, ok := s.Info.Drawing.(*svg.Drawing)
	if !ok {
		var err error
		if d, _, err = svg.Parse(s.Data, svg.Options{Name: s.File, Files: s.Files, Dir: s.Dir}); err != nil {
			// The template's reader accepted the file, render/svg does
			// not: the reader is not render/svg's, and the drawing is
			// drawn as nothing.
			return &scene.Group{Transform: scene.Identity, Opacity: 1}
		}
	}
	g := d.Place(c.rect(s.Box))
	g.Opacity = sh.Opacity
	g.Alt = s.Alt
	return g
}

// SVGWarnings is the ArtworkCheck Validate always runs: what the
// template's SVG drawings hold that is not drawn, by file, line and
// element.
func SVGWarnings(t *template.Template) []Finding {
	var out []Finding
	seen := map[string]bool{} // files, each reported once
	for _, sh := range t.Artwork {
		s := sh.SVG
		if s == nil || seen[s.File] {
			continue
		}
		seen[s.File] = true
		for _, w := range s.Info.Warnings {
			out = append(out, Finding{Severity: Warning,
				Msg: fmt.Sprintf("%s:%d: <%s>: %s (artwork item at %s:%d)", s.File, w.Line, w.Element, w.Message, t.Dir()+"/"+template.LayoutFile, sh.Line)})
		}
	}
	return out
}
