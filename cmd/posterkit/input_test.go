package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes data to name in a new temporary folder and returns its path.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// noFiles fails if dir holds any file.
func noFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			t.Errorf("%s was written", p)
		}
		return nil
	})
}

// TestUndrawableTextIsRefused (issue 8, class 7): a --strings file whose
// text holds what fonts cannot draw is refused by render and check alike,
// with the file, line and U+XXXX, exit 2 and nothing written.
func TestUndrawableTextIsRefused(t *testing.T) {
	en := string(readFile(t, "../../layouts/wtisd-2009/strings/en.yaml"))
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"bell in YAML", "sw.yaml", strings.Replace(en, "headline: Protecting children in cyberspace", `headline: "\aProtecting"`, 1), ":1: headline: control character U+0007 at character 1"},
		{"escape in PO", "sw.po", "msgctxt \"headline\"\nmsgid \"x\"\nmsgstr \"\"\n\"Kuwalinda \"\n\"\\033[2J watoto\"\n", "sw.po:5: headline: control character U+001B at character 11"},
		{"NUL in PO", "sw.po", "msgctxt \"headline\"\nmsgid \"x\"\nmsgstr \"a\\0\"\n", "sw.po:3: headline: control character U+0000 at character 2"},
		{"cp in XLIFF", "sw.xlf", "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" trgLang=\"sw\"><file id=\"wtisd-2009\">\n<unit id=\"headline\"><segment><source>x</source>\n<target>Kuwalinda\nwatoto<cp hex=\"0007\"/></target></segment></unit></file></xliff>\n", "sw.xlf:4: headline: control character U+0007 at character 17"},
		{"a number in YAML", "sw.yaml", "headline: 12345\n", ":1: headline: 12345 is a number in YAML, not text: quote it"},
		{"a second YAML document", "sw.yaml", en + "---\nheadline: lost\n", fmt.Sprintf(":%d: a second YAML document begins here (---)", strings.Count(en, "\n")+1)},
		{"500 combining marks", "sw.yaml", "headline: \"x" + strings.Repeat("\u0300", 500) + "\"\n", ":1: headline: U+0300 at character 32 is combining mark 31 in a row: at most 30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := writeFile(t, tc.file, tc.data)
			out := t.TempDir()
			for _, args := range [][]string{
				{"render", "--lang", "sw", "--strings", f, "--out", out, "--format", "png", "--dpi", "10"},
				{"check", "--lang", "sw", "--strings", f},
			} {
				code, stdout, stderr := runCLI(t, args...)
				if code != exitUsage || !strings.Contains(stderr, f) || !strings.Contains(stderr, tc.want) {
					t.Errorf("%s: exit %d, stderr\n%s\nwant exit %d and %s%s", args[0], code, stderr, exitUsage, f, tc.want)
				}
				if stdout != "" {
					t.Errorf("%s: printed %q", args[0], stdout)
				}
			}
			noFiles(t, out)
		})
	}
}

// TestInvisibleTextIsEmpty (class 7): a text of only invisible characters
// is reported as empty, at its line.
func TestInvisibleTextIsEmpty(t *testing.T) {
	en := string(readFile(t, "../../layouts/wtisd-2009/strings/en.yaml"))
	f := writeFile(t, "sw.yaml", strings.Replace(en, "headline: Protecting children in cyberspace", `headline: "\u200B\uFEFF\u2060\u202E"`, 1))
	code, stdout, _ := runCLI(t, "check", "--lang", "sw", "--strings", f)
	if code != exitFailed || !strings.Contains(stdout, "EMPTY     headline   the text is empty (line 1)") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// TestMalformedInputMessages (issue 8, class 10): errors name the line at
// fault and say what to do, without Go's internals; exit 2, nothing written.
func TestMalformedInputMessages(t *testing.T) {
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"unclosed bracket", "sw.yaml", "occasion: x\nheadline: [Protecting\nbody: y\n", "sw.yaml:2: invalid YAML: did not find expected ',' or ']'"},
		{"bad indentation", "sw.yaml", "occasion: x\nheadline:\n  a: 1\n b: 2\n", "sw.yaml:4: invalid YAML: did not find expected key"},
		{"tab indentation", "sw.yaml", "occasion: x\nheadline:\n\ta: 1\n", "sw.yaml:3: invalid YAML: found character that cannot start any token (YAML indents with spaces, not tabs)"},
		{"unterminated quote", "sw.yaml", "occasion: x\nheadline: \"Protecting\nbody: y\n", "sw.yaml:2: invalid YAML: found unexpected end of stream (a quote opened on this line is not closed)"},
		{"invalid UTF-8", "sw.yaml", "occasion: x\n\nheadline: Prot\xe9ger\n", "sw.yaml:3: not valid UTF-8 (byte 0xE9 at column 15): save the file as UTF-8"},
		{"raw control byte", "sw.yaml", "occasion: x\nheadline: a\x1bb\n", "sw.yaml:2: control character U+001B at column 12"},
		{"ISO-8859-1 XLIFF", "sw.xlf", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"/>\n", "sw.xlf:1: XLIFF must be UTF-8 (this file declares ISO-8859-1): save it as UTF-8"},
		{"PO named .xlf", "sw.xlf", "# Swahili\nmsgctxt \"headline\"\nmsgid \"x\"\nmsgstr \"y\"\n", "sw.xlf:2: this looks like a PO file; name it .po"},
		{"XLIFF named .po", "sw.po", "<?xml version=\"1.0\"?>\n<xliff/>\n", "sw.po:1: this looks like an XLIFF file; name it .xlf"},
		{"YAML named .po", "sw.po", "headline: Kuwalinda watoto\n", "sw.po:1: this looks like a YAML strings file; name it .yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := writeFile(t, tc.file, tc.data)
			out := t.TempDir()
			code, stdout, stderr := runCLI(t, "render", "--lang", "sw", "--strings", f, "--out", out, "--format", "png", "--dpi", "10")
			if code != exitUsage || !strings.Contains(stderr, filepath.Dir(f)+"/"+tc.want) {
				t.Errorf("exit %d, stderr\n%s\nwant exit %d and %s", code, stderr, exitUsage, tc.want)
			}
			if strings.Contains(stderr, "CharsetReader") || strings.Contains(stderr, "attribute") || stdout != "" {
				t.Errorf("Go internals or output: %q %q", stdout, stderr)
			}
			noFiles(t, out)
		})
	}
}

