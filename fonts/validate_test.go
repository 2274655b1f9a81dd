package fonts

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readFont reads a committed font, relative to the package folder.
func readFont(t testing.TB, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tableRecord returns the offset in font of tag's table directory record.
func tableRecord(t testing.TB, font []byte, tag string) int {
	t.Helper()
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		if string(font[12+16*i:16+16*i]) == tag {
			return 12 + 16*i
		}
	}
	t.Fatalf("no %s table", tag)
	return 0
}

// table returns tag's bytes inside font (not a copy).
func table(t testing.TB, font []byte, tag string) []byte {
	rec := tableRecord(t, font, tag)
	off, n := binary.BigEndian.Uint32(font[rec+8:]), binary.BigEndian.Uint32(font[rec+12:])
	return font[off : off+n]
}

// withoutTable drops tag's directory record; the tables stay where they
// are, since their offsets are from the start of the file.
func withoutTable(t testing.TB, font []byte, tag string) []byte {
	out := clone(font)
	rec := tableRecord(t, out, tag)
	n := int(binary.BigEndian.Uint16(out[4:]))
	copy(out[rec:12+16*n], out[rec+16:12+16*n])
	binary.BigEndian.PutUint16(out[4:], uint16(n-1))
	return out
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// glyphAt returns the offset in font of glyph g's data and its length.
func glyphAt(t testing.TB, font []byte, g int) (int, int) {
	head, loca := table(t, font, "head"), table(t, font, "loca")
	glyfOff := int(binary.BigEndian.Uint32(font[tableRecord(t, font, "glyf")+8:]))
	var start, end int
	if binary.BigEndian.Uint16(head[50:]) == 1 {
		start, end = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
	} else {
		start, end = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
	}
	return glyfOff + start, end - start
}

// firstOutline returns the first glyph with an outline of at least 40 bytes.
func firstOutline(t testing.TB, font []byte) int {
	for g := 1; ; g++ {
		if _, n := glyphAt(t, font, g); n >= 40 {
			return g
		}
	}
}

// composites returns, for each composite glyph of font, the offsets in
// font of its components' glyph IDs.
// https://learn.microsoft.com/en-us/typography/opentype/spec/glyf#composite-glyph-description
func composites(t testing.TB, font []byte) map[int][]int {
	out := map[int][]int{}
	numGlyphs := int(binary.BigEndian.Uint16(table(t, font, "maxp")[4:]))
	for g := range numGlyphs {
		at, n := glyphAt(t, font, g)
		if n == 0 || int16(binary.BigEndian.Uint16(font[at:])) >= 0 {
			continue
		}
		for p := at + 10; ; {
			flags := binary.BigEndian.Uint16(font[p:])
			out[g] = append(out[g], p+2)
			p += 4 + 2
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}
	return out
}

// collection makes a TrueType collection of fonts, in order.
func collection(fonts ...[]byte) []byte {
	be := binary.BigEndian
	ttc := make([]byte, 12+4*len(fonts))
	copy(ttc, "ttcf")
	be.PutUint32(ttc[4:], 0x00010000)
	be.PutUint32(ttc[8:], uint32(len(fonts)))
	for i, f := range fonts {
		at := len(ttc)
		be.PutUint32(ttc[12+4*i:], uint32(at))
		moved := clone(f)
		n := int(be.Uint16(moved[4:]))
		for k := range n {
			be.PutUint32(moved[12+16*k+8:], be.Uint32(moved[12+16*k+8:])+uint32(at))
		}
		ttc = append(ttc, moved...)
	}
	return ttc
}

func TestLoadRefusesDamagedFonts(t *testing.T) {
	hebrew := readFont(t, "testdata/NotoSansHebrew-Regular.ttf")
	latin := readFont(t, "NotoSans-Regular.ttf")
	g := firstOutline(t, hebrew)
	at, size := glyphAt(t, hebrew, g)
	truncated := func(percent int) []byte { return clone(hebrew[:len(hebrew)*percent/100]) }
	// garbled overwrites glyph g from its contour count on.
	garbled := clone(hebrew)
	for i := at; i < at+size; i++ {
		garbled[i] = 0x7F
	}
	// locaPastEnd points the last glyph's end past glyf.
	locaPastEnd := clone(hebrew)
	loca := table(t, locaPastEnd, "loca")
	if binary.BigEndian.Uint16(table(t, hebrew, "head")[50:]) != 0 {
		t.Fatal("test font has long loca offsets; the cases below assume short ones")
	}
	binary.BigEndian.PutUint16(loca[len(loca)-2:], 0xFFFF)
	locaBackwards := clone(hebrew)
	loca = table(t, locaBackwards, "loca")
	binary.BigEndian.PutUint16(loca[2*g+2:], binary.BigEndian.Uint16(loca[2*g:])-1)
	noGSUB := clone(hebrew)
	gsub := table(t, noGSUB, "GSUB")
	binary.BigEndian.PutUint16(gsub[8:], 0xFFF0) // lookup list offset past the end
	// Composite glyphs: one that contains itself, one whose component is
	// past the font's glyphs, and a chain of composites of two or more
	// components each, every one using the next for all its components, so
	// that drawing the first reads 2^11 glyphs.
	comps := composites(t, hebrew)
	var multi []int
	for g, parts := range comps {
		if len(parts) >= 2 {
			multi = append(multi, g)
		}
	}
	slices.Sort(multi)
	if len(multi) < 12 {
		t.Fatalf("test font has %d composites of several glyphs, want 12", len(multi))
	}
	setComponents := func(font []byte, g, to int) {
		for _, at := range comps[g] {
			binary.BigEndian.PutUint16(font[at:], uint16(to))
		}
	}
	selfContained, pastEnd, fanOut := clone(hebrew), clone(hebrew), clone(hebrew)
	setComponents(selfContained, multi[0], multi[0])
	setComponents(pastEnd, multi[0], 0xFFFF)
	for i := range 11 {
		setComponents(fanOut, multi[i], multi[i+1])
	}
	woff2 := append([]byte("wOF2"), hebrew[4:]...)
	woff := append([]byte("wOFF"), hebrew[4:]...)

	for _, c := range []struct {
		name   string
		data   []byte
		reason string
	}{
		{"loca missing", withoutTable(t, hebrew, "loca"), "the loca table is missing"},
		{"glyf missing", withoutTable(t, hebrew, "glyf"), "the glyf table is missing"},
		{"cmap missing", withoutTable(t, hebrew, "cmap"), "the cmap table is missing"},
		{"glyf garbled", garbled, "glyph " + strconv.Itoa(g) + "'s outline is damaged"},
		{"loca offset past the end of glyf", locaPastEnd, "glyph 469's outline is damaged (glyf offset 131070 is past the end of the 25012-byte glyf table)"},
		{"loca offsets going backwards", locaBackwards, "glyph " + strconv.Itoa(g) + "'s outline is damaged (loca offsets go backwards"},
		{"GSUB garbled", noGSUB, "the GSUB table is damaged"},
		{"composite glyph containing itself", selfContained, "glyph " + strconv.Itoa(multi[0]) + "'s outline is damaged (a composite glyph that contains itself)"},
		{"composite glyph's component past the end", pastEnd, "glyph " + strconv.Itoa(multi[0]) + "'s outline is damaged (its component glyph 65535 is past"},
		{"composites nested into thousands of glyphs", fanOut, "'s outline is damaged (a composite of more than 1024 glyphs)"},
		{"truncated at 10%", truncated(10), "the file is cut short (4803 bytes): its GPOS table runs to byte 23024"},
		{"truncated at 50%", truncated(50), "the file is cut short"},
		{"truncated at 99%", truncated(99), "the file is cut short"},
		{"cut inside the directory", clone(hebrew[:40]), "the file is cut short (40 bytes): its table directory"},
		{"zero bytes", nil, "the file is empty"},
		{"WOFF2", woff2, "WOFF2 is not supported, use the TTF"},
		{"WOFF", woff, "WOFF is not supported, use the TTF"},
		{"text", []byte("not a font"), `not a TrueType or OpenType font (it starts with "not ")`},
		{"collection whose first font is damaged", collection(garbled, latin), "the collection's first font: glyph " + strconv.Itoa(g) + "'s outline is damaged"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Load("MyFont.ttf", c.data)
			if err == nil {
				t.Fatalf("loaded %v", f)
			}
			if !errors.Is(err, ErrNotFont) {
				t.Errorf("%v does not wrap ErrNotFont", err)
			}
			if want := "fonts: MyFont.ttf: "; !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("error %q, want %q and %q", err, want, c.reason)
			}
		})
	}
}

