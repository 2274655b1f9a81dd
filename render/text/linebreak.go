package text

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"posterkit/render/text/hyphen"
)

// Lines are broken by total fit (Knuth and Plass, "Breaking Paragraphs
// into Lines", 1981) over the break opportunities go-text's own line
// wrapper uses — UAX #14 from its segmenter, less those inside a HarfBuzz
// cluster — so CJK punctuation and the Thai cluster breaks stay as they
// were. Of the breakings with the fewest lines (the count first fit gives,
// or fewer when hyphenation helps), it picks the one with the least sum of
// squared slack over every line but the last (every line with
// Style.Balance). Keeping first fit's line count keeps copy-fitting's size:
// only where the lines break within a size changes.

// shy is U+00AD SOFT HYPHEN: a break opportunity (UAX #14 class BA) shown
// as a hyphen only where the line breaks.
const shy = '\u00ad'

// opportunity is a place a line may end: the next line starts at rune pos.
type opportunity struct {
	pos    int
	hyphen bool // the line ending here draws a hyphen (hyphenation or U+00AD)
}

// breaks is what line breaking needs of a paragraph, computed once when it
// is shaped and used at every size copy-fitting tries.
type breaks struct {
	opps []opportunity // ascending; the last is the paragraph's end
	// prefix[k] is the advance of the clusters that start before rune k
	// (26.6 at refSize, in 64 bits: see maxParagraphAdvance).
	prefix []int64
	// halfSpacing is what the line wrapper takes off the first glyph of a
	// line whose first run is letter-spaced.
	halfSpacing int64
	spaced      []bool // per run: letter spacing was added
	runOf       []int  // run index per rune
	// trail[k] is where the whitespace that ends text[:k] starts.
	trail []int
	// clusterOf[k] is the first rune of the cluster holding rune k;
	// blankEnd[k] is the advance the wrapper ignores at the end of a line
	// whose last cluster starts at k: all of it for a blank cluster (a
	// space) in the paragraph's direction, else the trailing half letter
	// spacing (see go-text's Output.advanceSpaceAware).
	clusterOf []int
	blankEnd  []int64
	// hyph[k] is the hyphen drawn at a break before rune k, for the
	// hyphen opportunities.
	hyph map[int]shaping.Output
}

// Penalties, in the units of a line's cost (its squared slack as a
// fraction of the line width): a hyphen costs what a line 12% loose does,
// two in a row what one 25% loose does (TeX's \hyphenpenalty and
// \doublehyphendemerits play these parts).
const (
	hyphenPenalty       = 0.12 * 0.12
	doubleHyphenPenalty = 0.25 * 0.25
)

