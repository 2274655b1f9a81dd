package translation

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"posterkit/render/template"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// kitCatalog has the strings that are hard to carry: quotes, backslashes,
// tabs, paragraph breaks, a line that looks like a PO comment, right-to-left
// and CJK text, an emoji, a trailing break and an empty source.
func kitCatalog() *Catalog {
	return &Catalog{
		Layout:  "wtisd-2009",
		Title:   "Protecting children in cyberspace",
		SrcLang: "en",
		Entries: []Entry{
			{
				ID:        "occasion",
				Source:    "World Telecommunication and Information Society Day",
				Reference: "Journée mondiale des télécommunications et de la société de l'information",
				RefLang:   "fr",
				Notes:     []string{"Frame occasion: 360 × 20 mm, at most 1 line", "Rough budget: about 50 characters"},
			},
			{
				ID:        "headline",
				Source:    `Protecting "children" in cyberspace`,
				Reference: `Protéger les « enfants » dans le cyberespace`,
				RefLang:   "fr",
				Notes:     []string{"Frame headline: 360 × 146 mm, at most 3 lines"},
			},
			{
				ID:        "body",
				Source:    "First paragraph, C:\\path.\nSecond\tparagraph.\n# not a comment",
				Reference: "Premier paragraphe.\nDeuxième paragraphe.\n# pas un commentaire",
				RefLang:   "fr",
			},
			{ID: "arabic", Source: "حماية الأطفال في الفضاء السيبراني"},
			{ID: "chinese", Source: "在网络空间保护儿童 🛡️"},
			{ID: "trailing", Source: "Ends with a break\n"},
			{ID: "blank", Source: ""},
		},
	}
}

// poTranslations are a translator's msgstr lines for kitCatalog, written by
// hand in PO syntax, and the texts they stand for.
var poTranslations = map[string]struct{ po, want string }{
	"occasion": {`msgstr "Siku ya Mawasiliano ya Simu na Jamii ya Habari Duniani"`,
		"Siku ya Mawasiliano ya Simu na Jamii ya Habari Duniani"},
	"headline": {`msgstr "Kuwalinda \"watoto\" mtandaoni"`,
		`Kuwalinda "watoto" mtandaoni`},
	"body": {"msgstr \"\"\n\"Aya ya kwanza, C:\\\\njia.\\n\"\n\"Aya ya\\040pili.\\n\"\n\"# si maoni\"",
		"Aya ya kwanza, C:\\njia.\nAya ya pili.\n# si maoni"},
	"arabic": {"msgstr \"\"\n\"حماية الأطفال\\n\"\n\"في الفضاء السيبراني\"",
		"حماية الأطفال\nفي الفضاء السيبراني"},
	"chinese": {"msgstr \"在网络空间\"\n   \"保护儿童 🛡️ \\x41\\101\\x7e\\r\"",
		"在网络空间保护儿童 🛡️ AA~\r"},
	"trailing": {`msgstr "Inaisha na mstari\n"`, "Inaisha na mstari\n"},
	"blank":    {`msgstr "(tupu)"`, "(tupu)"},
}

