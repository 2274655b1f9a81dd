package fonts

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/go-text/typesetting/language"
)

func names(fs []*Font) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

func TestChainPerScriptAndStyle(t *testing.T) {
	r := Default()
	for _, c := range []struct {
		script language.Script
		role   Role
		weight Weight
		first  string
	}{
		{language.Latin, Display, Black, "NotoSans-Black"},
		{language.Cyrillic, Text, Regular, "NotoSans-Regular"},
		{language.Greek, Text, Bold, "NotoSans-Bold"},
		{language.Arabic, Display, Black, "NotoKufiArabic-Black"},
		{language.Arabic, Text, Regular, "NotoNaskhArabic-Regular"},
		{language.Arabic, Text, Black, "NotoNaskhArabic-Bold"}, // Naskh has no Black: nearest
		{language.Han, Display, Bold, "NotoSansSC-Bold"},
		{language.Devanagari, Text, Regular, "NotoSans-Regular"}, // no own family: last resort first
	} {
		chain := r.Chain(c.script, c.role, c.weight)
		if len(chain) == 0 || chain[0].Name != c.first {
			t.Errorf("%v %v %v: chain %v, want %s first", c.script, c.role, c.weight, names(chain), c.first)
		}
		seen := map[*Font]bool{}
		for _, f := range chain {
			if seen[f] {
				t.Errorf("%v: %s twice in %v", c.script, f.Name, names(chain))
			}
			seen[f] = true
		}
		// The last resorts follow: symbols, maths and emoji are always reachable.
		for _, fam := range []string{NotoSymbols2, NotoMath, NotoEmoji} {
			found := false
			for _, f := range chain {
				found = found || f.Family == fam
			}
			if !found {
				t.Errorf("%v: %s missing from %v", c.script, fam, names(chain))
			}
		}
	}
}

func TestCoverage(t *testing.T) {
	r := Default()
	for _, c := range []struct {
		fam  string
		ch   rune
		want bool
	}{
		{NotoSans, 'Ж', true}, {NotoSans, '保', false}, {NotoSansSC, '保', true},
		{NotoKufiArabic, 'ح', true}, {NotoNaskhArabic, 'ﻻ', true}, {NotoSymbols2, '★', true},
		{NotoSans, 'ส', false},
	} {
		if got := r.Family(c.fam, Regular).Covers(c.ch); got != c.want {
			t.Errorf("%s covers %q: %v, want %v", c.fam, c.ch, got, c.want)
		}
	}
}

func TestParsedOncePerProcess(t *testing.T) {
	f := Default().Family(NotoSans, Regular)
	a, err := f.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Default().Family(NotoSans, Regular).Parsed()
	if a != b {
		t.Error("font parsed twice")
	}
}

func TestSuggest(t *testing.T) {
	for r, want := range map[rune]string{'ש': "Noto Sans Hebrew", 'ส': "Noto Sans Thai", '保': NotoSansSC, 'Ж': NotoSans, 'ሀ': "Noto Sans Ethiopic", 'க': "Noto Sans Tamil"} {
		if got := Default().Suggest(r); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", r, got, want)
		}
	}
}

func TestLoadUserFont(t *testing.T) {
	if _, err := Load("junk.ttf", []byte("not a font")); !errors.Is(err, ErrNotFont) {
		t.Errorf("junk: %v", err)
	}
	data := Default().Family(NotoSans, Bold).Data
	f, err := Load("mine.ttf", data)
	if err != nil {
		t.Fatal(err)
	}
	chain := Default().WithUserFonts(f).Chain(language.Arabic, Text, Regular)
	if chain[0] != f || chain[1].Name != "NotoNaskhArabic-Regular" {
		t.Errorf("user font not first: %v", names(chain))
	}
}

func TestLicencesShipWithFonts(t *testing.T) {
	lic := Licenses()
	for _, fam := range []string{"NotoSans", "NotoKufiArabic", "NotoNaskhArabic", "NotoSansSC", "NotoSansSymbols2", "NotoSansMath", "NotoEmoji"} {
		if len(lic[fam+"-OFL.txt"]) < 1000 {
			t.Errorf("no licence for %s", fam)
		}
	}
}

// TestLoadCollection builds a two-font collection and checks that Load cuts
// the first font out as a standalone font with the same tables.
func TestLoadCollection(t *testing.T) {
	a := Default().Family(NotoSans, Regular).Data
	b := Default().Family(NotoNaskhArabic, Regular).Data
	be := binary.BigEndian
	// TTC header version 1: tag, version, numFonts, two offsets; then each
	// font's data (its table offsets moved by where it lands).
	hdr := 12 + 8
	ttc := make([]byte, hdr)
	copy(ttc, "ttcf")
	be.PutUint32(ttc[4:], 0x00010000)
	be.PutUint32(ttc[8:], 2)
	for i, f := range [][]byte{a, b} {
		at := len(ttc)
		be.PutUint32(ttc[12+4*i:], uint32(at))
		moved := append([]byte(nil), f...)
		n := int(be.Uint16(moved[4:]))
		for k := 0; k < n; k++ {
			be.PutUint32(moved[12+16*k+8:], be.Uint32(moved[12+16*k+8:])+uint32(at))
		}
		ttc = append(ttc, moved...)
	}
	f, err := Load("pair.ttc", ttc)
	if err != nil {
		t.Fatal(err)
	}
	if string(f.Data[:4]) == "ttcf" || !f.Covers('Ж') || f.Covers('ب') {
		t.Errorf("Load did not give the collection's first font (Noto Sans)")
	}
	p, _ := f.Parsed()
	want, _ := Default().Family(NotoSans, Regular).Parsed()
	if p.Upem() != want.Upem() {
		t.Errorf("upem %d, want %d", p.Upem(), want.Upem())
	}
	if _, err := Load("bad.ttc", []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\xff\xff\xff\xff")); !errors.Is(err, ErrNotFont) {
		t.Errorf("broken collection: %v", err)
	}
}
