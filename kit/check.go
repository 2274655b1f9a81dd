package kit

import (
	"fmt"
	"slices"
	"strings"

	"posterkit/render/layout"
	"posterkit/render/template"
	"posterkit/render/text"
	"posterkit/translation"
)

// Report is what checking one language's strings against a template
// finds: per frame whether the text fits and at what size, or why not, and
// notes on the file as a whole. `posterkit check` prints it, and with
// --json writes it as JSON.
type Report struct {
	Template     string        `json:"template"`
	Lang         string        `json:"lang"`
	Strings      string        `json:"strings"`
	OK           bool          `json:"ok"` // nothing stops a correct render
	Frames       []FrameReport `json:"frames"`
	Unused       []string      `json:"unused,omitempty"`            // entries with no frame
	Untranslated []string      `json:"untranslated,omitempty"`      // entries left empty by the translator
	Fuzzy        []string      `json:"fuzzy,omitempty"`             // PO entries marked fuzzy: check them
	MadeFor      string        `json:"made_for_template,omitempty"` // the file names another template
	FileLang     string        `json:"file_lang,omitempty"`         // the file says it is another language
}

// FrameReport is one frame's line of a Report.
type FrameReport struct {
	ID           string      `json:"id"`
	Status       string      `json:"status"` // ok, untranslated, missing, empty, uncovered, overflow, error
	Size         float64     `json:"size_pt,omitempty"`
	Lines        int         `json:"lines,omitempty"`
	MaxLines     int         `json:"max_lines,omitempty"`
	MinSize      float64     `json:"min_size_pt,omitempty"`
	LinesNeeded  int         `json:"lines_needed,omitempty"`
	LinesTooMany int         `json:"lines_too_many,omitempty"`
	Uncovered    []Uncovered `json:"uncovered,omitempty"`
	Message      string      `json:"message,omitempty"`
	StringsLine  int         `json:"strings_line,omitempty"`
}

// Uncovered is a character no font covers.
type Uncovered struct {
	Char      string `json:"char"`
	CodePoint string `json:"code_point"`
	Font      string `json:"font,omitempty"` // a family that covers it
}

// Untranslated is the status of a frame whose entry the translator has
// not filled in yet (an empty msgstr or <target>); other statuses are
// layout.Status's names.
const Untranslated = "untranslated"

// Check fills t's frames with the texts of res in language lang and
// reports what it finds. It writes nothing.
func Check(t *template.Template, lang string, res *translation.Result, eng *text.Engine) Report {
	rep := Report{Template: t.Name, Lang: lang, Strings: res.Strings.File, OK: true,
		Unused: layout.Unused(t, res.Strings), Untranslated: res.Untranslated, Fuzzy: res.Fuzzy}
	if res.Layout != "" && res.Layout != t.Name {
		rep.MadeFor = res.Layout
	}
	if res.Lang != "" && !strings.EqualFold(primary(res.Lang), primary(lang)) {
		rep.FileLang = res.Lang
	}
	for _, c := range layout.Check(t, lang, res.Strings, eng) {
		fr := FrameReport{ID: c.ID, Status: c.Status().String(), Size: c.Size, Lines: c.Lines, MaxLines: c.Frame.MaxLines,
			MinSize: c.Frame.Style.MinSize, StringsLine: c.Line}
		switch c.Status() {
		case layout.Missing:
			fr.Message = "no text for this frame"
			if slices.Contains(res.Untranslated, c.ID) {
				fr.Status, fr.Message = Untranslated, "the entry is not translated yet"
			}
		case layout.Empty:
			fr.Message = "the text is empty"
		case layout.NoFont:
			fr.Message = c.Uncovered.Error()
			if c.Overflow != nil {
				fr.LinesNeeded, fr.LinesTooMany = c.Overflow.Lines, c.Overflow.ExtraLines()
				fr.Message += "; " + c.Overflow.Error()
			}
		case layout.Overflow:
			fr.LinesNeeded, fr.LinesTooMany = c.Overflow.Lines, c.Overflow.ExtraLines()
			fr.Message = c.Overflow.Error()
		case layout.Failed:
			fr.Message = c.Problem.Error()
		}
		for _, u := range c.Uncovered {
			fr.Uncovered = append(fr.Uncovered, Uncovered{Char: string(u.Rune), CodePoint: fmt.Sprintf("U+%04X", u.Rune), Font: u.Family})
		}
		if c.Status() != layout.OK {
			rep.OK = false
		}
		rep.Frames = append(rep.Frames, fr)
	}
	return rep
}

// primary is a BCP 47 tag's language subtag ("pt" of "pt-BR").
func primary(tag string) string {
	p, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	return p
}