// prepareBreaks finds p's break opportunities and, when st.Hyphenate, its
// hyphenation points.
func (e *Engine) prepareBreaks(p *Paragraph, lang string, dir di.Direction, st Style) {
	n := len(p.Text)
	br := &breaks{prefix: make([]int64, n+1), runOf: make([]int, n), spaced: make([]bool, len(p.Runs))}
	clusterStart := make([]bool, n+1)
	adv := make([]int64, n+1)
	inked := make([]bool, n+1)
	for ri, out := range p.Runs {
		for k := out.Runes.Offset; k < out.Runes.Offset+out.Runes.Count && k < n; k++ {
			br.runOf[k] = ri
		}
		if out.Runes.Offset < n {
			clusterStart[out.Runes.Offset] = true
		}
		for _, g := range out.Glyphs {
			if g.ClusterIndex >= 0 && g.ClusterIndex < n {
				clusterStart[g.ClusterIndex] = true
				adv[g.ClusterIndex] += int64(g.Advance)
				inked[g.ClusterIndex] = inked[g.ClusterIndex] || g.Width != 0
			}
		}
	}
	clusterStart[n] = true
	br.trail = make([]int, n+1)
	for k := 1; k <= n; k++ {
		br.trail[k] = k
		if trailingWhitespace(p.Text[k-1:k]) == 0 {
			br.trail[k] = br.trail[k-1]
		}
	}
	for k := 0; k < n; k++ {
		br.prefix[k+1] = br.prefix[k] + adv[k]
	}
	if st.LetterSpacing != 0 {
		br.halfSpacing = int64(fixed.Int26_6(math.Round(st.LetterSpacing*refSize*64)) / 2)
		for ri, out := range p.Runs {
			br.spaced[ri] = !joining(runScript(p, out))
		}
	}
	br.clusterOf = make([]int, n)
	br.blankEnd = make([]int64, n)
	for k := 0; k < n; k++ {
		br.clusterOf[k] = k
		if !clusterStart[k] && k > 0 {
			br.clusterOf[k] = br.clusterOf[k-1]
		}
		ri := br.runOf[k]
		switch {
		case clusterStart[k] && !inked[k] && p.Runs[ri].Direction == dir:
			br.blankEnd[k] = adv[k]
		case br.spaced[ri]:
			br.blankEnd[k] = br.halfSpacing
		}
	}
	var seg segmenter.Segmenter
	seg.Init(p.Text)
	it := seg.LineIterator()
	allowed := map[int]bool{}
	for it.Next() {
		l := it.Line()
		end := l.Offset + len(l.Text)
		if end > 0 && end < n && clusterStart[end] {
			allowed[end] = true
		}
	}
	hyphenAt := map[int]bool{}
	for pos := range allowed {
		if p.Text[pos-1] == shy {
			hyphenAt[pos] = true
		}
	}
	if st.Hyphenate {
		if pats := hyphen.For(lang); pats != nil {
			for _, pos := range hyphenationPoints(p.Text, pats) {
				if clusterStart[pos] && br.runOf[pos-1] == br.runOf[pos] && !allowed[pos] {
					allowed[pos], hyphenAt[pos] = true, true
				}
			}
		}
	}
	for pos := 1; pos < n; pos++ {
		if allowed[pos] {
			br.opps = append(br.opps, opportunity{pos: pos, hyphen: hyphenAt[pos]})
		}
	}
	br.opps = append(br.opps, opportunity{pos: n})
	p.breaks = br
	for pos := range hyphenAt {
		if h, ok := e.shapeHyphen(p, pos, lang); ok {
			if br.hyph == nil {
				br.hyph = map[int]shaping.Output{}
			}
			br.hyph[pos] = h
		}
	}
}

// runScript is the script of a run's first strong letter.
func runScript(p *Paragraph, out shaping.Output) language.Script {
	for k := out.Runes.Offset; k < out.Runes.Offset+out.Runes.Count && k < len(p.Text); k++ {
		if s := language.LookupScript(p.Text[k]); s.Strong() {
			return s
		}
	}
	return language.Common
}

// shapeHyphen shapes the hyphen drawn at a break before rune pos in the
// font, script and direction of the run it ends: U+2010 HYPHEN where the
// font has it, else U+002D.
func (e *Engine) shapeHyphen(p *Paragraph, pos int, lang string) (shaping.Output, bool) {
	ri := p.breaks.runOf[pos-1]
	run := p.Runs[ri]
	if run.Face == nil {
		return shaping.Output{}, false
	}
	r := '\u2010'
	if _, ok := run.Face.NominalGlyph(r); !ok {
		r = '-'
	}
	script := language.LookupScript(p.Text[pos-1])
	if !script.Strong() {
		script = runScript(p, run)
	}
	out := e.hb.Shape(shaping.Input{
		Text: []rune{r}, RunStart: 0, RunEnd: 1, Direction: run.Direction, Face: run.Face,
		Size: fixed.I(refSize), Script: script, Language: language.NewLanguage(lang),
	})
	if len(out.Glyphs) == 0 {
		return shaping.Output{}, false
	}
	return out, true
}

// hyphenationPoints returns the rune indices of text before which a word
// may be hyphenated. Only words of letters in tokens (text between spaces)
// that hold no digit and look like no address are hyphenated: never
// "www.itu.int/cop", "info@itu.int" or "2009"; nor words that hold a soft
// hyphen, whose author has said where they break.
func hyphenationPoints(text []rune, pats *hyphen.Patterns) []int {
	var pts []int
	for start := 0; start < len(text); {
		if unicode.IsSpace(text[start]) {
			start++
			continue
		}
		end := start
		for end < len(text) && !unicode.IsSpace(text[end]) {
			end++
		}
		tok := text[start:end]
		if hyphenatable(tok) {
			for ws := 0; ws < len(tok); {
				if !unicode.IsLetter(tok[ws]) {
					ws++
					continue
				}
				we := ws
				for we < len(tok) && (unicode.IsLetter(tok[we]) || unicode.Is(unicode.Mn, tok[we])) {
					we++
				}
				for _, k := range pats.Points(tok[ws:we]) {
					pts = append(pts, start+ws+k)
				}
				ws = we
			}
		}
		start = end
	}
	return pts
}

