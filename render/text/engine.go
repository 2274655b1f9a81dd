// Package text is posterkit's text engine: it itemises a frame's text by bidi
// level, script and font, shapes it with go-text's HarfBuzz port, breaks it
// into lines by total fit (UAX #14 opportunities with CJK punctuation rules,
// hyphenation by package hyphen where a style asks), orders each line
// visually, justifies Arabic with kashida, and copy-fits it to a box. It produces positioned glyphs; drawing them is
// the backends' business, and choosing fonts is the fonts package's.
package text

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/di"
	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"

	"posterkit/fonts"
)

// refSize is the size, in pixels per em, every run is shaped at. Layout is
// size-independent (no hinting), so text is shaped once and scaled to each
// size copy-fitting tries. HarfbuzzShaper rounds Input.Size up to a whole
// pixel; at 1024 px/em that step is 1/1024 em and positions keep 1/65536 em.
const refSize = 1024

// Style is what the engine needs of a text style; sizes come per call.
type Style struct {
	Role          fonts.Role
	Weight        fonts.Weight
	Leading       float64 // line height as a multiple of the size; 0 means 1.2
	LetterSpacing float64 // em, between clusters; ignored for joining scripts; 0 adds none
	// Space between paragraphs: ParagraphSpacing em of the size plus
	// ParagraphSpacingPt points (see paragraphGap); 0 adds none.
	ParagraphSpacing, ParagraphSpacingPt float64
	// Hyphenate allows breaks inside words, by the language's TeX
	// patterns (see package hyphen). A soft hyphen (U+00AD) is a break
	// point whatever it says.
	Hyphenate bool
	// Balance evens out the lines, the last included, instead of filling
	// all but the last: for headlines and short frames.
	Balance bool
}

// Engine shapes and lays out text. It keeps shaping caches and buffers: it is
// not safe for concurrent use; make one per goroutine. The zero value has
// no fonts and is unusable: make engines with NewEngine.
type Engine struct {
	reg     *fonts.Registry
	seg     shaping.Segmenter
	hb      shaping.HarfbuzzShaper
	wrap    shaping.LineWrapper
	faces   map[*fonts.Font]*gofont.Face
	byFace  map[*gofont.Face]*fonts.Font
	hbFonts map[*gofont.Face]*harfbuzz.Font // for safeToInsertTatweel
	// runBuf and glyphBuf hold the paragraph being wrapped (see wrapCopy).
	runBuf   []shaping.Output
	glyphBuf []shaping.Glyph
}

// NewEngine returns an engine drawing fonts from reg, and only from reg.
func NewEngine(reg *fonts.Registry) *Engine {
	return &Engine{reg: reg, faces: map[*fonts.Font]*gofont.Face{}, byFace: map[*gofont.Face]*fonts.Font{}}
}

func (e *Engine) face(f *fonts.Font) (*gofont.Face, error) {
	if fc, ok := e.faces[f]; ok {
		return fc, nil
	}
	// The engine shapes and tests ink; it never draws outlines.
	fc, err := f.ShapingFace()
	if err != nil {
		return nil, err
	}
	e.faces[f] = fc
	e.byFace[fc] = f
	return fc, nil
}

// Block is a frame's text, shaped once and ready to wrap at any size.
type Block struct {
	Lang       string
	Dir        di.Direction // paragraph direction, from the language or the text
	Script     language.Script
	Paragraphs []*Paragraph
	Style      Style
	// Missing lists the characters no font covers, in order of first use.
	Missing []rune
	// Ascent and Descent of the block's primary font, in em (descent positive).
	Ascent, Descent float64
}

// Paragraph is one paragraph of a block (text between line feeds).
type Paragraph struct {
	Text []rune
	Runs []shaping.Output // logical order, shaped at refSize
	Font []*fonts.Font    // Font[i] is the font of Runs[i]
	// Inserted marks the runes of Text the engine added (break
	// opportunities in Thai); nil when there are none.
	Inserted []bool
	// levels is the bidi embedding level of each rune of Text (UAX #9
	// before line rules), level the paragraph's; every run has one level.
	levels []level
	level  level
	breaks *breaks // see prepareBreaks
	// kashida maps the first rune of a cluster after which a justified
	// line may put tatweels to its priority (see kashida.go); tatweel is
	// each Arabic font's tatweel glyph.
	kashida map[int]int8
	tatweel map[*gofont.Face]shaping.Glyph
}

