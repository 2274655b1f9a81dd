package text

import (
	"fmt"
	"strings"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"posterkit/fonts"
)

// HBGlyph is one glyph as hb-shape --output-format=json --no-glyph-names
// --font-size=upem prints it: glyph id, cluster (character index), offsets
// and advances in font units.
type HBGlyph struct {
	G  int `json:"g"`
	Cl int `json:"cl"`
	Dx int `json:"dx"`
	Dy int `json:"dy"`
	Ax int `json:"ax"`
	Ay int `json:"ay"`
}

// RunSpec is one run to shape as a whole, as hb-shape shapes its input: no
// itemisation, no fallback.
type RunSpec struct {
	Text   string
	Lang   string // BCP 47; "" for none
	Script string // ISO 15924 code such as "Arab"; "" to guess from the text
	RTL    bool
}

// ShapeRun shapes one run in f at a size of one unit per font unit, for
// comparison with HarfBuzz (see HBGlyph). It is how `posterkit shape`
// reports the engine's view of a font.
func (e *Engine) ShapeRun(f *fonts.Font, spec RunSpec) ([]HBGlyph, error) {
	if err := checkLength(spec.Text); err != nil {
		return nil, err
	}
	face, err := e.face(f)
	if err != nil {
		return nil, err
	}
	runes := []rune(spec.Text)
	in := shaping.Input{
		Text: runes, RunStart: 0, RunEnd: len(runes),
		Direction: di.DirectionLTR, Face: face,
		Size:     fixed.I(int(face.Upem())),
		Language: language.NewLanguage(spec.Lang),
		Script:   dominantScript(runes),
	}
	if spec.RTL {
		in.Direction = di.DirectionRTL
	}
	if spec.Script != "" {
		s, err := language.ParseScript(strings.ToLower(spec.Script))
		if err != nil {
			return nil, fmt.Errorf("text: unknown script %q (want an ISO 15924 code such as Arab, Latn, Hani)", spec.Script)
		}
		in.Script = s
	}
	out := e.hb.Shape(in)
	res := make([]HBGlyph, len(out.Glyphs))
	for i, g := range out.Glyphs {
		res[i] = HBGlyph{G: int(g.GlyphID), Cl: g.ClusterIndex,
			Dx: g.XOffset.Round(), Dy: g.YOffset.Round(), Ax: g.XAdvance.Round(), Ay: g.YAdvance.Round()}
	}
	return res, nil
}
