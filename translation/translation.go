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
	"os"
	"path"
	"strings"

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
	data, err := os.ReadFile(name)
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
	switch strings.ToLower(path.Ext(name)) {
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
// messages: "msgctxt" or "unit id".
func (r *reader) add(what, id, text string, line int, fuzzy bool) error {
	if id == "" {
		return r.errorf(line, "empty %s: it must be the frame id", what)
	}
	if first, ok := r.res.Strings.Lines[id]; ok {
		return r.errorf(line, "duplicate %s %q (first at line %d)", what, id, first)
	}
	if r.n++; r.n > maxEntries {
		return r.errorf(line, "too many entries (at most %d)", maxEntries)
	}
	r.res.Strings.Lines[id] = line
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