// rtlLanguages are written right to left whatever their text starts with.
var rtlLanguages = map[string]bool{
	"ar": true, "he": true, "iw": true, "fa": true, "ur": true, "ps": true, "sd": true,
	"ug": true, "ckb": true, "dv": true, "yi": true, "syr": true, "ku-arab": true,
}

// Direction returns the paragraph direction for text in language lang: the
// language's own where known, else that of the first strong character
// (UAX #9 rules P2–P3).
func Direction(lang, text string) di.Direction {
	l := strings.ToLower(lang)
	primary, _, _ := strings.Cut(l, "-")
	if rtlLanguages[l] || rtlLanguages[primary] {
		return di.DirectionRTL
	}
	if strings.Contains(l, "-arab") || strings.Contains(l, "-hebr") {
		return di.DirectionRTL
	}
	for _, r := range text {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return di.DirectionLTR
		case bidi.R, bidi.AL:
			return di.DirectionRTL
		}
	}
	return di.DirectionLTR
}

// dominantScript is the strong script with the most characters in text, or
// Latin for text without one.
func dominantScript(text []rune) language.Script {
	count := map[language.Script]int{}
	best, bestN := language.Latin, 0
	for _, r := range text {
		s := language.LookupScript(r)
		if !s.Strong() {
			continue
		}
		count[s]++
		if n := count[s]; n > bestN || (n == bestN && s < best) {
			best, bestN = s, n
		}
	}
	return best
}

// joining reports scripts whose letters connect, where letter spacing would
// break the word apart.
func joining(s language.Script) bool {
	switch s {
	case language.Arabic, language.Syriac, language.Nko, language.Mongolian, language.Mandaic,
		language.Adlam, language.Hanifi_Rohingya, language.Devanagari, language.Bengali, language.Gurmukhi:
		return true
	}
	return false
}

// fontmap resolves a face per character for the segmenter: the chain of the
// run's script, where characters of script Common or Inherited (digits,
// punctuation) take the paragraph's script, so "2009" in an Arabic paragraph
// stays in the Arabic font when it covers digits.
type fontmap struct {
	e          *Engine
	style      Style
	paraScript language.Script
	chain      []*fonts.Font
	chains     map[language.Script][]*fonts.Font
	missing    []rune
	seen       map[rune]bool
	err        error
}

var _ shaping.FontmapScript = (*fontmap)(nil)

func (m *fontmap) SetScript(s language.Script) {
	if !s.Strong() {
		s = m.paraScript
	}
	m.chain = m.chainFor(s)
}

func (m *fontmap) chainFor(s language.Script) []*fonts.Font {
	c, ok := m.chains[s]
	if !ok {
		c = m.e.reg.Chain(s, m.style.Role, m.style.Weight)
		m.chains[s] = c
	}
	return c
}

func (m *fontmap) ResolveFace(r rune) *gofont.Face {
	if m.chain == nil {
		m.SetScript(m.paraScript)
	}
	// Digits and punctuation (script Common or Inherited) prefer the
	// paragraph's font wherever they sit, so "(ITU)" in Arabic gets two
	// Arabic parentheses although the segmenter gives ")" to the Latin run.
	if !language.LookupScript(r).Strong() {
		for _, f := range m.chainFor(m.paraScript) {
			if f.Covers(r) {
				return m.mustFace(f)
			}
		}
	}
	for _, f := range m.chain {
		if f.Covers(r) {
			return m.mustFace(f)
		}
	}
	if !invisible(r) && !m.seen[r] {
		m.seen[r] = true
		m.missing = append(m.missing, r)
	}
	return m.mustFace(m.chain[0])
}

func (m *fontmap) mustFace(f *fonts.Font) *gofont.Face {
	fc, err := m.e.face(f)
	if err != nil && m.err == nil {
		m.err = err
	}
	if fc == nil {
		// An unparsable user font: fall back to the first font of the
		// paragraph's chain that parses, so segmentation goes on; the
		// error is reported by Shape.
		for _, alt := range m.chainFor(m.paraScript) {
			if fc, _ = m.e.face(alt); fc != nil {
				break
			}
		}
	}
	return fc
}

// invisible reports characters that need no glyph of their own: controls,
// format characters (bidi controls, joiners) and line separators.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) ||
		harfbuzz.IsDefaultIgnorable(r)
}

// errNoFonts is returned by Shape for an engine whose registry is empty.
var errNoFonts = errors.New("text: no fonts (make the engine with NewEngine and a registry)")

