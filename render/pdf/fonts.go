package pdf

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"posterkit/fonts"
	"posterkit/fonts/subset"
	"posterkit/render/scene"
)

// embeddedFont is one font as the document embeds it.
//
// A TrueType font is subset, and gets one CID per distinct unit it draws:
// a glyph standing for a text, or a cluster of several glyphs (an Arabic
// skeleton and its dots in Noto Kufi, a base and its marks) drawn as one
// composite glyph that the subset adds. A CIDToGIDMap maps CIDs to the
// subset's glyphs. Every CID then has exactly one ToUnicode entry, which
// every reader honours: measured, mupdf 1.21 ignores ActualText and prints
// U+FFFD for a glyph without text (a dot), and poppler 22 splits words at
// ActualText spans.
//
// A CFF font is embedded whole with CID = glyph ID; where a glyph's text
// differs from its ToUnicode entry the run uses ActualText.
type embeddedFont struct {
	src     *fonts.Font
	res     string // resource name, F1…
	metrics *fonts.Metrics
	data    []byte // subset (or whole CFF font)
	tag     string
	cffFont bool
	cids    map[unitID]uint16
	gidOf   []uint16           // CID → glyph ID in data
	text    map[uint16]string  // CID → ToUnicode text
	widths  map[uint16]float64 // CID → advance in 1/1000 em
}

// A unit is what one CID draws — one glyph, a cluster of several drawn
// as one composite glyph, or nothing (the carrier of a cluster's marks'
// text, appendUnit) — with the text it stands for.
type unit struct {
	id unitID
	// glyphs is the unit's glyph as a single component without offsets,
	// or the cluster's composite: its advance and each glyph's offset in
	// font units (y up) from the composite's origin; a carrier has no
	// components and no advance.
	glyphs subset.Composite
}

// unitID identifies a unit: its glyphs spelt canonically ("gid", or
// "advance|gid,dx,dy;gid,dx,dy…" for a composite) and its text. Units are
// deduplicated and sorted by it, which fixes the CID order and the subset
// tag, so the same scene always gives the same file.
type unitID struct {
	glyphs string
	text   string
}

func (u unit) single() bool { return len(u.glyphs.Components) == 1 }

// placedUnit is a unit at its position on the page.
type placedUnit struct {
	unit
	x, y float64
	// actual, when hasActual, is the unit's text for readers that take
	// ActualText, where it differs from its ToUnicode text (rtlMarks).
	actual    string
	hasActual bool
}

// units splits a run into units, in visual order.
func (ef *embeddedFont) units(gr *scene.GlyphRun) []placedUnit {
	var out []placedUnit
	for i := 0; i < len(gr.Glyphs); {
		j := i + 1
		for j < len(gr.Glyphs) && gr.Glyphs[j].Cluster == gr.Glyphs[i].Cluster {
			j++
		}
		cl := gr.Glyphs[i:j]
		i = j
		var txt strings.Builder
		for _, g := range cl {
			txt.WriteString(g.Text)
		}
		if comp, origin, ok := ef.composite(cl, gr.Size); ok {
			out = ef.appendUnit(out, gr, placedUnit{unit: unit{unitID{compositeKey(comp), unitText(gr, txt.String())}, comp}, x: origin.X, y: origin.Y}, float64(comp.Advance))
			continue
		}
		for _, g := range cl {
			one := subset.Composite{Components: []subset.Component{{GID: g.ID}}}
			out = ef.appendUnit(out, gr, placedUnit{unit: unit{unitID{strconv.Itoa(int(g.ID)), unitText(gr, g.Text)}, one}, x: g.X, y: g.Y}, ef.metrics.Advance(g.ID))
		}
	}
	// A carrier sits at the pen after its unit, or where the next unit
	// starts if a kern moves that back. poppler (22.12, TextPage::addChar)
	// takes a letter starting within 0.1 em (dupMaxPriDelta) of the one
	// before for duplicated text and gives each a word of its own, whose
	// left edges then order the line: with the carrier 0.000875 pt after
	// the next letter, साइबरस्पेस read as "साइबरस्पस" and, on a line of
	// its own, "े" (measured; words 0.988, against 1.000 with this).
	for k := 1; k+1 < len(out); k++ {
		if c, next := &out[k], out[k+1]; c.carrier() && next.y == c.y && next.x < c.x && next.x >= out[k-1].x {
			c.x = next.x
		}
	}
	return out
}

