package template

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestStringsRefuseUndrawableText: a strings file's texts may not hold
// what fonts cannot draw; the error names the file, the line (of the
// character, in a literal block) and the character as U+XXXX.
func TestStringsRefuseUndrawableText(t *testing.T) {
	marks := strings.Repeat("\u0301", 31)
	for _, tc := range []struct {
		name, data string
		want       string
	}{
		{"bell escape", "a: ok\nb: \"ring\\a\"\n", "strings/en.yaml:2: b: control character U+0007 at character 5"},
		{"escape escape", "b: \"\\e[31mred\"\n", "strings/en.yaml:1: b: control character U+001B at character 1"},
		{"NUL escape", "b: \"a\\0\"\n", "strings/en.yaml:1: b: control character U+0000 at character 2"},
		{"C1 escape", "b: \"a\\x9b\"\n", "strings/en.yaml:1: b: control character U+009B"},
		{"tab escape", "b: \"a\\tb\"\n", "strings/en.yaml:1: b: tab (U+0009) at character 2"},
		{"tab in a literal block, on its line", "b: |\n  one\n  two\tthree\n", "strings/en.yaml:3: b: tab (U+0009) at character 8"},
		{"31 combining marks", "b: \"e" + marks + "\"\n", "strings/en.yaml:1: b: U+0301 at character 32 is combining mark 31 in a row: at most 30"},
		{"U+0344 counts twice", "b: \"e" + strings.Repeat("\u0344", 15) + "\u0301\"\n", "strings/en.yaml:1: b: U+0301 at character 17 is combining mark 31 in a row"},
		{"raw control byte", "a: ok\nb: x\x07y\n", "strings/en.yaml:2: control character U+0007 at column 5: remove it"},
		{"raw DEL", "a: ok\n\nb: x\x7f\n", "strings/en.yaml:3: control character U+007F at column 5"},
		{"invalid UTF-8", "a: ok\nb: caf\xe9\n", "strings/en.yaml:2: not valid UTF-8 (byte 0xE9 at column 7): save the file as UTF-8"},
		{"a number", "a: ok\nb: 12345\n", `strings/en.yaml:2: b: 12345 is a number in YAML, not text: quote it ("12345")`},
		{"hex number", "b: 0x10\n", `strings/en.yaml:1: b: 0x10 is a number in YAML, not text: quote it`},
		{"a float", "b: 1.5\n", `strings/en.yaml:1: b: 1.5 is a number in YAML`},
		{"a boolean", "b: true\n", `strings/en.yaml:1: b: true is a boolean in YAML, not text: quote it ("true")`},
		{"null", "b: null\n", `strings/en.yaml:1: b: null is null in YAML`},
		{"tilde", "b: ~\n", `strings/en.yaml:1: b: ~ is null in YAML`},
		{"a date", "b: 2009-05-17\n", `strings/en.yaml:1: b: 2009-05-17 is a date in YAML`},
		{"second document", "a: ok\n---\nb: lost\n", "strings/en.yaml:2: a second YAML document begins here (---)"},
		{"empty second document", "a: ok\n--- \n", "strings/en.yaml:2: a second YAML document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseStrings("strings/en.yaml", []byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%q: got %+v, %v\nwant an error with %q", tc.data, s, err, tc.want)
			}
		})
	}
}

// TestStringsAcceptDrawableText: line breaks, 30 combining marks, a
// combining grapheme joiner that breaks a run of marks (UAX #15's own
// remedy), quoted numbers and an empty value are text.
func TestStringsAcceptDrawableText(t *testing.T) {
	marks := strings.Repeat("\u0301", 30)
	for _, tc := range []struct{ data, want string }{
		{"b: \"one\\ntwo\\r\\nthree\"\n", "one\ntwo\r\nthree"},
		{"b: \"e" + marks + "\"\n", "e" + marks},
		{"b: \"e" + marks + "\u034f" + marks + "\"\n", "e" + marks + "\u034f" + marks},
		{"b: \"12345\"\n", "12345"},
		{"b: '~'\n", "~"},
		{"b: !!str 1.5\n", "1.5"},
		{"b:\n", ""},
		{"b: one\r\nc: two\r\n", "one"},
		{"b: x\n...\n", "x"},
		{"---\nb: x\n", "x"},
	} {
		s, err := ParseStrings("strings/en.yaml", []byte(tc.data))
		if err != nil || s.Text["b"] != tc.want {
			t.Errorf("%q: got %+v, %v; want %q", tc.data, s, err, tc.want)
		}
	}
}

