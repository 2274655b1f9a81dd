// Package translation owns posterkit's strings files: it writes a
// template's strings as a gettext PO template or an XLIFF 2.0 template for
// translators, and reads any strings file — filled PO or XLIFF, or a YAML
// strings file like a template's own — back into template.Strings. It
// knows nothing of frames beyond their ids and texts: deciding which strings
// to export, and checking that translations fit, is left to its callers.
//
// Read reports problems as *template.Error values ("file:line: message"), the
// same type template.ParseStrings uses, so a translated file's errors read
// like those of a strings/<lang>.yaml file.
package translation

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"posterkit/internal/safefile"
	"posterkit/render/template"
)

// Entry is one string to translate: a text frame's text.
type Entry struct {
	ID        string   // frame id; PO msgctxt, XLIFF unit id
	Source    string   // source-language text; may contain \n (paragraph breaks)
	Reference string   // the same text in a second language, shown to translators; "" for none
	RefLang   string   // BCP 47 code of Reference, e.g. "fr"
	Notes     []string // translator notes, e.g. "Frame headline: 360 × 146 mm, at most 3 lines"
}

// Catalog is a layout's strings to translate.
type Catalog struct {
	Layout  string  // layout name, e.g. "wtisd-2009"
	Title   string  // the poster's title
	SrcLang string  // BCP 47 code of the sources, e.g. "en"
	Entries []Entry // in frame order
}

// Result is a translated file as read.
type Result struct {
	// Strings holds the translated texts by frame id. File is the name given
	// to Read. Lines has the line of every entry, translated or not: the
	// msgctxt line in PO, the <unit> line in XLIFF.
	Strings *template.Strings
	// Layout is the layout the file was made for if it says (PO header
	// Project-Id-Version, XLIFF <file id>), else "".
	Layout string
	// Lang is the target language if the file says (PO header Language,
	// XLIFF trgLang), else "". Gettext-style "pt_BR" is given as "pt-BR".
	Lang string
	// Untranslated lists, in file order, the ids whose translation is empty;
	// they are not in Strings.Text.
	Untranslated []string
	// Fuzzy lists, in file order, the PO entries flagged "#, fuzzy" that have
	// a translation; their text is in Strings.Text, and callers should warn.
	Fuzzy []string
}

// Limits on what Read accepts. A poster has tens of frames and its kit files
// are a few KB; these only stop a wrong or hostile file from using up memory.
const (
	maxFileSize = 16 << 20 // bytes
	maxEntries  = 10000    // entries (PO) or units (XLIFF)
	maxXMLDepth = 64       // element nesting; the template nests 6 deep
)

// ErrUnknownFormat is returned (wrapped) by Read for a name whose extension
// is none of .po, .pot, .xlf, .xliff, .yaml and .yml.
var ErrUnknownFormat = errors.New("translation: unknown strings file type; want .po, .xlf, .xliff or .yaml")

// ReadFile reads the strings file name (see Read).
func ReadFile(name string) (*Result, error) {
	data, err := safefile.Read(name, maxFileSize, "strings file")
	if err != nil {
		return nil, fmt.Errorf("translation: %w", err)
	}
	return Read(name, data)
}