// rtlSpace is the ToUnicode text of a word space in a right-to-left run,
// and rtlSpaceActual the ActualText the content stream gives it: the space
// with a right-to-left mark (U+200F) before it for pdf.js, after it for
// poppler, which lose words without them; no order of writing the glyphs
// serves all four readers (TestReaderLimitsOnAMinimalFile).
//
// Right-to-left text is written in logical order (content.go), so each
// glyph lies left of the one before. pdf.js starts a new text item at every
// such move and forgets the space glyph before it (compareWithLastPosition
// calls resetLastChars), and it never keeps a glyph whose text starts with
// white space (buildTextContentItem; its SpecialCharRegExp is "^(\s)|…"),
// so every word space of an Arabic paragraph was lost. Text that starts
// with the mark is not white space to it: the space becomes an item of its
// own.
//
// poppler and pdfium read ActualText instead. poppler orders a line's
// characters by their places and treats every one that is not
// right-to-left as left-to-right (TextOutputDev's reorderText), so a full
// stop, a digit or a bracket and the space beside it kept their visual
// order between right-to-left words ("أهلا .بكم"). The mark after the
// space is right-to-left and parts them. The last space of a line gets the
// plain space: with the mark, poppler moved the line's last letter to a
// line of its own.
//
// Words read back on the bundled poster (TestEveryReaderGetsTheWords),
// before → after: pdf.js Arabic 0.010 → 1.000, Hebrew 0.000 → 1.000;
// poppler Arabic 0.804 → 0.971, Hebrew 0.703 → 0.969; mupdf (0.980, 0.969)
// and pdfium (0.941, 0.922) as before. The marks are what mupdf, pdf.js
// and pdfium then give a user who copies the text: they are invisible and
// change nothing in how it is shown, since a space between right-to-left
// words is right-to-left already.
const (
	rtlSpace       = "\u200f "
	rtlSpaceActual = " \u200f"
)

// unitText is the ToUnicode text of a unit of gr that stands for text.
func unitText(gr *scene.GlyphRun, text string) string {
	if gr.RTL && text == " " {
		return rtlSpace
	}
	return text
}

// appendUnit appends u, whose glyph advances adv font units, to out. In a
// left-to-right run of a TrueType font a unit whose text has a nonspacing
// mark (Mn) after its first letter — Devanagari दू, सं, श्व, Thai คุ้, ด็ —
// is split in two: u with the text before the first mark, then an empty
// glyph of no advance (markCarrier) with the rest. The page draws the same
// glyphs at the same places; only which code carries which characters
// changes.
//
// pdf.js (pdfjs-dist 4.10.38, getTextContent) takes any glyph whose text
// contains a mark for a zero-width diacritic: getCharUnicodeCategory tests
// /^(\s)|(\p{Mn})|(\p{Cf})$/u, whose \p{Mn} alternative is not anchored.
// For such a glyph buildTextContentItem neither advances its pen by the
// /W width, nor checks the position (compareWithLastPosition), nor moves
// prevTransform, so the next letter is measured from before the cluster
// and a gap over 0.102 em (SPACE_IN_FLOW_MIN_FACTOR) becomes a space in
// the word. A word space drawn before दू was found after it ("दू रसंचार");
// a Tm (for a kern back before ด็) put its pen back in step with the page,
// and the advance of คุ้ it had skipped became a gap ("เด็ ก"); क्ष at the
// start of a line went on the end of the line before. Measured on the
// Hindi and Thai posters, pdf.js read words back 0.729 and 0.316; with
// the marks' text on glyphs of no advance, 1.000 and 1.000.
//
// Right-to-left runs, drawn reversed in logical order (content.go), split
// only a letter followed by marks alone, and the other way round
// (rtlMarks). CFF fonts draw glyphs by glyph ID and have no empty glyph to
// add.
func (ef *embeddedFont) appendUnit(out []placedUnit, gr *scene.GlyphRun, u placedUnit, adv float64) []placedUnit {
	cut := strings.IndexFunc(u.id.text, func(r rune) bool { return unicode.Is(unicode.Mn, r) })
	if gr.RTL && !ef.metrics.CFF && cut > 0 && onlyMarks(u.id.text[cut:]) {
		return append(out, rtlMarks(u)...)
	}
	if gr.RTL || ef.metrics.CFF || cut <= 0 {
		return append(out, u)
	}
	text := u.id.text
	u.id.text = text[:cut]
	// The pen after u, reckoned as glyphRun does from u's /W width.
	x := u.x + adv*1000/ef.metrics.UnitsPerEm*gr.Size/1000
	return append(out, u, placedUnit{unit: unit{unitID{compositeKey(markCarrier), text[cut:]}, markCarrier}, x: x, y: u.y})
}