// hyphenatable reports whether a token between spaces may be hyphenated.
func hyphenatable(tok []rune) bool {
	s := string(tok)
	if strings.ContainsAny(s, "@/\\_#=&?\u00ad") || strings.Contains(strings.ToLower(s), "www.") {
		return false
	}
	for i, r := range tok {
		if unicode.IsDigit(r) {
			return false
		}
		// A dot between letters is a domain or an abbreviation: "itu.int".
		if r == '.' && i > 0 && i+1 < len(tok) && unicode.IsLetter(tok[i-1]) && unicode.IsLetter(tok[i+1]) {
			return false
		}
	}
	return true
}

// span is one line of a paragraph: runes [start, end), with a hyphen drawn
// at its end when hyphen is set.
type span struct {
	start, end int
	hyphen     bool
}

// width is the width of the line [a, b) of p as placeLine lays it out, in
// 26.6 units at refSize: its clusters less its trailing whitespace (UAX #9
// rule L1) and its leading half letter spacing, plus its hyphen.
func (br *breaks) width(p *Paragraph, a, b int, hyph bool) int64 {
	if a >= b {
		return 0
	}
	trail := max(a, br.trail[b])
	w := br.prefix[trail] - br.prefix[a]
	if br.halfSpacing != 0 && br.spaced[br.runOf[a]] {
		w -= br.halfSpacing
	}
	if hyph {
		if h, ok := br.hyph[b]; ok {
			w += int64(h.Advance)
		}
	}
	return w
}

// fitWidth is the width go-text's line wrapper gives the line [a, b) of p
// when it checks that it fits: its advances, less those of a blank last
// cluster, plus its hyphen. Line breaking uses it, so lines break where
// they did with first fit.
func (br *breaks) fitWidth(p *Paragraph, a, b int, hyph bool) int64 {
	if a >= b {
		return 0
	}
	w := br.prefix[b] - br.prefix[a] - br.blankEnd[br.clusterOf[b-1]]
	if br.halfSpacing != 0 && br.spaced[br.runOf[a]] {
		w -= br.halfSpacing
	}
	if hyph {
		if h, ok := br.hyph[b]; ok {
			w += int64(h.Advance)
		}
	}
	return w
}

// maxLineOpportunities bounds total fit's work, which is the paragraph's
// opportunities times those on a line: a poster's line holds a few dozen
// words (or a hundred ideographs), but a 20,000-character paragraph in a
// frame 10,000 em wide would hold them all and cost 10⁸ steps per size
// tried. A paragraph whose first-fit lines hold more keeps first fit,
// which nobody could tell from total fit on lines that long.
const maxLineOpportunities = 500