// fillPO plays the translator: every msgstr "" of an entry becomes the
// translation given for its msgctxt, and the header gets a Language.
func fillPO(t *testing.T, pot string, lang string, tr map[string]string) string {
	t.Helper()
	var out []string
	ctxt := ""
	for _, l := range strings.Split(pot, "\n") {
		switch {
		case strings.HasPrefix(l, "msgctxt "):
			var err error
			if ctxt, err = strconv.Unquote(strings.TrimPrefix(l, "msgctxt ")); err != nil {
				t.Fatalf("msgctxt line %q: %v", l, err)
			}
		case l == `msgstr ""` && ctxt != "":
			if s, ok := tr[ctxt]; ok {
				l = s
			}
			ctxt = ""
		case l == `"Language: \n"`:
			l = `"Language: ` + lang + `\n"`
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func writePOT(t *testing.T, c *Catalog) string {
	t.Helper()
	var b bytes.Buffer
	if err := WritePOT(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writeXLIFF(t *testing.T, c *Catalog) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLIFF(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkLines checks that each entry's line in res is the line that names
// it: msgctxt in PO, <unit> in XLIFF.
func checkLines(t *testing.T, file string, res *Result, ids []string) {
	t.Helper()
	lines := strings.Split(file, "\n")
	for _, id := range ids {
		n, ok := res.Strings.Lines[id]
		if !ok || n < 1 || n > len(lines) {
			t.Errorf("Lines[%q] = %d, %v", id, n, ok)
			continue
		}
		l := lines[n-1]
		if !strings.Contains(l, `msgctxt "`+id+`"`) && !strings.Contains(l, `<unit id="`+id+`"`) {
			t.Errorf("Lines[%q] = %d, which is %q", id, n, l)
		}
	}
}

func ids(c *Catalog) []string {
	var s []string
	for _, e := range c.Entries {
		s = append(s, e.ID)
	}
	return s
}

func TestPORoundTrip(t *testing.T) {
	c := kitCatalog()
	tr := map[string]string{}
	want := map[string]string{}
	for id, x := range poTranslations {
		tr[id], want[id] = x.po, x.want
	}
	po := fillPO(t, writePOT(t, c), "sw", tr)
	res, err := Read("sw.po", []byte(po))
	if err != nil {
		t.Fatalf("%v\n%s", err, po)
	}
	if !reflect.DeepEqual(res.Strings.Text, want) {
		t.Errorf("texts:\n got %q\nwant %q", res.Strings.Text, want)
	}
	if res.Lang != "sw" || res.Layout != "wtisd-2009" || res.Strings.File != "sw.po" {
		t.Errorf("Lang %q, Layout %q, File %q; want sw, wtisd-2009, sw.po", res.Lang, res.Layout, res.Strings.File)
	}
	if len(res.Untranslated) != 0 || len(res.Fuzzy) != 0 {
		t.Errorf("Untranslated %q, Fuzzy %q; want none", res.Untranslated, res.Fuzzy)
	}
	checkLines(t, po, res, ids(c))
}

// TestPOFromGettext reads what GNU gettext makes of a filled file: msgcat
// rewraps every string into continuation lines at its own places, and
// msgfmt --check must accept the file.
func TestPOFromGettext(t *testing.T) {
	msgcat, err1 := exec.LookPath("msgcat")
	msgfmt, err2 := exec.LookPath("msgfmt")
	if err1 != nil || err2 != nil {
		t.Skip("GNU gettext is not installed")
	}
	tr := map[string]string{}
	want := map[string]string{}
	for id, x := range poTranslations {
		tr[id], want[id] = x.po, x.want
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "sw.po")
	if err := os.WriteFile(in, []byte(fillPO(t, writePOT(t, kitCatalog()), "sw_TZ", tr)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(msgfmt, "--check", "-o", os.DevNull, in).CombinedOutput(); err != nil {
		t.Fatalf("msgfmt --check: %v\n%s", err, out)
	}
	out, err := exec.Command(msgcat, "--width=16", in).Output()
	if err != nil {
		t.Fatalf("msgcat: %v", err)
	}
	res, err := Read("sw.po", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(res.Strings.Text, want) {
		t.Errorf("texts:\n got %q\nwant %q", res.Strings.Text, want)
	}
	if res.Lang != "sw-TZ" {
		t.Errorf("Lang %q, want sw-TZ", res.Lang)
	}
}

func TestPOTReadsAsUntranslated(t *testing.T) {
	c := kitCatalog()
	pot := writePOT(t, c)
	res, err := Read("kit.pot", []byte(pot))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Strings.Text) != 0 || !reflect.DeepEqual(res.Untranslated, ids(c)) || res.Lang != "" {
		t.Errorf("Text %q, Untranslated %q, Lang %q; want none, all in order, \"\"", res.Strings.Text, res.Untranslated, res.Lang)
	}
	checkLines(t, pot, res, ids(c))
}

func TestPOUntranslatedAndFuzzy(t *testing.T) {
	po := `msgid ""
msgstr "Language: fr\n"

#, fuzzy
msgctxt "a"
msgid "One"
msgstr "Un"

msgctxt "b"
msgid "Two"
msgstr ""

#, c-format, fuzzy
msgctxt "c"
msgid "Three"
msgstr ""
""

#~ msgctxt "old"
#~ msgid "Gone"
#~ msgstr "Parti"
msgctxt "d"
msgid "Four"
msgstr "Quatre"
`
	res, err := Read("fr.po", []byte(po))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"a": "Un", "d": "Quatre"}; !reflect.DeepEqual(res.Strings.Text, want) {
		t.Errorf("Text %q, want %q", res.Strings.Text, want)
	}
	if want := []string{"b", "c"}; !reflect.DeepEqual(res.Untranslated, want) {
		t.Errorf("Untranslated %q, want %q", res.Untranslated, want)
	}
	if want := []string{"a"}; !reflect.DeepEqual(res.Fuzzy, want) {
		t.Errorf("Fuzzy %q, want %q (a fuzzy entry without text is untranslated)", res.Fuzzy, want)
	}
	if want := map[string]int{"a": 5, "b": 9, "c": 14, "d": 22}; !reflect.DeepEqual(res.Strings.Lines, want) {
		t.Errorf("Lines %v, want %v", res.Strings.Lines, want)
	}
}

func TestPOToleratesBOMAndCRLF(t *testing.T) {
	po := "\uFEFFmsgid \"\"\r\nmsgstr \"Language: ar\\n\"\r\n\r\nmsgctxt \"a\"\r\nmsgid \"x\"\r\nmsgstr \"\"\r\n\"\u0645\\n\"\r\n\"\u0633\"\r\n"
	res, err := Read("ar.po", []byte(po))
	if err != nil {
		t.Fatal(err)
	}
	if res.Strings.Text["a"] != "\u0645\n\u0633" || res.Lang != "ar" || res.Strings.Lines["a"] != 4 {
		t.Errorf("Text %q, Lang %q, Lines %v", res.Strings.Text, res.Lang, res.Strings.Lines)
	}
}

func TestPOTNotesAndReference(t *testing.T) {
	pot := writePOT(t, kitCatalog())
	for _, want := range []string{
		"#. Frame occasion: 360 × 20 mm, at most 1 line\n#. Rough budget: about 50 characters\n" +
			"#. French: Journée mondiale des télécommunications et de la société de l'information\n" +
			"#: layout.yaml:occasion\nmsgctxt \"occasion\"\n",
		"#. French: Premier paragraphe.\n#. French: Deuxième paragraphe.\n#. French: # pas un commentaire\n",
		"msgid \"\"\n\"First paragraph, C:\\\\path.\\n\"\n\"Second\\tparagraph.\\n\"\n\"# not a comment\"\nmsgstr \"\"\n",
		"msgid \"Ends with a break\\n\"\n",
		"msgid \"حماية الأطفال في الفضاء السيبراني\"\n",
		`"Project-Id-Version: wtisd-2009\n"`,
		`"Content-Type: text/plain; charset=UTF-8\n"`,
		`"Content-Transfer-Encoding: 8bit\n"`,
		`"Language: \n"`,
		`"X-Generator: posterkit\n"`,
		`"MIME-Version: 1.0\n"`,
	} {
		if !strings.Contains(pot, want) {
			t.Errorf("POT lacks %q:\n%s", want, pot)
		}
	}
}

// xliffTargets are a translator's <target> elements for kitCatalog and the
// texts they stand for.
var xliffTargets = map[string]struct{ xml, want string }{
	"occasion": {`<target>Siku ya Mawasiliano ya Simu na Jamii ya Habari Duniani</target>`,
		"Siku ya Mawasiliano ya Simu na Jamii ya Habari Duniani"},
	"headline": {`<target xml:space="preserve">Kuwalinda &quot;watoto&quot; &lt;mtandaoni&gt; &amp; zaidi</target>`,
		`Kuwalinda "watoto" <mtandaoni> & zaidi`},
	"body": {"<target xml:space=\"preserve\">Aya ya kwanza, C:\\njia.\nAya ya&#160;pili.\n# si maoni</target>",
		"Aya ya kwanza, C:\\njia.\nAya ya\u00a0pili.\n# si maoni"},
	"arabic": {`<target>حماية <ph id="1"/>الأطفال</target>`, "حماية الأطفال"},
	"chinese": {`<target>在网络空间<pc id="2">保护<mrk id="m1" translate="no">儿童</mrk></pc> 🛡️<cp hex="200D"/></target>`,
		"在网络空间保护儿童 🛡️\u200d"},
	"trailing": {`<target>Inaisha na mstari&#10;</target>`, "Inaisha na mstari\n"},
	"blank":    {`<target><![CDATA[(tupu) <&>]]></target>`, "(tupu) <&>"},
}

// fillXLIFF plays the translator's tool: a target after each source, and
// trgLang on <xliff>.
func fillXLIFF(t *testing.T, x string, lang string, tr map[string]string) string {
	t.Helper()
	var out []string
	unit := ""
	for _, l := range strings.Split(x, "\n") {
		if i := strings.Index(l, `<unit id="`); i >= 0 {
			unit, _, _ = strings.Cut(l[i+len(`<unit id="`):], `"`)
		}
		if strings.HasPrefix(l, "<xliff ") && lang != "" {
			l = strings.Replace(l, ` srcLang="en"`, ` srcLang="en" trgLang="`+lang+`"`, 1)
		}
		out = append(out, l)
		if strings.HasSuffix(l, "</source>") && tr[unit] != "" {
			out = append(out, "        "+tr[unit])
		}
	}
	return strings.Join(out, "\n")
}

func TestXLIFFRoundTrip(t *testing.T) {
	c := kitCatalog()
	tr := map[string]string{}
	want := map[string]string{}
	for id, x := range xliffTargets {
		tr[id], want[id] = x.xml, x.want
	}
	x := fillXLIFF(t, writeXLIFF(t, c), "sw", tr)
	res, err := Read("sw.xlf", []byte(x))
	if err != nil {
		t.Fatalf("%v\n%s", err, x)
	}
	if !reflect.DeepEqual(res.Strings.Text, want) {
		t.Errorf("texts:\n got %q\nwant %q", res.Strings.Text, want)
	}
	if res.Lang != "sw" || res.Layout != "wtisd-2009" || res.Strings.File != "sw.xlf" {
		t.Errorf("Lang %q, Layout %q, File %q; want sw, wtisd-2009, sw.xlf", res.Lang, res.Layout, res.Strings.File)
	}
	if len(res.Untranslated) != 0 {
		t.Errorf("Untranslated %q, want none", res.Untranslated)
	}
	checkLines(t, x, res, ids(c))
}

func TestXLIFFUntranslated(t *testing.T) {
	c := kitCatalog()
	x := fillXLIFF(t, writeXLIFF(t, c), "", map[string]string{
		"occasion": "<target>Siku</target>",
		"headline": "<target/>",
		"body":     `<target xml:space="preserve"></target>`,
	})
	res, err := Read("sw.xliff", []byte(x))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"occasion": "Siku"}; !reflect.DeepEqual(res.Strings.Text, want) {
		t.Errorf("Text %q, want %q", res.Strings.Text, want)
	}
	if want := ids(c)[1:]; !reflect.DeepEqual(res.Untranslated, want) {
		t.Errorf("Untranslated %q, want %q", res.Untranslated, want)
	}
	if res.Lang != "" {
		t.Errorf("Lang %q without trgLang", res.Lang)
	}
	checkLines(t, x, res, ids(c))
}

func TestXLIFFSegmentsAndGroups(t *testing.T) {
	x := `<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" version="2.1" srcLang="en" trgLang="ru">
 <file id="wtisd-2009">
  <group id="g">
   <unit id="two">
    <mda:metadata><mda:metaGroup><mda:meta type="x">not a target</mda:meta></mda:metaGroup></mda:metadata>
    <segment><source>One.</source><target>Раз.</target></segment>
    <ignorable><source> </source><target> </target></ignorable>
    <segment state="translated"><source>Two.</source><target>Два.</target></segment>
   </unit>
  </group>
  <unit id="half">
   <segment><source>One.</source><target>Раз.</target></segment>
   <segment><source>Two.</source></segment>
  </unit>
 </file>
</xliff>`
	res, err := Read("ru.xlf", []byte(x))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"two": "Раз. Два."}; !reflect.DeepEqual(res.Strings.Text, want) {
		t.Errorf("Text %q, want %q (segments joined with the <ignorable> between them)", res.Strings.Text, want)
	}
	if want := []string{"half"}; !reflect.DeepEqual(res.Untranslated, want) {
		t.Errorf("Untranslated %q, want %q (a segment without target)", res.Untranslated, want)
	}
	if res.Lang != "ru" || res.Strings.Lines["two"] != 5 || res.Strings.Lines["half"] != 12 {
		t.Errorf("Lang %q, Lines %v", res.Lang, res.Strings.Lines)
	}
}

// xliffDoc is the XLIFF 2.0 structure the template must have.
type xliffDoc struct {
	XMLName xml.Name `xml:"urn:oasis:names:tc:xliff:document:2.0 xliff"`
	Version string   `xml:"version,attr"`
	SrcLang string   `xml:"srcLang,attr"`
	TrgLang *string  `xml:"trgLang,attr"`
	Files   []struct {
		ID    string `xml:"id,attr"`
		Notes []struct {
			Category string `xml:"category,attr"`
			Text     string `xml:",chardata"`
		} `xml:"notes>note"`
		Units []struct {
			ID    string `xml:"id,attr"`
			Notes []struct {
				Category string `xml:"category,attr"`
				Lang     string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
				Text     string `xml:",chardata"`
			} `xml:"notes>note"`
			Segments []struct {
				Source struct {
					Space string `xml:"http://www.w3.org/XML/1998/namespace space,attr"`
					Text  string `xml:",chardata"`
				} `xml:"source"`
				Target *struct{} `xml:"target"`
			} `xml:"segment"`
		} `xml:"unit"`
	} `xml:"file"`
}

func TestXLIFFTemplateStructure(t *testing.T) {
	c := kitCatalog()
	var doc xliffDoc
	if err := xml.Unmarshal([]byte(writeXLIFF(t, c)), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.0" || doc.SrcLang != "en" || doc.TrgLang != nil || len(doc.Files) != 1 {
		t.Fatalf("xliff version %q srcLang %q trgLang %v, %d files", doc.Version, doc.SrcLang, doc.TrgLang, len(doc.Files))
	}
	f := doc.Files[0]
	if f.ID != "wtisd-2009" || len(f.Notes) != 1 || f.Notes[0].Text != c.Title {
		t.Errorf("file id %q, notes %+v", f.ID, f.Notes)
	}
	if len(f.Units) != len(c.Entries) {
		t.Fatalf("%d units, want %d", len(f.Units), len(c.Entries))
	}
	for i, u := range f.Units {
		e := c.Entries[i]
		if u.ID != e.ID || len(u.Segments) != 1 {
			t.Errorf("unit %d: id %q, %d segments", i, u.ID, len(u.Segments))
			continue
		}
		s := u.Segments[0]
		if s.Source.Text != e.Source || s.Source.Space != "preserve" || s.Target != nil {
			t.Errorf("unit %s: source %q (xml:space %q), target %v", u.ID, s.Source.Text, s.Source.Space, s.Target)
		}
		var notes, refs []string
		for _, n := range u.Notes {
			switch n.Category {
			case "frame":
				notes = append(notes, n.Text)
			case "reference":
				if n.Lang != e.RefLang {
					t.Errorf("unit %s: reference xml:lang %q, want %q", u.ID, n.Lang, e.RefLang)
				}
				refs = append(refs, n.Text)
			default:
				t.Errorf("unit %s: note category %q", u.ID, n.Category)
			}
		}
		if e.Reference != "" {
			if !reflect.DeepEqual(refs, []string{e.Reference}) {
				t.Errorf("unit %s: reference notes %q, want %q", u.ID, refs, e.Reference)
			}
		} else if refs != nil {
			t.Errorf("unit %s: reference notes %q, want none", u.ID, refs)
		}
		if !reflect.DeepEqual(notes, e.Notes) {
			t.Errorf("unit %s: notes %q, want %q", u.ID, notes, e.Notes)
		}
	}
}

// TestGolden keeps the files translators get in testdata, where a change
// to them shows in review; -update rewrites them. Writing twice checks that
// the output depends on the catalog alone.
func TestGolden(t *testing.T) {
	for _, g := range []struct {
		file  string
		write func(*testing.T, *Catalog) string
	}{
		{"wtisd-2009.pot", writePOT},
		{"wtisd-2009.xlf", writeXLIFF},
	} {
		got := g.write(t, kitCatalog())
		if again := g.write(t, kitCatalog()); again != got {
			t.Errorf("%s: two writes differ", g.file)
		}
		path := filepath.Join("testdata", g.file)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the golden file:\n%s", g.file, lineDiff(string(want), got))
		}
	}
}

// lineDiff shows the first differing line.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n want " + strconv.Quote(a) + "\n  got " + strconv.Quote(b)
		}
	}
	return ""
}

func TestWriteRefusesBadCatalogs(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *Catalog
		xml  bool // only XLIFF refuses it
	}{
		{"nil", nil, false},
		{"no id", &Catalog{Entries: []Entry{{Source: "x"}}}, false},
		{"duplicate id", &Catalog{Entries: []Entry{{ID: "a"}, {ID: "a"}}}, false},
		{"control character", &Catalog{Entries: []Entry{{ID: "a", Source: "bell\a"}}}, true},
		{"not UTF-8", &Catalog{Entries: []Entry{{ID: "a", Source: "\xff"}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := WriteXLIFF(&bytes.Buffer{}, tc.c); err == nil {
				t.Error("WriteXLIFF: no error")
			}
			err := WritePOT(&bytes.Buffer{}, tc.c)
			if tc.xml && err != nil {
				t.Errorf("WritePOT: %v; PO carries any bytes", err)
			}
			if !tc.xml && err == nil {
				t.Error("WritePOT: no error")
			}
		})
	}
}

// TestPOCarriesAnyBytes: control characters and bytes that are not UTF-8
// in a source are escaped in C's way; the same escapes in a translation read
// back, but a translation must be UTF-8 and free of control characters.
func TestPOCarriesAnyBytes(t *testing.T) {
	const escaped = `"a\000b\001\033\177\377\r\v\f\b\a\"\\"`
	pot := writePOT(t, &Catalog{Entries: []Entry{{ID: "a", Source: "a\x00b\x01\x1b\x7f\xff\r\v\f\b\a\"\\"}}})
	if !strings.Contains(pot, "\nmsgid "+escaped+"\n") {
		t.Fatalf("POT lacks msgid %s:\n%s", escaped, pot)
	}
	po := "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"a\\303\\251\\x41\\r\\?\\'\\\"\\\\\"\n"
	res, err := Read("x.po", []byte(po))
	if want := "aéA\r?'\"\\"; err != nil || res.Strings.Text["a"] != want {
		t.Errorf("%s reads as %q, %v; want %q", po, res.Strings.Text["a"], err, want)
	}
	po = "msgctxt \"a\"\nmsgid \"x\"\nmsgstr " + escaped + "\n"
	if _, err := Read("x.po", []byte(po)); err == nil || err.Error() != "x.po:3: msgstr is not valid UTF-8" {
		t.Errorf("%s: error %v, want one about UTF-8", po, err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, data string
		line             int
		msg              string
	}{
		{"unterminated string", "s.po", "msgctxt \"a\"\nmsgid \"b\nmsgstr \"\"\n", 2, "unterminated string"},
		{"escaped closing quote", "s.po", "msgctxt \"a\"\nmsgid \"b\\\"\nmsgstr \"\"\n", 2, "unterminated string"},
		{"msgstr before msgid", "s.po", "msgctxt \"a\"\nmsgstr \"x\"\n", 2, "msgstr before msgid"},
		{"plural entry", "s.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgid_plural \"xs\"\nmsgstr[0] \"\"\n", 3, "plural entries are not used by posterkit"},
		{"plural msgstr", "s.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr[0] \"\"\n", 3, "plural entries are not used by posterkit"},
		{"duplicate msgctxt", "s.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"y\"\nmsgstr \"\"\n", 5, `duplicate msgctxt "a" (first at line 1)`},
		{"entry without msgctxt", "s.po", "msgid \"\"\nmsgstr \"\"\n\n#. note\nmsgid \"x\"\nmsgstr \"y\"\n", 5, "entry without msgctxt"},
		{"unknown keyword", "s.po", "msgctxt \"a\"\nmsgidd \"x\"\nmsgstr \"\"\n", 2, `unknown keyword "msgidd"`},
		{"bad escape", "s.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"a\\qb\"\n", 3, `bad escape \q`},
		{"octal escape too big", "s.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\\777\"\n", 3, `bad escape \777`},
		{"hex escape without digits", "s.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\\xg\"\n", 3, `bad escape \x`},
		{"text after string", "s.po", "msgctxt \"a\" x\n", 1, "after the closing quote"},
		{"keyword without string", "s.po", "msgctxt \"a\"\nmsgid\n", 2, "msgid needs a quoted string"},
		{"string without keyword", "s.po", "\"x\"\n", 1, "string without a keyword"},
		{"string after comment", "s.po", "msgctxt \"a\"\nmsgid \"x\"\n# c\n\"y\"\n", 4, "string without a keyword"},
		{"msgid without msgstr", "s.po", "msgctxt \"a\"\nmsgid \"x\"\n\nmsgctxt \"b\"\n", 4, "msgctxt after msgid"},
		{"msgid without msgstr at end", "s.po", "msgctxt \"a\"\nmsgid \"x\"\n", 2, "msgid without msgstr"},
		{"msgctxt alone", "s.po", "msgctxt \"a\"\n", 1, "msgctxt without msgid"},
		{"two msgstr", "s.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\"\nmsgstr \"\"\n", 4, "second msgstr"},
		{"empty msgctxt", "s.po", "msgctxt \"\"\nmsgid \"x\"\nmsgstr \"\"\n", 1, "empty msgctxt"},
		{"second header", "s.po", "msgid \"\"\nmsgstr \"\"\n\nmsgid \"\"\nmsgstr \"\"\n", 4, "second header entry"},
		{"not UTF-8", "s.po", "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n", 2, "charset iso-8859-1 is not supported"},
		{"error line after CRLF and BOM", "s.pot", "\uFEFFmsgctxt \"a\"\r\nmsgid \"x\"\r\nmsgstr \"\\z\"\r\n", 3, `bad escape \z`},

		{"malformed XML", "s.xlf", "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">\n<file id=\"f\"><unit id=\"a\">\n<segment>\n</unit></file></xliff>\n", 5, "XML syntax error"},
		{"unknown entity", "s.xlf", "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">\n<file id=\"f\"><unit id=\"a\"><segment><source/>\n<target>&nbsp;</target></segment></unit></file></xliff>\n", 3, "XML syntax error"},
		{"truncated", "s.xlf", "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">\n<file id=\"f\">\n", 3, "XML syntax error"},
		{"XLIFF 1.2", "s.xliff", "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"x\" source-language=\"en\" datatype=\"plaintext\"><body/></file></xliff>\n", 2, "XLIFF 1.2 is not supported; export XLIFF 2.0"},
		{"DOCTYPE", "s.xlf", "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY lol \"lol\">]>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"/>\n", 2, "<!DOCTYPE> is not allowed"},
		{"not XLIFF", "s.xlf", "\n<html><body/></html>", 2, "not XLIFF"},
		{"wrong namespace", "s.xlf", "<xliff version=\"2.0\"/>", 1, "not in the XLIFF 2.0 namespace"},
		{"unit without id", "s.xlf", "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">\n<file id=\"f\">\n  <unit>\n<segment><source/></segment></unit></file></xliff>", 3, "<unit> without an id"},
		{"duplicate unit", "s.xlf", "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">\n<file id=\"f\">\n<unit id=\"a\"/>\n<unit id=\"a\"/></file></xliff>", 4, `duplicate unit id "a" (first at line 3)`},
		{"two roots", "s.xlf", "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"/>\n<xliff/>", 2, "after the end of <xliff>"},
		{"too deep", "s.xlf", "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">\n" + strings.Repeat("<a>", 100), 2, "nested more than"},
		{"other encoding", "s.xlf", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<xliff/>", 1, "UTF-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatal("no error")
			}
			prefix := tc.file + ":" + strconv.Itoa(tc.line) + ": "
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q, want %q…%q", err, prefix, tc.msg)
			}
			var te *template.Error
			if !errors.As(err, &te) || te.File != tc.file || te.Line != tc.line {
				t.Errorf("error %#v, want a *template.Error at %s:%d", err, tc.file, tc.line)
			}
		})
	}
}

func TestReadWholeFileErrors(t *testing.T) {
	if _, err := Read("s.txt", []byte("msgid \"\"")); !errors.Is(err, ErrUnknownFormat) || !strings.HasPrefix(err.Error(), "s.txt: ") {
		t.Errorf("unknown extension: %v", err)
	}
	if _, err := Read("s.PO", []byte("")); err != nil {
		t.Errorf("empty .PO: %v; want an empty result", err)
	}
	if _, err := Read("s.xlf", nil); err == nil || err.Error() != "s.xlf: no <xliff> element" {
		t.Errorf("empty XLIFF: %v", err)
	}
	big := make([]byte, maxFileSize+1)
	if _, err := Read("s.po", big); err == nil || !strings.HasPrefix(err.Error(), "s.po: file too large") {
		t.Errorf("too large: %v", err)
	}
}

// FuzzRead feeds Read the written templates, filled files and broken ones:
// it must not panic, and what it returns must hang together.
func FuzzRead(f *testing.F) {
	c := kitCatalog()
	var pot, xlf bytes.Buffer
	if err := WritePOT(&pot, c); err != nil {
		f.Fatal(err)
	}
	if err := WriteXLIFF(&xlf, c); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{pot.String(), xlf.String()} {
		f.Add([]byte(s), strings.HasPrefix(s, "<"))
		f.Add([]byte(s[:len(s)/2]), strings.HasPrefix(s, "<"))
		f.Add([]byte(s[:len(s)-3]), strings.HasPrefix(s, "<"))
	}
	f.Add([]byte(""), false)
	f.Add([]byte(""), true)
	f.Add([]byte("msgctxt \"a\"\nmsgid \"\\\nmsgstr \"\\x\"\n"), false)
	f.Add([]byte("#, fuzzy\nmsgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\\101\"\n\"\"\n#~ msgstr \"q\""), false)
	f.Add([]byte("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"><file><unit id=\"a\"><segment><target>x<ph/><cp hex=\"41\"/></target></segment></unit></file></xliff>"), true)
	f.Add([]byte("<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]><xliff>&a;</xliff>"), true)
	f.Add([]byte("msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\\a\\033\\0\"\n\"\\u200b\"\n"), false)
	f.Add([]byte("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"><file><unit id=\"a\"><segment><target>x\n\t<cp hex=\"0007\"/>&#x200B;</target></segment></unit></file></xliff>"), true)
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<xliff/>"), true)
	f.Add([]byte("msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"y\"\n"), true)
	f.Add([]byte("<?xml version=\"1.0\"?>\n<xliff/>"), false)
	f.Fuzz(func(t *testing.T, data []byte, isXML bool) {
		name := "f.po"
		if isXML {
			name = "f.xlf"
		}
		res, err := Read(name, data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		s := res.Strings
		for id, txt := range s.Text {
			if s.Lines[id] < 1 || template.CheckText(txt) != nil || txt != "" && template.Blank(txt) {
				t.Errorf("Text[%q] = %q at line %d", id, txt, s.Lines[id])
			}
		}
		for _, id := range res.Untranslated {
			if _, ok := s.Text[id]; ok || s.Lines[id] < 1 {
				t.Errorf("untranslated %q is in Text or has no line", id)
			}
		}
		for _, id := range res.Fuzzy {
			if _, ok := s.Text[id]; !ok {
				t.Errorf("fuzzy %q is not in Text", id)
			}
		}
		if len(s.Lines) != len(s.Text)+len(res.Untranslated) {
			t.Errorf("%d lines for %d texts and %d untranslated", len(s.Lines), len(s.Text), len(res.Untranslated))
		}
	})
}

// FuzzEscapeRoundTrip: any text a translator's tool writes with gettext's
// or XML's escapes reads back as itself.
func FuzzEscapeRoundTrip(f *testing.F) {
	for _, e := range kitCatalog().Entries {
		f.Add(e.Source)
	}
	f.Add("\x00\xff\r\n\\\"\a")
	f.Add("]]>&amp;\r\n\t")
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		b.WriteString("msgctxt \"a\"\nmsgid \"x\"\n")
		writePOString(&b, "msgstr", s)
		bad := template.CheckText(s)
		want := s
		if template.Blank(s) {
			want = "" // translated to nothing visible: an empty text
		}
		res, err := Read("f.po", []byte(b.String()))
		switch {
		case err != nil && !utf8.ValidString(s):
			if !strings.Contains(err.Error(), "not valid UTF-8") {
				t.Errorf("PO %q: %v", b.String(), err)
			}
		case bad != nil:
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%U", bad.Rune)) {
				t.Errorf("PO %q: error %v, want one naming %U", b.String(), err, bad.Rune)
			}
		case err != nil:
			t.Errorf("PO %q: %v", b.String(), err)
		case res.Strings.Text["a"] != want:
			t.Errorf("PO %q reads as %q, want %q", b.String(), res.Strings.Text["a"], want)
		}

		if xmlText(s) != nil {
			return
		}
		x := `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"><file id="f"><unit id="a"><segment><source/>` +
			`<target xml:space="preserve">` + xmlEscape(s, false) + `</target></segment></unit></file></xliff>`
		res, err = Read("f.xlf", []byte(x))
		switch {
		case bad != nil:
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%U", bad.Rune)) {
				t.Errorf("XLIFF %q: error %v, want one naming %U", x, err, bad.Rune)
			}
		case err != nil:
			t.Fatalf("XLIFF %q: %v", x, err)
		case res.Strings.Text["a"] != want:
			t.Errorf("XLIFF %q reads as %q, want %q", x, res.Strings.Text["a"], want)
		}
	})
}