// rtlMarks splits u, a unit of a right-to-left run whose text is a letter
// (or a cluster of them) and then marks only — Arabic harakat, Hebrew
// points: "يُ", "مَّ" — into the letter's unit and a carrier of the marks'
// text (markCarrier), returned in visual order: the carrier first, so that
// it follows the letter when the run is drawn in logical order.
//
// Each reader put the marks on the wrong letter when they came with their
// letter's text: "ويُحتفل" read back as "وُيحتفل" in poppler and pdfium
// (which reverse a right-to-left word character by character, a glyph's
// text included) and as "ُيوحتفل" in pdf.js (a glyph whose text holds a
// mark is not a text item of its own but joins the one before, and
// pdf.js's bidi then reverses the pair; see appendUnit). Now mupdf and
// pdf.js read the letter and then the carrier, each an item of its own
// (content.go gives each a marked-content sequence), and poppler reads the
// ActualText: the cluster's text reversed, which its reversal sets right,
// and none for the carrier. pdfium reads the ActualText too and still puts
// the marks before their letter, as it did before (TestReaderLimitsOnAMinimalFile).
func rtlMarks(u placedUnit) []placedUnit {
	cut := strings.IndexFunc(u.id.text, func(r rune) bool { return unicode.Is(unicode.Mn, r) })
	text := []rune(u.id.text)
	slices.Reverse(text)
	c := placedUnit{unit: unit{unitID{compositeKey(markCarrier), u.id.text[cut:]}, markCarrier}, x: u.x, y: u.y, hasActual: true}
	u.id.text, u.actual, u.hasActual = u.id.text[:cut], string(text), true
	return []placedUnit{c, u}
}

// onlyMarks reports whether s is nonspacing marks only.
func onlyMarks(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	return s != ""
}

// markCarrier is the empty glyph of no advance that carries the text of a
// unit's marks (appendUnit).
var markCarrier = subset.Composite{}

func (u unit) carrier() bool { return len(u.glyphs.Components) == 0 }

// composite describes a cluster of several glyphs as one composite glyph,
// when the font can take one and the offsets fit its int16 fields. The
// composite's origin is where the pen stood at the cluster's start (its
// first glyph in visual order, less any mark offset) and its advance the
// cluster's, so readers see one character box where the cluster is — a
// Devanagari ि drawn before its consonant included.
func (ef *embeddedFont) composite(cl []scene.Glyph, size float64) (subset.Composite, scene.Glyph, bool) {
	// 64 glyphs is far beyond any real cluster (a base with a few marks);
	// longer ones are drawn glyph by glyph.
	if len(cl) < 2 || ef.metrics.CFF || len(cl) > 64 {
		return subset.Composite{}, scene.Glyph{}, false
	}
	base := scene.Glyph{X: cl[0].X - cl[0].Offset.X, Y: cl[0].Y - cl[0].Offset.Y}
	adv := 0.0
	for _, g := range cl {
		adv += g.Advance
	}
	scale := ef.metrics.UnitsPerEm / size
	c := subset.Composite{Advance: uint16(int(math.Round(adv * scale)))}
	for _, g := range cl {
		dx := math.Round((g.X - base.X) * scale)
		dy := math.Round(-(g.Y - base.Y) * scale)
		if math.Abs(dx) > 32767 || math.Abs(dy) > 32767 || math.IsNaN(dx+dy) || adv*scale > 65535 || adv < 0 {
			return subset.Composite{}, scene.Glyph{}, false
		}
		c.Components = append(c.Components, subset.Component{GID: g.ID, DX: int16(dx), DY: int16(dy)})
	}
	return c, base, true
}

// compositeKey spells c canonically for unitID.
func compositeKey(c subset.Composite) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|", c.Advance)
	for k, g := range c.Components {
		if k > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, "%d,%d,%d", g.GID, g.DX, g.DY)
	}
	return b.String()
}

// cid returns the CID that draws u.
func (ef *embeddedFont) cid(u unit) uint16 {
	if ef.cffFont {
		return u.glyphs.Components[0].GID
	}
	return ef.cids[u.id]
}

