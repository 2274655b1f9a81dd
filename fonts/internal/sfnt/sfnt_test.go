package sfnt

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestDirectoryOfARealFontAndCutOnes(t *testing.T) {
	data, err := os.ReadFile("../../NotoSans-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	v, tables, err := Directory(data)
	if err != nil || v != VersionTrueType {
		t.Fatalf("version %#x, %v", v, err)
	}
	m := Map(tables)
	for _, tag := range []string{"head", "hhea", "hmtx", "glyf", "loca", "cmap", "GSUB"} {
		if len(m[tag]) == 0 {
			t.Errorf("no %s table", tag)
		}
	}
	for _, c := range []struct {
		n    int
		want string
	}{
		{4, "too short"},
		{20, "its table directory of"},
		{len(data) / 2, "table runs to byte"},
	} {
		_, _, err := Directory(data[:c.n])
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("cut at %d: %v, want %q", c.n, err, c.want)
		}
	}
}

func TestFirstOfCollectionStandsAlone(t *testing.T) {
	font, _ := os.ReadFile("../../NotoSans-Regular.ttf")
	// A collection of one font: header, one offset, then the font's bytes
	// (its table offsets shifted by the 16-byte header).
	ttc := append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), font...)
	_, tables, _ := Directory(font)
	for i := range tables {
		rec := ttc[16+12+16*i:]
		off := uint32(rec[8])<<24 | uint32(rec[9])<<16 | uint32(rec[10])<<8 | uint32(rec[11])
		off += 16
		rec[8], rec[9], rec[10], rec[11] = byte(off>>24), byte(off>>16), byte(off>>8), byte(off)
	}
	first, err := FirstOfCollection(ttc)
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := Directory(first)
	if err != nil || len(got) != len(tables) {
		t.Fatalf("%d tables, %v", len(got), err)
	}
	for i := range got {
		if string(got[i].Data) != string(tables[i].Data) {
			t.Errorf("table %s differs", got[i].Tag)
		}
	}
	if _, err := FirstOfCollection(ttc[:14]); err == nil {
		t.Error("a cut collection is accepted")
	}
}