// Registry returns the fonts the engine draws from.
func (e *Engine) Registry() *fonts.Registry { return e.reg }

// Shape itemises and shapes text in language lang. Paragraphs are separated
// by line feeds. Characters no font covers are listed in Block.Missing (they
// are drawn as the font's .notdef glyph if drawn at all; callers decide).
// Text over the engine's limits (see MaxText) gives a *TooLong.
func (e *Engine) Shape(text, lang string, st Style) (*Block, error) {
	if err := checkLength(text); err != nil {
		return nil, err
	}
	if st.Leading <= 0 {
		st.Leading = 1.2
	}
	runes := []rune(text)
	b := &Block{Lang: lang, Dir: Direction(lang, text), Script: dominantScript(runes), Style: st}
	fm := &fontmap{e: e, style: st, paraScript: b.Script, chains: map[language.Script][]*fonts.Font{}, seen: map[rune]bool{}}
	chain := e.reg.Chain(b.Script, st.Role, st.Weight)
	if len(chain) == 0 {
		return nil, errNoFonts
	}
	if fc, err := e.face(chain[0]); err == nil {
		if ext, ok := fc.FontHExtents(); ok {
			upem := float64(fc.Upem())
			b.Ascent, b.Descent = float64(ext.Ascender)/upem, -float64(ext.Descender)/upem
		}
	}
	if b.Ascent == 0 {
		b.Ascent, b.Descent = 0.9, 0.25
	}
	for i, para := range splitParagraphs(runes) {
		p, err := e.shapeParagraph(para, lang, b, fm)
		if err != nil {
			return nil, err
		}
		if err := checkAdvance(p, i+1); err != nil {
			return nil, err
		}
		b.Paragraphs = append(b.Paragraphs, p)
	}
	b.Missing = fm.missing
	return b, fm.err
}

// splitParagraphs splits at LF, CR LF, CR and U+2029; the separators
// themselves are dropped.
func splitParagraphs(text []rune) [][]rune {
	var out [][]rune
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n', '\r', '\u2029', '\u2028', '\v', '\f', '\u0085':
			out = append(out, text[start:i])
			if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	return append(out, text[start:])
}

func (e *Engine) shapeParagraph(text []rune, lang string, b *Block, fm *fontmap) (*Paragraph, error) {
	text, inserted := insertClusterBreaks(text)
	p := &Paragraph{Text: text, Inserted: inserted}
	if len(text) == 0 {
		return p, nil
	}
	in := shaping.Input{
		Text: text, RunStart: 0, RunEnd: len(text),
		Direction: b.Dir, Size: fixed.I(refSize),
		Language: language.NewLanguage(lang), Script: b.Script,
	}
	para := level(0)
	if b.Dir == di.DirectionRTL {
		para = 1
	}
	p.levels, p.level = paragraphLevels(text, para)
	fm.chain = nil
	// The segmenter splits by direction only (see bidi.go): cut its
	// items where the level changes, so that each run has one level for
	// the line's reordering, and give each the direction of its level.
	var items []shaping.Input
	for _, it := range e.seg.Split(in, fm) {
		for start := it.RunStart; start < it.RunEnd; {
			end := start + 1
			for end < it.RunEnd && p.levels[end] == p.levels[start] {
				end++
			}
			piece := it
			piece.RunStart, piece.RunEnd = start, end
			if p.levels[start]%2 == 1 {
				piece.Direction.SetProgression(di.TowardTopLeft)
			} else {
				piece.Direction.SetProgression(di.FromTopLeft)
			}
			items = append(items, piece)
			start = end
		}
	}
	for _, it := range items {
		if !it.Script.Strong() {
			it.Script = b.Script
		}
		out := e.hb.Shape(it)
		f := e.byFace[it.Face]
		if b.Style.LetterSpacing != 0 && !joining(it.Script) {
			out.AddLetterSpacing(fixed.Int26_6(math.Round(b.Style.LetterSpacing*refSize*64)), false, false)
		}
		p.Runs = append(p.Runs, out)
		p.Font = append(p.Font, f)
	}
	e.prepareBreaks(p, lang, b.Dir, b.Style)
	e.prepareKashida(p)
	return p, nil
}