// prepareFonts collects the units each font draws and subsets the fonts.
func (d *doc) prepareFonts() error {
	d.byFont = map[*fonts.Font]*embeddedFont{}
	d.units = map[*scene.GlyphRun][]placedUnit{}
	lineLeft := map[lineKey]float64{} // the leftmost unit of each line of text
	used := map[*embeddedFont]map[unitID]*usedUnit{}
	all := append(append(slices.Clip(d.scene.Items), d.scene.Marks...), d.scene.Guides...)
	for _, it := range all {
		gr, ok := it.(*scene.GlyphRun)
		if !ok {
			continue
		}
		if gr.Font == nil {
			return fmt.Errorf("%w: glyph run without a font", ErrScene)
		}
		ef, ok := d.byFont[gr.Font]
		if !ok {
			m, err := gr.Font.Metrics()
			if err != nil {
				return fmt.Errorf("pdf: %w", err)
			}
			ef = &embeddedFont{src: gr.Font, metrics: m, res: fmt.Sprintf("F%d", len(d.fonts)+1)}
			d.fonts = append(d.fonts, ef)
			d.byFont[gr.Font] = ef
			used[ef] = map[unitID]*usedUnit{}
		}
		if !(gr.Size > 0) {
			continue
		}
		units := ef.units(gr)
		d.units[gr] = units
		if len(units) > 0 {
			k := lineOf(gr)
			left, ok := lineLeft[k]
			for _, u := range units {
				if !ok || u.x < left {
					left, ok = u.x, true
				}
			}
			lineLeft[k] = left
		}
		for _, u := range units {
			if uu := used[ef][u.id]; uu != nil {
				uu.n++
			} else {
				used[ef][u.id] = &usedUnit{u.unit, 1}
			}
		}
	}
	// A right-to-left space's ActualText (rtlSpace), once the lines are
	// known: the plain space for the last of a line.
	for gr, units := range d.units {
		for i := range units {
			if u := &units[i]; u.id.text == rtlSpace {
				u.actual, u.hasActual = " ", true
				if u.x > lineLeft[lineOf(gr)]+1e-3 {
					u.actual = rtlSpaceActual
				}
			}
		}
	}
	for _, ef := range d.fonts {
		if err := ef.build(used[ef]); err != nil {
			return fmt.Errorf("pdf: font %s: %w", ef.src.Name, err)
		}
	}
	return nil
}

// usedUnit is a unit and how often the page draws it.
type usedUnit struct {
	unit
	n int
}

func (ef *embeddedFont) build(used map[unitID]*usedUnit) error {
	m := ef.metrics
	units := make([]*usedUnit, 0, len(used))
	for _, u := range used {
		units = append(units, u)
	}
	sort.Slice(units, func(i, j int) bool {
		if units[i].id.glyphs != units[j].id.glyphs {
			return units[i].id.glyphs < units[j].id.glyphs
		}
		return units[i].id.text < units[j].id.text
	})
	var gids []uint16
	var composites []subset.Composite
	compIndex := map[string]int{}
	for _, u := range units {
		if u.single() {
			gids = append(gids, u.glyphs.Components[0].GID)
		} else if _, ok := compIndex[u.id.glyphs]; !ok {
			compIndex[u.id.glyphs] = len(composites)
			composites = append(composites, u.glyphs)
		}
	}
	ef.text = map[uint16]string{}
	ef.widths = map[uint16]float64{}
	data, newID, compID, err := subset.SubsetWithComposites(ef.src.Data, gids, composites)
	if errors.Is(err, subset.ErrNotTrueType) {
		ef.cffFont, ef.data = true, ef.src.Data
		best := map[uint16]string{}
		bestN := map[uint16]int{}
		for _, u := range units { // sorted: ties go to the smaller text
			g := u.glyphs.Components[0].GID
			ef.widths[g] = m.Advance(g) * 1000 / m.UnitsPerEm
			if u.id.text != "" && u.n > bestN[g] {
				best[g], bestN[g] = u.id.text, u.n
			}
		}
		for g, t := range best {
			ef.text[g] = t
		}
	} else if err != nil {
		return err
	} else {
		ef.data = data
		ef.cids = map[unitID]uint16{}
		ef.gidOf = []uint16{0} // CID 0 is .notdef
		for _, u := range units {
			cid := uint16(len(ef.gidOf))
			ef.cids[u.id] = cid
			if u.single() {
				g := u.glyphs.Components[0].GID
				ef.gidOf = append(ef.gidOf, newID[g])
				ef.widths[cid] = m.Advance(g) * 1000 / m.UnitsPerEm
			} else {
				ef.gidOf = append(ef.gidOf, compID[compIndex[u.id.glyphs]])
				ef.widths[cid] = float64(u.glyphs.Advance) * 1000 / m.UnitsPerEm
			}
			ef.text[cid] = u.id.text
			// CIDs are two-byte codes under Identity-H.
			if len(ef.gidOf) > 0xFFFF {
				return fmt.Errorf("more than 65535 distinct glyphs")
			}
		}
	}
	// The subset tag is derived from the content (ISO 32000-1 9.6.4): six
	// upper-case letters from a hash of the font and what it draws.
	h := md5.New()
	h.Write([]byte(m.PostScriptName))
	for _, u := range units {
		fmt.Fprintf(h, "%s\x00%s\x00", u.id.glyphs, u.id.text)
	}
	sum := h.Sum(nil)
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	ef.tag = string(tag[:])
	return nil
}

