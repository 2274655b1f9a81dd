package subset_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/go-text/typesetting/di"
	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"posterkit/fonts"
	"posterkit/fonts/subset"
)

func fontData(t testing.TB, family string) []byte {
	t.Helper()
	f := fonts.Default().Family(family, fonts.Regular)
	if f == nil {
		t.Fatalf("no %s in the embedded fonts", family)
	}
	return f.Data
}

func parseSfnt(t testing.TB, b []byte) *sfnt.Font {
	t.Helper()
	f, err := sfnt.Parse(b)
	if err != nil {
		t.Fatalf("sfnt.Parse: %v", err)
	}
	return f
}

// glyphsOf returns the nominal glyphs of the characters of s, as sfnt's
// cmap lookup gives them.
func glyphsOf(t testing.TB, f *sfnt.Font, s string) []uint16 {
	t.Helper()
	var buf sfnt.Buffer
	var gids []uint16
	for _, r := range s {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			t.Fatalf("font has no glyph for %q (err %v)", r, err)
		}
		gids = append(gids, uint16(g))
	}
	return gids
}

// tablesOf reads font's table directory independently of the package.
func tablesOf(t testing.TB, font []byte) map[string][]byte {
	t.Helper()
	n := int(binary.BigEndian.Uint16(font[4:]))
	out := map[string][]byte{}
	for i := range n {
		rec := font[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		out[string(rec[:4])] = font[off : off+length]
	}
	return out
}

// glyphData returns glyph gid's bytes from font's glyf and loca.
func glyphData(t testing.TB, font []byte, gid uint16) []byte {
	t.Helper()
	tt := tablesOf(t, font)
	loca, glyf := tt["loca"], tt["glyf"]
	if int16(binary.BigEndian.Uint16(tt["head"][50:])) == 0 {
		return glyf[2*int(binary.BigEndian.Uint16(loca[2*gid:])) : 2*int(binary.BigEndian.Uint16(loca[2*gid+2:]))]
	}
	return glyf[binary.BigEndian.Uint32(loca[4*int(gid):]):binary.BigEndian.Uint32(loca[4*int(gid)+4:])]
}

// cmapSubtables lists the (platform, encoding, format) of font's cmap
// subtables.
func cmapSubtables(t testing.TB, font []byte) [][3]uint16 {
	cmap := tablesOf(t, font)["cmap"]
	var out [][3]uint16
	for i := range int(binary.BigEndian.Uint16(cmap[2:])) {
		rec := cmap[4+8*i:]
		off := binary.BigEndian.Uint32(rec[4:])
		out = append(out, [3]uint16{binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:]), binary.BigEndian.Uint16(cmap[off:])})
	}
	return out
}

func isComposite(d []byte) bool { return len(d) >= 10 && int16(binary.BigEndian.Uint16(d)) < 0 }

// componentsOf lists a composite glyph's direct components and the OR of
// their flags.
func componentsOf(d []byte) (gids []uint16, flags uint16) {
	if !isComposite(d) {
		return nil, 0
	}
	for p := 10; ; {
		f := binary.BigEndian.Uint16(d[p:])
		flags |= f
		gids = append(gids, binary.BigEndian.Uint16(d[p+2:]))
		p += 6
		if f&0x0001 != 0 {
			p += 2
		}
		switch {
		case f&0x0008 != 0:
			p += 2
		case f&0x0040 != 0:
			p += 4
		case f&0x0080 != 0:
			p += 8
		}
		if f&0x0020 == 0 {
			return gids, flags
		}
	}
}

// closure is .notdef, gids and their components, recursively.
func closure(t testing.TB, font []byte, gids []uint16) map[uint16]bool {
	want := map[uint16]bool{}
	todo := append([]uint16{0}, gids...)
	for len(todo) > 0 {
		g := todo[0]
		todo = todo[1:]
		if !want[g] {
			want[g] = true
			c, _ := componentsOf(glyphData(t, font, g))
			todo = append(todo, c...)
		}
	}
	return want
}