// Glyph is a glyph placed on a line: X from the line's left edge and Y from
// its baseline (up positive, as in fonts), both in em.
type Glyph struct {
	ID      uint16
	X, Y    float64
	Advance float64
	Text    string // source text, on one glyph per cluster (see scene.Glyph)
	Cluster int    // index in the paragraph of the cluster's first character
	// OffX, OffY is the shaper's offset included in X, Y (em, y up).
	OffX, OffY float64
}

// Run is a visual run of one font on a line.
type Run struct {
	Font   *fonts.Font
	RTL    bool
	Glyphs []Glyph // visual order
	// Logical is the run's index on its line in logical order.
	Logical int
}

// Line is one wrapped line, in em.
type Line struct {
	Runs  []Run // visual order
	Width float64
	// Last marks the last line of a paragraph (not justified).
	Last bool
	// kashida lists where justification may stretch Arabic words.
	kashida []kashidaSlot
}

// Wrap breaks the block into lines no wider than width em (the frame width
// divided by the font size). A word wider than the width is put on a line of
// its own and overflows; Fits reports that.
func (e *Engine) Wrap(b *Block, width float64) []Line {
	var lines []Line
	for _, p := range b.Paragraphs {
		if len(p.Runs) == 0 {
			lines = append(lines, Line{Last: true})
			continue
		}
		fontOf := map[*gofont.Face]*fonts.Font{}
		for i, r := range p.Runs {
			fontOf[r.Face] = p.Font[i]
		}
		// placeLine orders each line and trims its trailing whitespace.
		_, maxW := wrapConfig(b, width)
		spans := breakParagraph(p, int64(maxW), b.Style.Balance)
		for i, s := range spans {
			wl, hyph := cutLine(p, s)
			lines = append(lines, e.placeLine(p, wl, hyph, fontOf, i == len(spans)-1))
		}
	}
	return lines
}

const toEm = 1.0 / (refSize * 64)

// placeLine converts a wrapped line to visual runs with em positions. It
// orders the line itself (UAX #9 rules L1 and L2 over the paragraph's
// levels): go-text's LineWrapper orders runs by direction alone, as if
// every run against the paragraph's direction sat at level 1. Whitespace
// that ends the line (rule L1) goes back to the paragraph level, so it sits
// at the line's visual end, and gets no width, so alignment ignores it.
//
// hyphenAt is the index in the last run of wl of a hyphen the line breaking
// added, or -1: it stands for U+00AD in the text (PDF 1.7, 14.8.2.2.3), or
// for nothing when the text has its own soft hyphen there.
func (e *Engine) placeLine(p *Paragraph, wl shaping.Line, hyphenAt int, fontOf map[*gofont.Face]*fonts.Font, last bool) Line {
	line := Line{Last: last}
	if len(wl) == 0 {
		return line
	}
	lineStart := wl[0].Runes.Offset
	lineEnd := wl[len(wl)-1].Runes.Offset + wl[len(wl)-1].Runes.Count
	lineStart, lineEnd = max(0, min(lineStart, len(p.Text))), max(0, min(lineEnd, len(p.Text)))
	lv := lineLevels(p.Text[lineStart:lineEnd], p.levels[lineStart:lineEnd], p.level)
	trailFrom := lineStart + trailingWhitespace(p.Text[lineStart:lineEnd])
	levelAt := func(c int) level {
		if c < lineStart || c >= lineEnd {
			return p.level
		}
		return lv[c-lineStart]
	}
	// A piece is a run, or the part of one whose L1 level differs from
	// the rest (its trailing whitespace): glyphs [lo, hi) of run run.
	type piece struct {
		run, lo, hi int
		level       level
	}
	var pieces []piece // logical order
	texts := make([][]string, len(wl))
	for ri, out := range wl {
		rtl := out.Direction.Progression() == di.TowardTopLeft
		texts[ri] = clusterTexts(p.Text, p.Inserted, out, rtl)
		if ri == len(wl)-1 && hyphenAt >= 0 && hyphenAt < len(texts[ri]) {
			texts[ri][hyphenAt] = ""
			if end := out.Runes.Offset + out.Runes.Count; end > 0 && end <= len(p.Text) && p.Text[end-1] != shy {
				texts[ri][hyphenAt] = string(shy)
			}
		}
		n := len(out.Glyphs)
		if n == 0 {
			pieces = append(pieces, piece{ri, 0, 0, levelAt(out.Runes.Offset)})
			continue
		}
		var runPieces []piece // in glyph order
		for gi := 0; gi < n; gi++ {
			l := levelAt(out.Glyphs[gi].ClusterIndex)
			if k := len(runPieces) - 1; k >= 0 && runPieces[k].level == l {
				runPieces[k].hi = gi + 1
				continue
			}
			runPieces = append(runPieces, piece{ri, gi, gi + 1, l})
		}
		if rtl { // glyphs of a right-to-left run are in visual order
			slices.Reverse(runPieces)
		}
		pieces = append(pieces, runPieces...)
	}
	levels := make([]level, len(pieces))
	for i, pc := range pieces {
		levels[i] = pc.level
	}
	x := 0.0
	for _, pi := range visualOrder(levels) {
		pc := pieces[pi]
		out := wl[pc.run]
		rtl := out.Direction.Progression() == di.TowardTopLeft
		run := Run{Font: fontOf[out.Face], RTL: rtl, Logical: pi}
		run.Glyphs = make([]Glyph, 0, pc.hi-pc.lo) // once, not append's doublings
		for gi := pc.lo; gi < pc.hi; gi++ {
			g := out.Glyphs[gi]
			adv := float64(g.Advance) * toEm
			if g.ClusterIndex >= trailFrom && (pc.run != len(wl)-1 || gi != hyphenAt) {
				adv = 0 // the hyphen after a soft hyphen (class BN, trailing) keeps its width
			}
			if p.Inserted != nil && g.ClusterIndex < len(p.Inserted) && p.Inserted[g.ClusterIndex] && texts[pc.run][gi] == "" {
				// A break opportunity the engine inserted: no ink, no
				// text, nothing to draw.
				x += adv
				continue
			}
			if rtl && len(p.kashida) > 0 && gi > pc.lo && out.Glyphs[gi-1].ClusterIndex > g.ClusterIndex {
				if prio := p.kashida[g.ClusterIndex]; prio > 0 {
					if tw, ok := p.tatweel[out.Face]; ok {
						line.kashida = append(line.kashida, kashidaSlot{run: len(line.Runs), glyph: len(run.Glyphs),
							prio: prio, id: uint16(tw.GlyphID), advance: float64(tw.Advance) * toEm, cluster: g.ClusterIndex})
					}
				}
			}
			run.Glyphs = append(run.Glyphs, Glyph{
				ID:      uint16(g.GlyphID),
				X:       x + float64(g.XOffset)*toEm,
				Y:       float64(g.YOffset) * toEm,
				Advance: adv,
				Text:    texts[pc.run][gi],
				Cluster: g.ClusterIndex,
				OffX:    float64(g.XOffset) * toEm,
				OffY:    float64(g.YOffset) * toEm,
			})
			x += adv
		}
		line.Runs = append(line.Runs, run)
	}
	line.Width = x
	return line
}