// writeFont writes a Type0 font over a CIDFont, with its descriptor,
// embedded font file, widths and ToUnicode CMap; it returns the Type0 object.
func (d *doc) writeFont(ef *embeddedFont) (int, error) {
	ow := &d.ow
	type0, cidFont, desc, file, toUni := ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc()
	fi := ef.metrics
	base := name(ef.tag + "+" + fi.PostScriptName)
	if ef.cffFont {
		base = name(fi.PostScriptName) // embedded whole: no subset tag
	}
	scale := 1000 / fi.UnitsPerEm
	ow.obj(type0, fmt.Sprintf("<</Type/Font/Subtype/Type0/BaseFont/%s/Encoding/Identity-H/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>", base, cidFont, toUni))
	sub, fileKey := "CIDFontType2", "FontFile2"
	var extra string
	if ef.cffFont {
		sub, fileKey = "CIDFontType0", "FontFile3"
	} else {
		m := ow.alloc()
		cidToGID := make([]byte, 2*len(ef.gidOf))
		for cid, gid := range ef.gidOf {
			binary.BigEndian.PutUint16(cidToGID[2*cid:], gid)
		}
		ow.stream(m, "", cidToGID, true)
		extra = fmt.Sprintf("/CIDToGIDMap %d 0 R", m)
	}
	ow.obj(cidFont, fmt.Sprintf("<</Type/Font/Subtype/%s/BaseFont/%s/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor %d 0 R/DW 0/W%s%s>>",
		sub, base, desc, widthsArray(ef.widths), extra))
	// Flags: 4 (symbolic: glyphs outside the standard Latin set).
	ow.obj(desc, fmt.Sprintf("<</Type/FontDescriptor/FontName/%s/Flags 4/FontBBox[%s %s %s %s]/ItalicAngle %s/Ascent %s/Descent %s/CapHeight %s/StemV 80/%s %d 0 R>>",
		base, num(float64(fi.BBox[0])*scale), num(float64(fi.BBox[1])*scale), num(float64(fi.BBox[2])*scale), num(float64(fi.BBox[3])*scale),
		num(fi.ItalicAngle), num(float64(fi.Ascent)*scale), num(float64(fi.Descent)*scale), num(float64(fi.CapHeight)*scale), fileKey, file))
	if ef.cffFont {
		ow.stream(file, "/Subtype/OpenType", ef.data, true)
	} else {
		ow.stream(file, fmt.Sprintf("/Length1 %d", len(ef.data)), ef.data, true)
	}
	ow.stream(toUni, "", toUnicodeCMap(ef.text), true)
	return type0, nil
}

// widthsArray writes the W array: runs of consecutive CIDs.
func widthsArray(w map[uint16]float64) string {
	cids := make([]int, 0, len(w))
	for c := range w {
		cids = append(cids, int(c))
	}
	sort.Ints(cids)
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < len(cids); {
		j := i
		for j+1 < len(cids) && cids[j+1] == cids[j]+1 {
			j++
		}
		fmt.Fprintf(&b, "%d[", cids[i])
		for k := i; k <= j; k++ {
			if k > i {
				b.WriteString(" ")
			}
			b.WriteString(num(w[uint16(cids[k])]))
		}
		b.WriteString("]")
		i = j + 1
	}
	b.WriteString("]")
	return b.String()
}

// toUnicodeCMap maps CIDs to their text (ISO 32000-1 9.10.3).
func toUnicodeCMap(text map[uint16]string) []byte {
	cids := make([]int, 0, len(text))
	for c := range text {
		cids = append(cids, int(c))
	}
	sort.Ints(cids)
	var b bytes.Buffer
	b.WriteString("/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
	for i := 0; i < len(cids); i += 100 {
		chunk := cids[i:min(i+100, len(cids))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, c := range chunk {
			fmt.Fprintf(&b, "<%04X><%s>\n", c, utf16Hex(text[uint16(c)]))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// lineKey names a line of text: its frame and its baseline, in thousandths
// of a point.
type lineKey struct {
	frame string
	y     int64
}

func lineOf(gr *scene.GlyphRun) lineKey {
	return lineKey{gr.Text.Frame, int64(math.Round(gr.Glyphs[0].Y * 1000))}
}
