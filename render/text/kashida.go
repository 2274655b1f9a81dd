package text

import (
	"unicode"

	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Justified Arabic stretches words with kashida (tatweel, U+0640) before it
// widens spaces. Where a word may take one follows the priorities Arabic
// typesetting uses (Microsoft's, as described by Mohamed Jamal Eddine
// Benatia at khtt.net, "The big kashida secret", and LibreOffice's
// i18nutil kashida rules after it): one place per word, the best of
//
//  1. after a tatweel the author typed,
//  2. after an initial or medial seen or sad,
//  3. before a final teh marbuta, heh or dal,
//  4. before a final alef, tah, lam, kaf or gaf,
//  5. before a medial beh-like letter followed by reh or yeh,
//  6. before a final waw, ain, qaf or feh,
//  7. before a reh, or before the last letter,
//
// the one nearest the word's end among equals; never before a final yeh
// (unless after seen or sad), across a ZWNJ, inside lam-alef or between
// letters that do not join. HarfBuzz must also find the place safe
// (GlyphSafeToInsertTatweel): a tatweel there changes no glyph around it,
// so the font's own tatweel glyph is drawn between the joined glyphs as
// shaped, and the text stays as written.

// maxKashidas is the most tatweels one word takes: a longer stretch reads
// as a gap in the word, and the spaces take the rest.
const maxKashidas = 3

// kashidaSlot is where a justified line may take tatweels: before glyph
// glyph of run run (visual order), that is after the cluster that glyph
// begins in logical order.
type kashidaSlot struct {
	run, glyph int
	prio       int8
	id         uint16
	advance    float64 // em
	cluster    int
}

func joinProps(r rune) (typ byte, g joiningGroup, ok bool) {
	if p, ok := joiningProps[r]; ok {
		return p.typ, p.group, true
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) && r != 0x200C && r != 0x200D {
		return 'T', jgNoJoiningGroup, true
	}
	return 'U', jgNoJoiningGroup, false
}

func isBehLike(g joiningGroup) bool {
	switch g {
	case jgBeh, jgNoon, jgAfricanNoon, jgNya, jgYeh, jgFarsiYeh, jgBurushaskiYehBarree:
		return true
	}
	return false
}

func isYehLike(g joiningGroup) bool {
	switch g {
	case jgYeh, jgFarsiYeh, jgYehBarree, jgBurushaskiYehBarree, jgYehWithTail:
		return true
	}
	return false
}

// kashidaPriority returns the priority (1 best … 7) of a tatweel between
// the letters prev and cur of a word, next being the letter after cur (0
// at the word's end), or 0 where none may go.
func kashidaPriority(prev, cur, next rune) int8 {
	pt, pg, _ := joinProps(prev)
	ct, cg, _ := joinProps(cur)
	if !(pt == 'D' || pt == 'C' || pt == 'L') || !(ct == 'D' || ct == 'R' || ct == 'C') {
		return 0 // the letters do not join
	}
	if pg == jgLam && cg == jgAlef {
		return 0 // lam-alef is one ligature
	}
	last := next == 0
	_, ng, _ := joinProps(next)
	var prio int8
	switch {
	case prev == 0x0640:
		prio = 1
	case pg == jgSeen || pg == jgSad:
		prio = 2
	case cg == jgTehMarbuta || cg == jgDal || cg == jgHeh && last:
		prio = 3
	case cg == jgAlef || (cg == jgTah || cg == jgLam || cg == jgKaf || cg == jgGaf) && last:
		prio = 4
	case isBehLike(cg) && !last && (ng == jgReh || isYehLike(ng)):
		prio = 5
	case cg == jgWaw || (cg == jgAin || cg == jgQaf || cg == jgAfricanQaf || cg == jgFeh || cg == jgAfricanFeh) && last:
		prio = 6
	case cg == jgReh || last:
		prio = 7
	}
	if last && isYehLike(cg) && prio != 1 && prio != 2 {
		return 0 // never before a final yeh
	}
	return prio
}

// wordKashida returns, for the word text[start:end], the index of the
// letter after which its tatweels go and their priority, or -1. allowed
// says whether a tatweel may follow a given letter (HarfBuzz's flag).
func wordKashida(text []rune, start, end int, allowed func(after, before int) bool) (int, int8) {
	// The word's letters, without its marks (transparent).
	var letters []int
	for k := start; k < end; k++ {
		if t, _, _ := joinProps(text[k]); t != 'T' {
			letters = append(letters, k)
		}
	}
	best, bestPrio := -1, int8(0)
	for i := 1; i < len(letters); i++ {
		var next rune
		if i+1 < len(letters) {
			next = text[letters[i+1]]
		}
		p := kashidaPriority(text[letters[i-1]], text[letters[i]], next)
		if p == 0 || !allowed(letters[i-1], letters[i]) {
			continue
		}
		if best < 0 || p <= bestPrio { // equal priority: nearer the end
			best, bestPrio = letters[i-1], p
		}
	}
	return best, bestPrio
}

// prepareKashida finds each Arabic word's kashida place in p. Words are
// runs of Arabic letters and marks; ZWNJ and everything else ends one.
func (e *Engine) prepareKashida(p *Paragraph) {
	for _, out := range p.Runs {
		if runScript(p, out) != language.Arabic || out.Face == nil || len(out.Glyphs) == 0 {
			continue
		}
		tatweel, ok := e.tatweelGlyph(p, out.Face)
		if !ok {
			continue
		}
		safe := e.safeToInsertTatweel(p, out)
		clusterOf := p.breaks.clusterOf
		// HarfBuzz marks the cluster a tatweel may go before.
		allowed := func(a, b int) bool {
			ca, cb := clusterOf[a], clusterOf[b]
			return ca != cb && safe[cb]
		}
		lo, hi := out.Runes.Offset, out.Runes.Offset+out.Runes.Count
		for k := lo; k < hi; {
			if _, _, ok := joinProps(p.Text[k]); !ok {
				k++
				continue
			}
			end := k
			for end < hi {
				if _, _, ok := joinProps(p.Text[end]); !ok {
					break
				}
				end++
			}
			if at, prio := wordKashida(p.Text, k, end, allowed); at >= 0 {
				if p.kashida == nil {
					p.kashida = map[int]int8{}
					p.tatweel = map[*gofont.Face]shaping.Glyph{}
				}
				p.kashida[clusterOf[at]] = prio
				p.tatweel[out.Face] = tatweel
			}
			k = end
		}
	}
}

// tatweelGlyph shapes U+0640 in face.
func (e *Engine) tatweelGlyph(p *Paragraph, face *gofont.Face) (shaping.Glyph, bool) {
	if _, ok := face.NominalGlyph(0x0640); !ok {
		return shaping.Glyph{}, false
	}
	out := e.hb.Shape(shaping.Input{
		Text: []rune{0x0640}, RunStart: 0, RunEnd: 1, Direction: p.Runs[0].Direction, Face: face,
		Size: fixed.I(refSize), Script: language.Arabic,
	})
	if len(out.Glyphs) != 1 || out.Glyphs[0].Advance <= 0 {
		return shaping.Glyph{}, false
	}
	return out.Glyphs[0], true
}

// safeToInsertTatweel shapes run out again, asking HarfBuzz where a
// tatweel may go (go-text's shaping.HarfbuzzShaper does not ask), and
// returns the clusters it marked.
func (e *Engine) safeToInsertTatweel(p *Paragraph, out shaping.Output) map[int]bool {
	font, ok := e.hbFonts[out.Face]
	if !ok {
		font = harfbuzz.NewFont(out.Face)
		if e.hbFonts == nil {
			e.hbFonts = map[*gofont.Face]*harfbuzz.Font{}
		}
		e.hbFonts[out.Face] = font
	}
	buf := harfbuzz.NewBuffer()
	buf.Flags |= harfbuzz.ProduceSafeToInsertTatweel
	buf.AddRunes(p.Text, out.Runes.Offset, out.Runes.Count)
	buf.Props.Direction = out.Direction.Harfbuzz()
	buf.Props.Script = language.Arabic
	buf.Shape(font, nil)
	safe := map[int]bool{}
	for _, info := range buf.Info {
		if info.Mask&harfbuzz.GlyphSafeToInsertTatweel != 0 {
			safe[info.Cluster] = true
		}
	}
	return safe
}