// clusterTexts returns, per glyph of out, the source text it stands for: a
// cluster's text (from its index to the next cluster's) on the glyph that
// comes first in logical order, "" on its other glyphs.
func clusterTexts(text []rune, inserted []bool, out shaping.Output, rtl bool) []string {
	n := len(out.Glyphs)
	res := make([]string, n)
	start, end := out.Runes.Offset, out.Runes.Offset+out.Runes.Count
	starts := make([]int, 0, n)
	for _, g := range out.Glyphs {
		starts = append(starts, g.ClusterIndex)
	}
	sorted := append([]int(nil), starts...)
	sort.Ints(sorted)
	next := func(c int) int {
		i := sort.SearchInts(sorted, c+1)
		if i < len(sorted) {
			return sorted[i]
		}
		return end
	}
	done := map[int]bool{}
	visit := func(i int) {
		c := starts[i]
		if done[c] {
			return
		}
		done[c] = true
		from := c
		if from == sorted[0] {
			from = start // runes before the first cluster (cut runs) belong to it
		}
		to := next(c)
		from, to = max(from, 0), min(to, len(text))
		if from < to && inserted == nil {
			res[i] = string(text[from:to])
		} else if from < to {
			var b strings.Builder
			for k := from; k < to; k++ {
				if !inserted[k] {
					b.WriteRune(text[k])
				}
			}
			res[i] = b.String()
		}
	}
	if rtl {
		for i := n - 1; i >= 0; i-- {
			visit(i)
		}
	} else {
		for i := 0; i < n; i++ {
			visit(i)
		}
	}
	return res
}

// Fit is a block laid out at one size.
type Fit struct {
	Size       float64 // points
	Lines      []Line  // in em
	LineHeight float64 // points
	Height     float64 // points: lines × line height, and the space between paragraphs
	MaxWidth   float64 // points: the widest line
}