// Read parses a strings file, its format chosen by the extension of name:
// a filled PO (also .pot) or XLIFF 2.0 file, or a YAML strings file (frame
// id: text), into frame id → translated text. name is used in error
// messages and as Result.Strings.File.
func Read(name string, data []byte) (*Result, error) {
	var parse func(*reader, []byte) error
	ext := strings.ToLower(path.Ext(name))
	if err := checkFormat(name, ext, data); err != nil {
		return nil, err
	}
	switch ext {
	case ".yaml", ".yml":
		s, err := template.ParseStrings(name, data)
		if err != nil {
			return nil, err
		}
		return &Result{Strings: s}, nil
	case ".po", ".pot":
		parse = (*reader).po
	case ".xlf", ".xliff":
		parse = (*reader).xliff
	default:
		return nil, fmt.Errorf("%s: %w", name, ErrUnknownFormat)
	}
	if len(data) > maxFileSize {
		return nil, &template.Error{File: name, Msg: fmt.Sprintf("file too large (%d bytes; at most %d)", len(data), maxFileSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := &reader{
		name: name,
		res: &Result{Strings: &template.Strings{
			File:  name,
			Text:  map[string]string{},
			Lines: map[string]int{},
		}},
	}
	if err := parse(r, data); err != nil {
		return nil, err
	}
	return r.res, nil
}

// checkFormat refuses a file whose content is clearly of another format
// than its name says (a PO file named .xlf), which would otherwise fail
// with a syntax error of the wrong format.
func checkFormat(name, ext string, data []byte) error {
	format, line := sniff(data)
	want := map[string]string{".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff", ".yaml": "yaml", ".yml": "yaml"}[ext]
	if format == "" || want == "" || format == want {
		return nil
	}
	msg := map[string]string{
		"po":    "this looks like a PO file; name it .po",
		"xliff": "this looks like an XLIFF file; name it .xlf",
		"yaml":  "this looks like a YAML strings file; name it .yaml",
	}[format]
	return &template.Error{File: name, Line: line, Msg: msg}
}

// sniff guesses a strings file's format from its first line that is
// neither blank nor a comment: "po" for a PO keyword or string, "xliff" for
// XML markup, "yaml" for a mapping key, "" if it cannot tell. It also
// returns that line.
func sniff(data []byte) (format string, line int) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	rest := data
	// The loop takes a line each time; files are bounded by maxFileSize.
	for ln := 1; len(rest) > 0; ln++ {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		t := bytes.TrimSpace(l)
		switch {
		case len(t) == 0:
			continue
		case t[0] == '<':
			return "xliff", ln
		case t[0] == '#':
			continue // a comment in PO and YAML alike
		case poKeywordLine.Match(t):
			return "po", ln
		case yamlKeyLine.Match(t):
			return "yaml", ln
		}
		return "", ln
	}
	return "", 0
}

var (
	poKeywordLine = regexp.MustCompile(`^(msgctxt|msgid|msgstr)\s*"`)
	yamlKeyLine   = regexp.MustCompile(`^[\p{L}\p{N}_.-]+:(\s|$)`)
)

// reader collects entries from either format into a Result.
type reader struct {
	name string
	res  *Result
	n    int // entries added
}

func (r *reader) errorf(line int, format string, args ...any) error {
	return &template.Error{File: r.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// add records one entry; text "" means untranslated. what names the id in
// messages: "msgctxt" or "unit id". lines gives the line of each part of
// text, for errors in it.
func (r *reader) add(what, id, text string, line int, fuzzy bool, lines *lineMap) error {
	if id == "" {
		return r.errorf(line, "empty %s: it must be the frame id", what)
	}
	if first, ok := r.res.Strings.Lines[id]; ok {
		return r.errorf(line, "duplicate %s %q (first at line %d)", what, id, first)
	}
	if r.n++; r.n > maxEntries {
		return r.errorf(line, "too many entries (at most %d)", maxEntries)
	}
	if bad := template.CheckText(text); bad != nil {
		return &template.Error{File: r.name, Line: lines.line(bad.Offset, line), Field: id, Msg: bad.Msg}
	}
	r.res.Strings.Lines[id] = line
	if text != "" && template.Blank(text) {
		// Only invisible characters: translated, but to nothing, which
		// the frame reports as empty (not as untranslated).
		r.res.Strings.Text[id] = ""
		return nil
	}
	if text == "" {
		r.res.Untranslated = append(r.res.Untranslated, id)
		return nil
	}
	r.res.Strings.Text[id] = text
	if fuzzy {
		r.res.Fuzzy = append(r.res.Fuzzy, id)
	}
	return nil
}

// lineMap gives the line each part of a text being built came from.
type lineMap struct {
	offs, lines []int // from offset offs[i] on, the text is from line lines[i]
}

// mark notes that the text from byte off on comes from line.
func (m *lineMap) mark(off, line int) {
	m.offs = append(m.offs, off)
	m.lines = append(m.lines, line)
}

// markText marks text s, appended at off and starting on line, line by line.
func (m *lineMap) markText(off, line int, s string) {
	m.mark(off, line)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			line++
			m.mark(off+i+1, line)
		}
	}
}

// line is the line of byte off, or def if nothing was marked before it.
func (m *lineMap) line(off, def int) int {
	if m == nil {
		return def
	}
	for i := len(m.offs) - 1; i >= 0; i-- {
		if m.offs[i] <= off {
			return m.lines[i]
		}
	}
	return def
}

// check is what both writers require of a catalog: ids that can name
// entries in the file and be read back.
func (c *Catalog) check() error {
	if c == nil {
		return errors.New("translation: nil catalog")
	}
	seen := make(map[string]bool, len(c.Entries))
	for i, e := range c.Entries {
		if e.ID == "" {
			return fmt.Errorf("translation: entry %d has no id", i)
		}
		if seen[e.ID] {
			return fmt.Errorf("translation: duplicate entry id %q", e.ID)
		}
		seen[e.ID] = true
	}
	return nil
}

// languageNames name the reference languages translators are likely to be
// shown: the UN's six and a few more. Others are shown by code.
var languageNames = map[string]string{
	"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French",
	"ru": "Russian", "es": "Spanish", "pt": "Portuguese", "de": "German",
	"it": "Italian", "sw": "Swahili",
}

// languageName is how the reference language is labelled in notes:
// "French", "French (fr-CA)", or the code itself.
func languageName(code string) string {
	if code == "" {
		return "Reference"
	}
	base, _, more := strings.Cut(code, "-")
	name, ok := languageNames[strings.ToLower(base)]
	switch {
	case !ok:
		return "Reference (" + code + ")"
	case more:
		return name + " (" + code + ")"
	}
	return name
}

// commentLines splits informational text (notes, titles, references) into
// lines for a comment, making it valid UTF-8; the file stays readable
// whatever the catalog holds.
func commentLines(s string) []string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}