// breakParagraph breaks p into lines at most maxW wide (26.6 at refSize).
// A stretch between two opportunities wider than maxW makes a line of its
// own, which overflows (Fits reports it), as with first fit.
func breakParagraph(p *Paragraph, maxW int64, balance bool) []span {
	br := p.breaks
	if br.fitWidth(p, 0, len(p.Text), false) <= maxW {
		return []span{{0, len(p.Text), false}} // one line: nothing to choose
	}
	if len(br.opps) > maxLineOpportunities {
		ff := firstFit(p, maxW)
		if len(br.opps)/len(ff) > maxLineOpportunities/2 {
			// Lines are long; count exactly before giving up total fit.
			i := 0
			for _, s := range ff {
				n := 0
				for i < len(br.opps) && br.opps[i].pos <= s.end {
					i++
					n++
				}
				if n > maxLineOpportunities {
					return ff
				}
			}
		}
	}
	// Node 0 is the paragraph's start; node i+1 the opportunity i.
	nodes := make([]opportunity, 0, len(br.opps)+1)
	nodes = append(nodes, opportunity{pos: 0})
	nodes = append(nodes, br.opps...)
	type best struct {
		lines int
		cost  float64
		from  int
	}
	dp := make([]best, len(nodes))
	for i := 1; i < len(nodes); i++ {
		dp[i] = best{lines: math.MaxInt, from: -1}
	}
	last := len(nodes) - 1
	w := float64(max(maxW, 1))
	for b := 1; b < len(nodes); b++ {
		for a := b - 1; a >= 0; a-- {
			if dp[a].lines == math.MaxInt {
				continue
			}
			lw := br.fitWidth(p, nodes[a].pos, nodes[b].pos, nodes[b].hyphen)
			if lw > maxW && a < b-1 {
				break // wider still from further back
			}
			cost := 0.0
			switch {
			case lw > maxW: // a stretch alone that overflows
				cost = 1e6
			case b != last || balance:
				r := float64(maxW-lw) / w
				cost = r * r
			}
			if nodes[b].hyphen && b != last {
				cost += hyphenPenalty
				if nodes[a].hyphen {
					cost += doubleHyphenPenalty
				}
			}
			c := best{lines: dp[a].lines + 1, cost: dp[a].cost + cost, from: a}
			if c.lines < dp[b].lines || (c.lines == dp[b].lines && c.cost < dp[b].cost) {
				dp[b] = c
			}
		}
	}
	var out []span
	for b := last; b > 0; b = dp[b].from {
		a := dp[b].from
		out = append(out, span{nodes[a].pos, nodes[b].pos, nodes[b].hyphen && b != last})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// firstFit breaks p as go-text's LineWrapper does, line by line at the last
// opportunity that fits, without hyphenation: the reference total fit is
// measured against.
func firstFit(p *Paragraph, maxW int64) []span {
	br := p.breaks
	var out []span
	start := 0
	for start < len(p.Text) {
		end := -1
		for _, o := range br.opps {
			if o.pos <= start || (o.hyphen && p.Text[o.pos-1] != shy) {
				continue
			}
			if br.fitWidth(p, start, o.pos, false) > maxW {
				if end < 0 {
					end = o.pos
				}
				break
			}
			end = o.pos
		}
		out = append(out, span{start, end, false})
		start = end
	}
	return out
}

// cutLine returns the runs of p's line s as go-text's wrapper cuts them:
// each run's glyphs whose cluster lies in the line, the first run's
// leading half letter spacing removed, and the hyphen glyph appended to
// the last run. hyphenAt is the index in the last run's glyphs of the
// hyphen, or -1.
func cutLine(p *Paragraph, s span) (line shaping.Line, hyphenAt int) {
	br := p.breaks
	hyphenAt = -1
	for ri, out := range p.Runs {
		lo, hi := out.Runes.Offset, out.Runes.Offset+out.Runes.Count
		if hi <= s.start || lo >= s.end {
			continue
		}
		lo, hi = max(lo, s.start), min(hi, s.end)
		// A run's clusters ascend in its glyphs, or descend right to left.
		gs := out.Glyphs
		var g0, g1 int
		if out.Direction.Progression() == di.TowardTopLeft {
			g0 = sort.Search(len(gs), func(i int) bool { return gs[i].ClusterIndex < hi })
			g1 = sort.Search(len(gs), func(i int) bool { return gs[i].ClusterIndex < lo })
		} else {
			g0 = sort.Search(len(gs), func(i int) bool { return gs[i].ClusterIndex >= lo })
			g1 = sort.Search(len(gs), func(i int) bool { return gs[i].ClusterIndex >= hi })
		}
		cut := out
		cut.Glyphs = nil
		if g0 < g1 {
			cut.Glyphs = gs[g0:g1:g1]
		}
		cut.Runes = shaping.Range{Offset: lo, Count: hi - lo}
		if len(line) == 0 && br.halfSpacing != 0 && br.spaced[ri] && len(cut.Glyphs) > 0 {
			cut.Glyphs = append([]shaping.Glyph(nil), cut.Glyphs...)
			first := &cut.Glyphs[0]
			first.Advance -= fixed.Int26_6(br.halfSpacing)
			first.XAdvance -= fixed.Int26_6(br.halfSpacing)
			first.XOffset -= fixed.Int26_6(br.halfSpacing)
		}
		line = append(line, cut)
	}
	if s.hyphen && len(line) > 0 {
		if h, ok := br.hyph[s.end]; ok {
			k := len(line) - 1
			run := &line[k]
			gs := make([]shaping.Glyph, 0, len(run.Glyphs)+len(h.Glyphs))
			hg := append([]shaping.Glyph(nil), h.Glyphs...)
			for i := range hg {
				hg[i].ClusterIndex = br.clusterOf[s.end-1] // the hyphen belongs to the cluster it follows
			}
			if run.Direction.Progression() == di.TowardTopLeft {
				gs = append(append(gs, hg...), run.Glyphs...)
				hyphenAt = 0
			} else {
				gs = append(append(gs, run.Glyphs...), hg...)
				hyphenAt = len(run.Glyphs)
			}
			run.Glyphs = gs
		}
	}
	for i := range line {
		line[i].RecomputeAdvance()
	}
	return line, hyphenAt
}