// TestLoadAcceptsCommittedFonts loads every font in the repository as a
// user font: none is refused, and each keeps its outlines.
func TestLoadAcceptsCommittedFonts(t *testing.T) {
	files, _ := filepath.Glob("*.ttf")
	more, _ := filepath.Glob("testdata/*.ttf")
	files = append(files, more...)
	if len(files) < 15 {
		t.Fatalf("found only %d fonts", len(files))
	}
	if testing.Short() {
		files = more
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := Load(filepath.Base(file), readFont(t, file))
			if err != nil {
				t.Fatal(err)
			}
			if !f.Covers('0') && !f.Covers('★') && !f.Covers('∑') {
				t.Errorf("covers neither 0, ★ nor ∑")
			}
		})
	}
}

// TestLoadCFFFont uses an OpenType font with CFF outlines when the machine
// has one (Debian's fonts-urw-base35): the whole font is accepted, and a
// garbled CFF table is refused.
func TestLoadCFFFont(t *testing.T) {
	data, err := os.ReadFile("/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf")
	if err != nil {
		t.Skip("no CFF font on this machine (Debian package fonts-urw-base35)")
	}
	if _, err := Load("NimbusSans-Regular.otf", data); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		data   []byte
		reason string
	}{
		{"CFF missing", withoutTable(t, data, "CFF "), "the CFF table is missing"},
		{"CFF garbled", garble(t, data, "CFF "), "outline is damaged"},
		{"truncated at 50%", clone(data[:len(data)/2]), "the file is cut short"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("Nimbus.otf", c.data)
			if err == nil || !errors.Is(err, ErrNotFont) || !strings.HasPrefix(err.Error(), "fonts: Nimbus.otf: ") || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("error %v, want %q", err, c.reason)
			}
		})
	}
}

// garble returns a copy of font with the second half of table tag
// overwritten.
func garble(t testing.TB, font []byte, tag string) []byte {
	out := clone(font)
	part := table(t, out, tag)
	for i := len(part) / 2; i < len(part); i++ {
		part[i] = 0x7F
	}
	return out
}

// BenchmarkLoadLargeFont measures Load, checks included, on the largest
// committed font (NotoSansSC-Regular: 10 MB, 30,898 glyphs).
func BenchmarkLoadLargeFont(b *testing.B) {
	data := readFont(b, "NotoSansSC-Regular.ttf")
	for b.Loop() {
		if _, err := Load("NotoSansSC-Regular.ttf", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLargeFont is go-text's parse alone, for comparison.
func BenchmarkParseLargeFont(b *testing.B) {
	data := readFont(b, "NotoSansSC-Regular.ttf")
	for b.Loop() {
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