// TestMalformedTemplateStringsIsAUsageError (class 10): a malformed
// strings/<lang>.yaml in a template is malformed input like a malformed
// --strings file: exit 2, every bad file named, nothing written.
func TestMalformedTemplateStringsIsAUsageError(t *testing.T) {
	dir := writeLayout(t, map[string]string{
		"strings/fr.yaml": "headline: [Protéger\n",
		"strings/ru.yaml": "headline: true\n",
	})
	out := t.TempDir()
	code, _, stderr := runCLI(t, "render", dir, "--dpi", "10", "--out", out)
	if code != exitUsage {
		t.Errorf("exit %d, want %d:\n%s", code, exitUsage, stderr)
	}
	for _, want := range []string{"strings/fr.yaml:1: invalid YAML", "strings/ru.yaml:1: headline: true is a boolean in YAML"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	noFiles(t, out)
}

// TestInternalErrorExits3 (class 10): a panic is an internal error, with
// its own exit code and a request to report it, not Go's exit 2.
func TestInternalErrorExits3(t *testing.T) {
	commands["boom"] = func([]string, io.Writer, io.Writer) int { panic("index out of range [3] with length 3") }
	defer delete(commands, "boom")
	code, _, stderr := runCLI(t, "boom")
	if code != exitInternal || !strings.HasPrefix(stderr, "posterkit: internal error (please report it") || !strings.Contains(stderr, "index out of range") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

// TestCheckEscapesTerminalCodes (class 10): ids and texts from a strings
// file reach the terminal with their control characters escaped.
func TestCheckEscapesTerminalCodes(t *testing.T) {
	en := string(readFile(t, "../../layouts/wtisd-2009/strings/en.yaml"))
	po := "#, fuzzy\nmsgctxt \"\\033]0;pwned\\a\"\nmsgid \"x\"\nmsgstr \"y\"\n\nmsgctxt \"\\302\\2332J\"\nmsgid \"x\"\nmsgstr \"\"\n"
	for _, tc := range []struct{ file, data, want string }{
		{"sw.yaml", en + "\"\\e[2Jclear\": x\n", `entries with no frame on this poster (ignored): \x1b[2Jclear`},
		{"sw.po", po, `marked fuzzy, check them: \x1b]0;pwned\x07`},
		{"sw.po", po, `untranslated: \u009b2J`},
	} {
		f := writeFile(t, tc.file, tc.data)
		_, stdout, stderr := runCLI(t, "check", "--lang", "sw", "--strings", f)
		if !strings.Contains(stdout, tc.want) || strings.ContainsAny(stdout+stderr, "\x1b\x07\u009b") {
			t.Errorf("%s: stdout\n%q\nwant %q and no control characters", tc.file, stdout, tc.want)
		}
	}
	if got := printable("a\x1b[31mb\tc\u0085\xffé"); got != `a\x1b[31mb\tc\u0085\xffé` {
		t.Errorf("printable = %q", got)
	}
}
