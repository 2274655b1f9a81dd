package text

import (
	gofont "github.com/go-text/typesetting/font"

	"posterkit/fonts"
)

// Inked reports whether glyph gid of f draws anything: an outline of at
// least one segment, or a colour, bitmap or SVG glyph. A damaged font's
// glyphs draw nothing, and the layout step refuses a frame whose text drew
// no ink rather than ship an empty poster. A panic in the font parser
// counts as no ink.
func (e *Engine) Inked(f *fonts.Font, gid uint16) (inked bool) {
	defer func() {
		if recover() != nil {
			inked = false
		}
	}()
	fc, err := e.face(f)
	if err != nil {
		return false
	}
	switch g := fc.GlyphData(gofont.GID(gid)).(type) {
	case gofont.GlyphOutline:
		return len(g.Segments) > 0
	case nil:
		return false
	}
	return true
}