// TestStringsInvisibleTextIsEmpty: a text of only invisible characters
// (zero-width space, BOM, word joiner, bidi controls) is the empty text,
// which the frame then reports as empty, at its line.
func TestStringsInvisibleTextIsEmpty(t *testing.T) {
	for _, v := range []string{`"\u200B"`, `"\uFEFF"`, `"\u2060 \u200D"`, `"\u202E\u202C"`, `"\u2067\u2069"`, `"\u180E\uFE0F"`} {
		data := "a: ok\nb: " + v + "\n"
		s, err := ParseStrings("strings/en.yaml", []byte(data))
		if err != nil || s.Text["b"] != "" || s.Lines["b"] != 2 {
			t.Errorf("%q: got %+v, %v; want b empty at line 2", data, s, err)
		}
	}
	// Visible characters around them keep the text as it is.
	for _, v := range []string{"\u200Bx", "\u0600", "\u00AD\u0301"} {
		if Blank(v) {
			t.Errorf("Blank(%+q) = true", v)
		}
	}
}

// TestYAMLErrorsNameTheLine: yaml.v3 names the line before the one at
// fault for parser errors, and none for bytes it cannot read; the error
// names the line where the problem is (or where the open construct began).
func TestYAMLErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       string
	}{
		{"unclosed bracket", "a: x\nb: [1, 2\nc: y\n", "strings/en.yaml:2: invalid YAML: did not find expected ',' or ']' (a [ opened on this line is not closed"},
		{"unclosed brace", "a: x\nb: {p: 1\nc: y\n", "strings/en.yaml:2: invalid YAML: did not find expected ',' or '}'"},
		{"bad indentation", "a: x\nb:\n  c: 1\n d: 2\n", "strings/en.yaml:4: invalid YAML: did not find expected key (check the indentation"},
		{"list after a mapping", "a: x\n- b\n", "strings/en.yaml:2: invalid YAML: did not find expected key"},
		{"bad indentation on line 1", " a: x\nb: y\n", "strings/en.yaml:2: invalid YAML: did not find expected <document start>"},
		{"tab indentation", "a: x\nb:\n\tc: 1\n", "strings/en.yaml:3: invalid YAML: found character that cannot start any token (YAML indents with spaces, not tabs)"},
		{"unterminated double quote", "a: x\nb: \"abc\nc: y\n", "strings/en.yaml:2: invalid YAML: found unexpected end of stream (a quote opened on this line is not closed)"},
		{"unterminated single quote", "a: x\nb: 'abc\n", "strings/en.yaml:2: invalid YAML: found unexpected end of stream"},
		{"colon in a text", "a: x\nb: time: 10:00\n", "strings/en.yaml:2: invalid YAML: mapping values are not allowed in this context (quote a text"},
		{"bad escape", "a: x\nb: \"\\q\"\n", "strings/en.yaml:2: invalid YAML: found unknown escape character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseStrings("strings/en.yaml", []byte(tc.data))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("%q: got %v\nwant %s…", tc.data, err, tc.want)
			}
		})
	}
}

// TestLayoutIsOneDocument: parse's document check covers layout.yaml too.
func TestLayoutIsOneDocument(t *testing.T) {
	_, err := load(t, good+"---\ntitle: ignored\n")
	if err == nil || !strings.Contains(err.Error(), "layout.yaml:10: a second YAML document") {
		t.Errorf("got %v", err)
	}
}

// FuzzParseStrings feeds the strings parser arbitrary bytes: it returns
// texts or an error naming the file, never panics, and every text it
// returns is one CheckText accepts, with a line.
func FuzzParseStrings(f *testing.F) {
	dir := "../../layouts/wtisd-2009/strings"
	names, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, n := range names {
		b, _ := os.ReadFile(n)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, s := range []string{"", "a: \"\\a\"\n", "a: |\n  x\n\ty\n", "a: 1\n---\nb: 2\n", "a: [1,\n", "a: \"\\u200b\"\n",
		"a: &x y\nb: *x\n", "a: \xff\n", "a: \"e" + strings.Repeat("\u0301", 40) + "\"\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseStrings("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		for id, txt := range s.Text {
			if bad := CheckText(txt); bad != nil || !utf8.ValidString(txt) || txt != "" && Blank(txt) {
				t.Errorf("Text[%q] = %q accepted (%v)", id, txt, bad)
			}
			if s.Lines[id] < 1 {
				t.Errorf("Text[%q] has no line", id)
			}
		}
		if len(s.Lines) != len(s.Text) {
			t.Errorf("%d lines for %d texts", len(s.Lines), len(s.Text))
		}
	})
}