// Layout wraps the block at size (points) for a box width (points).
func (e *Engine) Layout(b *Block, size, boxWidth float64) Fit {
	lines := e.Wrap(b, boxWidth/size)
	f := Fit{Size: size, Lines: lines, LineHeight: b.Style.Leading * size}
	f.Height = float64(len(lines))*f.LineHeight + paragraphGap(b, size, len(b.Paragraphs))
	for _, l := range lines {
		f.MaxWidth = max(f.MaxWidth, l.Width*size)
	}
	return f
}

// Fits reports whether f fits a box of w × h points in at most maxLines
// lines (0: no limit).
func (f Fit) Fits(w, h float64, maxLines int) bool {
	return fits(f.MaxWidth, f.Height, len(f.Lines), w, h, maxLines)
}

// Overflow describes text that does not fit its frame at the minimum size.
type Overflow struct {
	Size         float64 // the minimum size tried
	Lines        int     // lines needed
	MaxLines     int
	Height, BoxH float64 // points
	Width, BoxW  float64 // points: widest line (a single word may be wider than the box)
	// Room is how many lines fit the box at Size (its height and the line
	// limit), so Lines - Room is how many lines too many there are.
	Room int
}

// ExtraLines is how many lines the text overflows by at the minimum size.
func (o *Overflow) ExtraLines() int { return max(0, o.Lines-o.Room) }

func (o *Overflow) Error() string {
	parts := []string{fmt.Sprintf("%d lines too many (%d needed, %d fit)", o.ExtraLines(), o.Lines, o.Room)}
	if o.ExtraLines() == 0 {
		parts = nil
	}
	if o.MaxLines > 0 && o.Lines > o.MaxLines {
		parts = append(parts, fmt.Sprintf("needs %d lines, %d allowed", o.Lines, o.MaxLines))
	}
	if o.Height > o.BoxH+1e-6 {
		parts = append(parts, fmt.Sprintf("is %.1f mm too tall (%.1f mm for a %.1f mm box)",
			(o.Height-o.BoxH)*mmPerPt, o.Height*mmPerPt, o.BoxH*mmPerPt))
	}
	if o.Width > o.BoxW+1e-6 {
		parts = append(parts, fmt.Sprintf("has a line %.1f mm too wide", (o.Width-o.BoxW)*mmPerPt))
	}
	return fmt.Sprintf("text does not fit at the minimum size %.1f pt: %s", o.Size, strings.Join(parts, ", "))
}

const mmPerPt = 25.4 / 72

// sizeStep is copy-fit's resolution in points.
const sizeStep = 0.1

// CopyFit returns the layout at the largest size in [minSize, maxSize], on a
// 0.1 pt grid, at which the block fits a box of w × h points in at most
// maxLines lines. If it does not fit even at minSize it returns the layout
// at minSize and an *Overflow. The sizes it tries are only measured; it
// builds the lines of the one it returns.
func (e *Engine) CopyFit(b *Block, w, h float64, maxLines int, minSize, maxSize float64) (Fit, error) {
	if maxSize < minSize {
		maxSize = minSize
	}
	if e.measure(b, maxSize, w).fits(w, h, maxLines) {
		return e.Layout(b, maxSize, w), nil
	}
	lo := int(math.Ceil(minSize/sizeStep - 1e-9))
	hi := int(math.Floor(maxSize/sizeStep + 1e-9))
	if !e.measure(b, minSize, w).fits(w, h, maxLines) {
		low := e.Layout(b, minSize, w)
		room := int(math.Floor((h + 1e-6) / low.LineHeight))
		if maxLines > 0 {
			room = min(room, maxLines)
		}
		return low, &Overflow{Size: minSize, Lines: len(low.Lines), MaxLines: maxLines,
			Height: low.Height, BoxH: h, Width: low.MaxWidth, BoxW: w, Room: room}
	}
	best := minSize
	// Invariant: size lo*step fits (or is minSize), hi*step+step does not.
	for lo < hi {
		mid := (lo + hi + 1) / 2
		size := float64(mid) * sizeStep
		if e.measure(b, size, w).fits(w, h, maxLines) {
			lo, best = mid, size
		} else {
			hi = mid - 1
		}
	}
	return e.Layout(b, best, w), nil
}

// RTL is the right-to-left paragraph direction, as Direction returns it.
const RTL = di.DirectionRTL