// checkSubset checks that sub holds exactly the closure of gids, renumbered
// densely in order, and that both sfnt and go-text read every kept glyph of
// sub with the same outline and advance as the original.
func checkSubset(t *testing.T, orig, sub []byte, gids []uint16, newID map[uint16]uint16) {
	t.Helper()
	want := closure(t, orig, gids)
	if got := slices.Sorted(maps.Keys(newID)); !slices.Equal(got, slices.Sorted(maps.Keys(want))) {
		t.Fatalf("kept %v, want %v", got, slices.Sorted(maps.Keys(want)))
	}
	for i, old := range slices.Sorted(maps.Keys(newID)) {
		if newID[old] != uint16(i) {
			t.Fatalf("glyph %d renumbered %d, want %d (dense, in order of old ID)", old, newID[old], i)
		}
	}

	of, sf := parseSfnt(t, orig), parseSfnt(t, sub)
	if sf.NumGlyphs() != len(want) {
		t.Fatalf("sfnt reads %d glyphs, want %d", sf.NumGlyphs(), len(want))
	}
	upem := fixed.Int26_6(of.UnitsPerEm()) << 6
	var ob, sb sfnt.Buffer
	for old, nw := range newID {
		os, err := of.LoadGlyph(&ob, sfnt.GlyphIndex(old), upem, nil)
		if err != nil {
			t.Fatalf("original glyph %d: %v", old, err)
		}
		os = slices.Clone(os)
		ss, err := sf.LoadGlyph(&sb, sfnt.GlyphIndex(nw), upem, nil)
		if err != nil {
			t.Fatalf("subset glyph %d (was %d): %v", nw, old, err)
		}
		if !slices.Equal(os, ss) {
			t.Errorf("sfnt: glyph %d (was %d) draws %d segments differing from the original's %d", nw, old, len(ss), len(os))
		}
		oa, err1 := of.GlyphAdvance(&ob, sfnt.GlyphIndex(old), upem, font.HintingNone)
		sa, err2 := sf.GlyphAdvance(&sb, sfnt.GlyphIndex(nw), upem, font.HintingNone)
		if err1 != nil || err2 != nil || oa != sa {
			t.Errorf("sfnt: glyph %d (was %d) advances %v, want %v (%v, %v)", nw, old, sa, oa, err2, err1)
		}
	}

	of2, err := gofont.ParseTTF(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	sf2, err := gofont.ParseTTF(bytes.NewReader(sub))
	if err != nil {
		t.Fatalf("go-text ParseTTF: %v", err)
	}
	for old, nw := range newID {
		o, s := of2.GlyphData(gofont.GID(old)), sf2.GlyphData(gofont.GID(nw))
		if !reflect.DeepEqual(o, s) {
			t.Errorf("go-text: glyph %d (was %d) outline differs", nw, old)
		}
		if oa, sa := of2.HorizontalAdvance(gofont.GID(old)), sf2.HorizontalAdvance(gofont.GID(nw)); oa != sa {
			t.Errorf("go-text: glyph %d (was %d) advances %v, want %v", nw, old, sa, oa)
		}
	}
}

func TestKeepsRequestedGlyphsWithTheirOutlines(t *testing.T) {
	for _, tc := range []struct{ family, text string }{
		{fonts.NotoSans, "Protecting Те"},
		{fonts.NotoSans, "Hello, world!"},
		{fonts.NotoKufiArabic, "حماية"}, // short loca offsets
		{fonts.NotoEmoji, "☀✂"},         // glyphs past hhea.numberOfHMetrics
	} {
		t.Run(tc.family+"/"+tc.text, func(t *testing.T) {
			orig := fontData(t, tc.family)
			gids := glyphsOf(t, parseSfnt(t, orig), tc.text)
			sub, newID, err := subset.Subset(orig, gids)
			if err != nil {
				t.Fatal(err)
			}
			checkSubset(t, orig, sub, gids, newID)
		})
	}
}

func TestEmojiPastNumberOfHMetricsKeepLastAdvance(t *testing.T) {
	// Noto Emoji has 1914 glyphs and 1547 hMetrics: the glyphs after them
	// take the last advance; the subset must spell that advance out.
	orig := fontData(t, fonts.NotoEmoji)
	n := parseSfnt(t, orig).NumGlyphs()
	gids := []uint16{1, 1546, 1547, uint16(n - 1)}
	sub, newID, err := subset.Subset(orig, gids)
	if err != nil {
		t.Fatal(err)
	}
	checkSubset(t, orig, sub, gids, newID)
}

func TestCompositeComponentsAreKeptAndRemapped(t *testing.T) {
	orig := fontData(t, fonts.NotoSans)
	of := parseSfnt(t, orig)
	// Accented letters, and ǻ, whose components may be composites too.
	var composites []uint16
	for _, g := range glyphsOf(t, of, "éÃǻÅǺŐřḯ") {
		if isComposite(glyphData(t, orig, g)) {
			composites = append(composites, g)
		}
	}
	if len(composites) < 3 {
		t.Fatalf("only %d composite glyphs among the accented letters; the test needs some", len(composites))
	}
	sub, newID, err := subset.Subset(orig, composites)
	if err != nil {
		t.Fatal(err)
	}
	checkSubset(t, orig, sub, composites, newID)
	for _, g := range composites {
		var want []uint16
		cs, _ := componentsOf(glyphData(t, orig, g))
		for _, c := range cs {
			if _, ok := newID[c]; !ok {
				t.Fatalf("component %d of glyph %d not kept", c, g)
			}
			want = append(want, newID[c])
		}
		if got, _ := componentsOf(glyphData(t, sub, newID[g])); !slices.Equal(got, want) {
			t.Errorf("glyph %d (was %d) has components %v, want %v", newID[g], g, got, want)
		}
	}
}

// TestCompositesWithInstructionsAreKept: the composites of Noto Sans Math
// and Noto Sans Symbols 2 end with their own hinting instructions.
func TestCompositesWithInstructionsAreKept(t *testing.T) {
	for _, tc := range []struct {
		family string
		gid    uint16
	}{{fonts.NotoMath, 2843}, {fonts.NotoSymbols2, 2662}} {
		t.Run(tc.family, func(t *testing.T) {
			orig := fontData(t, tc.family)
			d := glyphData(t, orig, tc.gid)
			if _, flags := componentsOf(d); flags&0x0100 == 0 {
				t.Fatalf("glyph %d is no longer a composite with instructions", tc.gid)
			}
			sub, newID, err := subset.Subset(orig, []uint16{tc.gid})
			if err != nil {
				t.Fatal(err)
			}
			checkSubset(t, orig, sub, []uint16{tc.gid}, newID)
		})
	}
}

// TestScaledCompositesAreParsed covers the component transforms no bundled
// font uses: a glyph of a Noto Sans subset is replaced by a composite whose
// components have a scale, x and y scales, and a 2×2 matrix, and end with
// instructions. Misreading a transform's size would read the next glyph
// index from the wrong bytes.
func TestScaledCompositesAreParsed(t *testing.T) {
	sans := fontData(t, fonts.NotoSans)
	base, baseID, err := subset.Subset(sans, glyphsOf(t, parseSfnt(t, sans), "AbcdefgÁ"))
	if err != nil {
		t.Fatal(err)
	}
	gid := func(r rune) uint16 { return baseID[glyphsOf(t, parseSfnt(t, sans), string(r))[0]] }
	u16 := func(b []byte, v ...uint16) []byte {
		for _, x := range v {
			b = binary.BigEndian.AppendUint16(b, x)
		}
		return b
	}
	const (
		words, xy, scale, more, xyScale, twoByTwo, instructions = 0x1, 0x2, 0x8, 0x20, 0x40, 0x80, 0x100
	)
	g := u16(nil, 0xFFFF, 0, 0, 1000, 1000)                                      // numberOfContours -1 and a bounding box
	g = u16(g, xy|scale|more, gid('b'), 0x0AFB, 0x2000)                          // dx 10, dy -5; scale 0.5
	g = u16(g, words|xy|xyScale|more, gid('d'), 300, 20, 0x4000, 0x3000)         // scales 1, 0.75
	g = u16(g, xy|twoByTwo|instructions, gid('f'), 0, 0x4000, 0, 0x0800, 0x4000) // shear 0.125
	g = u16(g, 3)
	g = append(g, 0xB0, 0x01, 0x21) // PUSHB[0] 1, POP
	font := replaceGlyph(t, base, gid('A'), g)

	sub, newID, err := subset.Subset(font, []uint16{gid('A')})
	if err != nil {
		t.Fatal(err)
	}
	checkSubset(t, font, sub, []uint16{gid('A')}, newID)
	if len(newID) != 5 {
		t.Errorf("kept %d glyphs, want .notdef, the composite and its 3 components", len(newID))
	}
	want := []uint16{newID[gid('b')], newID[gid('d')], newID[gid('f')]}
	if got, _ := componentsOf(glyphData(t, sub, newID[gid('A')])); !slices.Equal(got, want) {
		t.Errorf("components %v, want %v", got, want)
	}
}

// replaceGlyph returns font (long loca) with glyph gid's data replaced.
func replaceGlyph(t *testing.T, font []byte, gid uint16, data []byte) []byte {
	t.Helper()
	tt := tablesOf(t, font)
	n := len(tt["loca"])/4 - 1
	var glyf, loca []byte
	for i := range n {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		if i == int(gid) {
			glyf = append(glyf, data...)
		} else {
			glyf = append(glyf, glyphData(t, font, uint16(i))...)
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	tt["loca"] = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
	tt["glyf"] = glyf
	return buildFont(tt)
}

// buildFont writes tables after a bare table directory: Subset, sfnt and
// go-text check neither checksums nor searchRange and its friends.
func buildFont(tt map[string][]byte) []byte {
	tags := slices.Sorted(maps.Keys(tt))
	out := make([]byte, 12+16*len(tags))
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(len(tags)))
	for i, tag := range tags {
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(tt[tag])))
		out = append(out, tt[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// shortLocaFewMetrics rewrites a subset (long loca, one hMetric per glyph)
// with short loca offsets and only two hMetrics, the forms Subset reads but
// never writes.
func shortLocaFewMetrics(t testing.TB, font []byte) []byte {
	tt := tablesOf(t, font)
	var loca []byte
	for i := 0; i < len(tt["loca"]); i += 4 {
		loca = binary.BigEndian.AppendUint16(loca, uint16(binary.BigEndian.Uint32(tt["loca"][i:])/2))
	}
	head, hhea := slices.Clone(tt["head"]), slices.Clone(tt["hhea"])
	binary.BigEndian.PutUint16(head[50:], 0)
	binary.BigEndian.PutUint16(hhea[34:], 2)
	hmtx := slices.Clone(tt["hmtx"][:8])
	for i := 8; i < len(tt["hmtx"]); i += 4 {
		hmtx = append(hmtx, tt["hmtx"][i+2:i+4]...)
	}
	tt["loca"], tt["head"], tt["hhea"], tt["hmtx"] = loca, head, hhea, hmtx
	return buildFont(tt)
}

func TestArabicShapedGlyphsAndMarks(t *testing.T) {
	f := fonts.Default().Family(fonts.NotoNaskhArabic, fonts.Regular)
	face, err := f.NewFace()
	if err != nil {
		t.Fatal(err)
	}
	text := []rune("حِمَايَةُ الأَطْفَالِ")
	out := (&shaping.HarfbuzzShaper{}).Shape(shaping.Input{
		Text: text, RunEnd: len(text), Direction: di.DirectionRTL, Face: face,
		Size: fixed.I(int(face.Upem())), Script: language.Arabic, Language: language.NewLanguage("ar"),
	})
	var gids []uint16
	for _, g := range out.Glyphs {
		gids = append(gids, uint16(g.GlyphID))
	}
	if len(gids) < len(text)-2 {
		t.Fatalf("shaped %d glyphs from %d characters", len(gids), len(text))
	}
	sub, newID, err := subset.Subset(f.Data, gids)
	if err != nil {
		t.Fatal(err)
	}
	checkSubset(t, f.Data, sub, gids, newID)
}

func TestCJKSubsetIsSmall(t *testing.T) {
	orig := fontData(t, fonts.NotoSansSC)
	text := "保护儿童海报设计多语言中文字体测试示例图像"
	gids := glyphsOf(t, parseSfnt(t, orig), text)
	sub, newID, err := subset.Subset(orig, gids)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d glyphs: %d bytes from %d", len(newID), len(sub), len(orig))
	if len(sub) >= 60<<10 {
		t.Errorf("subset of %d ideographs is %d bytes, want < 60 KB", len([]rune(text)), len(sub))
	}
	checkSubset(t, orig, sub, gids, newID)
}

func TestCmapMapsKeptCharactersToNewIDs(t *testing.T) {
	bmp := [][3]uint16{{3, 1, 4}}
	full := [][3]uint16{{3, 1, 4}, {3, 10, 12}}
	for _, tc := range []struct {
		family, kept, dropped string
		subtables             [][3]uint16
	}{
		{fonts.NotoSans, "Protecting Те", "xzЖ€", bmp},
		{fonts.NotoEmoji, "😀🎉☀", "😁", full}, // outside the BMP
		{fonts.NotoSansSC, "中文字", "日本", bmp},
	} {
		t.Run(tc.family, func(t *testing.T) {
			orig := fontData(t, tc.family)
			of := parseSfnt(t, orig)
			gids := glyphsOf(t, of, tc.kept)
			sub, newID, err := subset.Subset(orig, gids)
			if err != nil {
				t.Fatal(err)
			}
			if got := cmapSubtables(t, sub); !slices.Equal(got, tc.subtables) {
				t.Errorf("cmap subtables %v, want %v", got, tc.subtables)
			}
			sf := parseSfnt(t, sub)
			var buf sfnt.Buffer
			for i, r := range []rune(tc.kept) {
				if g, err := sf.GlyphIndex(&buf, r); err != nil || uint16(g) != newID[gids[i]] {
					t.Errorf("%q maps to %d (%v), want %d", r, g, err, newID[gids[i]])
				}
			}
			for _, r := range tc.dropped + "\uFFFF\U0010FFFF" {
				if g, err := sf.GlyphIndex(&buf, r); err != nil || g != 0 {
					t.Errorf("dropped %q maps to %d (%v), want 0", r, g, err)
				}
			}
		})
	}
}

// TestCmapOfThousandsOfRunsFallsBackToFormat12 subsets so much of Noto Sans
// SC that format 4 cannot hold every BMP segment: the full mapping must then
// be in a (3,10) subtable.
func TestCmapOfThousandsOfRunsFallsBackToFormat12(t *testing.T) {
	orig := fontData(t, fonts.NotoSansSC)
	of := parseSfnt(t, orig)
	var buf sfnt.Buffer
	// Glyphs that compatibility ideographs outside the BMP also map to
	// would bring format 12 in on their own; leave them out.
	astral := map[sfnt.GlyphIndex]bool{}
	for r := rune(0x10000); r < 0x40000; r++ {
		if g, _ := of.GlyphIndex(&buf, r); g != 0 {
			astral[g] = true
		}
	}
	// Every other ideograph: no two kept characters are adjacent, so each
	// is a segment of its own.
	var rs []rune
	var gids []uint16
	for r := rune(0x4E00); r < 0x4E00+2*9000; r += 2 {
		if g, _ := of.GlyphIndex(&buf, r); g != 0 && !astral[g] {
			rs, gids = append(rs, r), append(gids, uint16(g))
		}
	}
	if len(rs) < 8200 {
		t.Fatalf("only %d characters; format 4 holds them all", len(rs))
	}
	sub, newID, err := subset.Subset(orig, gids)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cmapSubtables(t, sub), [][3]uint16{{3, 1, 4}, {3, 10, 12}}; !slices.Equal(got, want) {
		t.Errorf("cmap subtables %v, want %v", got, want)
	}
	sf := parseSfnt(t, sub)
	for i, r := range rs {
		if g, err := sf.GlyphIndex(&buf, r); err != nil || uint16(g) != newID[gids[i]] {
			t.Fatalf("%q maps to %d (%v), want %d", r, g, err, newID[gids[i]])
		}
	}
	if g, _ := sf.GlyphIndex(&buf, 0x4E01); g != 0 {
		t.Errorf("dropped U+4E01 maps to %d", g)
	}
}

func TestSameInputGivesSameBytes(t *testing.T) {
	orig := fontData(t, fonts.NotoSans)
	gids := glyphsOf(t, parseSfnt(t, orig), "Protecting Те")
	a, idA, err := subset.Subset(orig, gids)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(gids)
	slices.Reverse(shuffled)
	shuffled = append(shuffled, gids...) // duplicates
	shuffled = append(shuffled, 0)
	b, idB, err := subset.Subset(orig, shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) || !maps.Equal(idA, idB) {
		t.Error("order or duplicates of glyph IDs changed the subset")
	}
	c, _, _ := subset.Subset(orig, gids)
	if !bytes.Equal(a, c) {
		t.Error("two runs gave different bytes")
	}
}

// TestSubsetOfAllGlyphsOfASubsetIsTheSame: a subset is already in the form
// Subset writes, so keeping all of it changes no byte.
func TestSubsetOfAllGlyphsOfASubsetIsTheSame(t *testing.T) {
	for _, tc := range []struct{ family, text string }{
		{fonts.NotoSans, "Protecting Те é"},
		{fonts.NotoEmoji, "😀☀"},
	} {
		t.Run(tc.family, func(t *testing.T) {
			orig := fontData(t, tc.family)
			a, idA, err := subset.Subset(orig, glyphsOf(t, parseSfnt(t, orig), tc.text))
			if err != nil {
				t.Fatal(err)
			}
			all := make([]uint16, len(idA))
			for i := range all {
				all[i] = uint16(i)
			}
			b, _, err := subset.Subset(a, all)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Error("subset of a whole subset differs from it")
			}
		})
	}
}

func TestWritesOnlyTablesAPDFNeeds(t *testing.T) {
	orig := fontData(t, fonts.NotoSans)
	sub, _, err := subset.Subset(orig, []uint16{36})
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for i := range int(binary.BigEndian.Uint16(sub[4:])) {
		tags = append(tags, string(sub[12+16*i:16+16*i]))
	}
	want := []string{"OS/2", "cmap", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"}
	if !slices.Equal(tags, want) {
		t.Errorf("tables %q, want %q (sorted by tag)", tags, want)
	}
	tt := tablesOf(t, sub)
	if f := binary.BigEndian.Uint16(tt["head"][50:]); f != 1 {
		t.Errorf("head.indexToLocFormat %d, want 1", f)
	}
	if post := tt["post"]; len(post) != 32 || binary.BigEndian.Uint32(post) != 0x00030000 {
		t.Errorf("post is %d bytes, version %#x; want 32 bytes of version 3.0", len(post), binary.BigEndian.Uint32(post))
	}
	otags := tablesOf(t, orig)
	for _, tag := range []string{"OS/2", "name", "gasp", "prep"} {
		if !bytes.Equal(tt[tag], otags[tag]) {
			t.Errorf("%s not copied as is", tag)
		}
	}
}

// checkChecksums verifies the directory's header fields, every table's
// checksum and head.checkSumAdjustment.
func checkChecksums(font []byte) error {
	sum := func(b []byte) uint32 {
		var s uint32
		for i := 0; i < len(b); i += 4 {
			var w [4]byte
			copy(w[:], b[i:])
			s += binary.BigEndian.Uint32(w[:])
		}
		return s
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	sr, es, rs := 16, 0, 0
	for sr*2 <= 16*n {
		sr, es = sr*2, es+1
	}
	rs = 16*n - sr
	if got := [3]uint16{binary.BigEndian.Uint16(font[6:]), binary.BigEndian.Uint16(font[8:]), binary.BigEndian.Uint16(font[10:])}; got != [3]uint16{uint16(sr), uint16(es), uint16(rs)} {
		return fmt.Errorf("searchRange, entrySelector, rangeShift = %v, want %d %d %d", got, sr, es, rs)
	}
	for i := range n {
		rec := font[12+16*i:]
		tag := string(rec[:4])
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if off%4 != 0 {
			return fmt.Errorf("%s at offset %d, not 4-byte aligned", tag, off)
		}
		data := slices.Clone(font[off : off+length])
		if tag == "head" {
			binary.BigEndian.PutUint32(data[8:], 0)
		}
		if got, want := binary.BigEndian.Uint32(rec[4:]), sum(data); got != want {
			return fmt.Errorf("%s checksum %#x, want %#x", tag, got, want)
		}
	}
	if s := sum(font); s != 0xB1B0AFBA {
		return fmt.Errorf("whole font sums to %#x, want 0xB1B0AFBA", s)
	}
	return nil
}

func TestChecksums(t *testing.T) {
	for _, family := range []string{fonts.NotoSans, fonts.NotoNaskhArabic, fonts.NotoSansSC} {
		orig := fontData(t, family)
		sub, _, err := subset.Subset(orig, []uint16{1, 2, 3, 5, 8, 13})
		if err != nil {
			t.Fatal(err)
		}
		if err := checkChecksums(sub); err != nil {
			t.Errorf("%s: %v", family, err)
		}
	}
}

func TestBadInputIsAnError(t *testing.T) {
	sans := fontData(t, fonts.NotoSans)
	withVersion := func(v string) []byte { return append([]byte(v), sans[4:]...) }
	tests := []struct {
		name string
		font []byte
		gids []uint16
		want error
	}{
		{"empty", nil, []uint16{1}, subset.ErrMalformed},
		{"header only", sans[:12], []uint16{1}, subset.ErrMalformed},
		{"unknown version", withVersion("wOFF"), []uint16{1}, subset.ErrMalformed},
		{"CFF OpenType", withVersion("OTTO"), []uint16{1}, subset.ErrNotTrueType},
		{"collection", withVersion("ttcf"), []uint16{1}, subset.ErrCollection},
		{"glyph out of range", sans, []uint16{1, 60000}, subset.ErrGlyphRange},
	}
	// The file's last byte is glyf's padding, so it is cut at len-2.
	for _, n := range []int{1, 4, 100, 300, 5000, len(sans) / 2, len(sans) - 2} {
		tests = append(tests, struct {
			name string
			font []byte
			gids []uint16
			want error
		}{fmt.Sprintf("cut at %d", n), sans[:n], []uint16{1, 36, 100}, subset.ErrMalformed})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := subset.Subset(tc.font, tc.gids)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestFontWithoutGlyfIsNotTrueType(t *testing.T) {
	sans := slices.Clone(fontData(t, fonts.NotoSans))
	n := int(binary.BigEndian.Uint16(sans[4:]))
	for i := range n {
		if string(sans[12+16*i:16+16*i]) == "glyf" {
			copy(sans[12+16*i:], "glyx")
		}
	}
	if _, _, err := subset.Subset(sans, []uint16{1}); !errors.Is(err, subset.ErrNotTrueType) {
		t.Fatalf("error %v, want ErrNotTrueType", err)
	}
}

// FuzzSubset is seeded with subsets of Noto Sans and Noto Emoji of about
// 1 KB (their name tables left out), whole and cut short, in both loca
// formats: with the whole fonts of hundreds of KB, the fuzzer spends its
// time minimising each new input rather than fuzzing. The tests above cut
// the whole fonts at many lengths.
func FuzzSubset(f *testing.F) {
	seed := func(family, text string) []byte {
		orig := fontData(f, family)
		sub, _, err := subset.Subset(orig, glyphsOf(f, parseSfnt(f, orig), text))
		if err != nil {
			f.Fatal(err)
		}
		tt := tablesOf(f, sub)
		delete(tt, "name")
		return buildFont(tt)
	}
	small, astral := seed(fonts.NotoSans, "Aé Т"), seed(fonts.NotoEmoji, "😀☀")
	lists := [][]byte{nil, {0, 1, 0, 2, 0, 3, 0, 4}, {0, 5, 0, 5, 0, 1}, {0xff, 0xff}}
	for _, font := range [][]byte{small, shortLocaFewMetrics(f, small), astral} {
		for _, n := range []int{len(font), len(font) - 2, len(font) / 2, 300, 12, 0} {
			for _, l := range lists {
				f.Add(font[:n], l)
			}
		}
	}
	f.Fuzz(func(t *testing.T, font, list []byte) {
		var gids []uint16
		for i := 0; i+1 < len(list); i += 2 {
			gids = append(gids, binary.BigEndian.Uint16(list[i:]))
		}
		out, newID, err := subset.Subset(font, gids)
		if err != nil {
			return
		}
		if err := checkChecksums(out); err != nil {
			t.Fatal(err)
		}
		all := make([]uint16, len(newID))
		for i := range all {
			all[i] = uint16(i)
		}
		again, _, err := subset.Subset(out, all)
		if err != nil {
			t.Fatalf("subset of own output: %v", err)
		}
		if !bytes.Equal(out, again) {
			t.Fatal("subset of all of own output differs from it")
		}
		if _, err := sfnt.Parse(font); err == nil {
			sf, err := sfnt.Parse(out)
			if err != nil {
				t.Fatalf("sfnt reads the input but not the subset: %v", err)
			}
			if sf.NumGlyphs() != len(newID) {
				t.Fatalf("subset has %d glyphs, ID map %d", sf.NumGlyphs(), len(newID))
			}
		}
	})
}

func BenchmarkSubsetSC(b *testing.B) {
	orig := fontData(b, fonts.NotoSansSC)
	of := parseSfnt(b, orig)
	var buf sfnt.Buffer
	var gids []uint16
	for r := rune(0x4E00); len(gids) < 300; r += 7 {
		if g, _ := of.GlyphIndex(&buf, r); g != 0 {
			gids = append(gids, uint16(g))
		}
	}
	sort.Slice(gids, func(i, j int) bool { return gids[i] < gids[j] })
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := subset.Subset(orig, gids); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSynthesizedCompositesDrawTheirComponents adds composites of an Arabic
// skeleton and a dot glyph (as Noto Kufi Arabic draws "ت"), and empty ones
// (the PDF backend's carriers of marks' text), and checks that they parse
// and draw exactly the components' outlines, moved, with their advances.
func TestSynthesizedCompositesDrawTheirComponents(t *testing.T) {
	orig := fontData(t, fonts.NotoKufiArabic)
	of := parseSfnt(t, orig)
	base := glyphsOf(t, of, "ب")[0]
	dot := glyphsOf(t, of, "ن")[0] // any second glyph will do
	comps := []subset.Composite{
		{Components: []subset.Component{{GID: base}, {GID: dot, DX: 120, DY: -300}}, Advance: 700},
		{Components: []subset.Component{{GID: dot, DX: -50, DY: 400}, {GID: base}, {GID: 3}}, Advance: 1234}, // 3 is the space: no outline
		{}, // an empty glyph of no advance
		{Advance: 250},
	}
	sub, newID, ids, err := subset.SubsetWithComposites(orig, []uint16{base}, comps)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(comps) || int(ids[0]) != len(newID) || ids[len(ids)-1] != ids[0]+uint16(len(comps)-1) {
		t.Fatalf("composite IDs %v after %d kept glyphs", ids, len(newID))
	}
	if err := checkChecksums(sub); err != nil {
		t.Error(err)
	}
	sf := parseSfnt(t, sub)
	if sf.NumGlyphs() != len(newID)+len(comps) {
		t.Fatalf("%d glyphs, want %d", sf.NumGlyphs(), len(newID)+len(comps))
	}
	upem := fixed.Int26_6(of.UnitsPerEm()) << 6
	var buf sfnt.Buffer
	load := func(f *sfnt.Font, g uint16) sfnt.Segments {
		s, err := f.LoadGlyph(&buf, sfnt.GlyphIndex(g), upem, nil)
		if err != nil {
			t.Fatalf("glyph %d: %v", g, err)
		}
		return slices.Clone(s)
	}
	for i, c := range comps {
		var want sfnt.Segments
		for _, comp := range c.Components {
			for _, seg := range load(of, comp.GID) {
				for k := range seg.Args {
					// sfnt's y grows down.
					seg.Args[k].X += fixed.Int26_6(comp.DX) << 6
					seg.Args[k].Y -= fixed.Int26_6(comp.DY) << 6
				}
				want = append(want, seg)
			}
		}
		if got := load(sf, ids[i]); !slices.Equal(got, want) {
			t.Errorf("composite %d draws %d segments unlike its components' %d", i, len(got), len(want))
		}
		adv, err := sf.GlyphAdvance(&buf, sfnt.GlyphIndex(ids[i]), upem, font.HintingNone)
		if want := fixed.Int26_6(c.Advance) << 6; err != nil || adv != want {
			t.Errorf("composite %d advances %v, want %v", i, adv, want)
		}
	}
	if _, err := gofont.ParseTTF(bytes.NewReader(sub)); err != nil {
		t.Errorf("go-text: %v", err)
	}
	if _, _, _, err := subset.SubsetWithComposites(orig, nil, []subset.Composite{{Components: make([]subset.Component, 65)}}); err == nil {
		t.Error("a composite of 65 components is accepted")
	}
}
