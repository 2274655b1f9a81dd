package template

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Strings are a language's texts by frame id, with their lines.
type Strings struct {
	File  string
	Text  map[string]string
	Lines map[string]int
}

// LoadStrings reads strings/<lang>.yaml of the layout.
func (t *Template) LoadStrings(lang string) (*Strings, error) {
	name := path.Join("strings", lang+".yaml")
	data, err := readLimited(t.fsys, name, maxFileSize)
	if err != nil {
		return nil, fmt.Errorf("%s: no strings for language %q", path.Join(t.dir, name), lang)
	}
	return ParseStrings(path.Join(t.dir, name), data)
}

// ParseStrings reads a strings file: a mapping of frame id to text.
func ParseStrings(file string, data []byte) (*Strings, error) {
	d := &decoder{file: file}
	root, err := d.parse(data)
	if err != nil {
		return nil, err
	}
	s := &Strings{File: file, Text: map[string]string{}, Lines: map[string]int{}}
	if len(root.Content) == 0 {
		return s, nil
	}
	m := d.mapping(root.Content[0], "")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // errors in a stable order
	for _, k := range keys {
		v := m[k]
		txt := d.text(v, k)
		if bad := CheckText(txt); bad != nil {
			d.errs = append(d.errs, &Error{File: file, Line: textLine(v, txt, bad.Offset), Field: k, Msg: bad.Msg})
		}
		if Blank(txt) {
			txt = "" // nothing to draw: the frame reports it as empty
		}
		s.Text[k] = txt
		s.Lines[k] = v.Line
	}
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return s, nil
}

// textLine is the line of the character at byte off of n's text: exact for
// a literal block (|), whose lines are the text's; otherwise the line the
// value starts on, as folding and escapes do not keep the text's lines.
func textLine(n *yaml.Node, txt string, off int) int {
	n = resolve(n)
	if n.Style&yaml.LiteralStyle != 0 {
		return n.Line + 1 + strings.Count(txt[:off], "\n")
	}
	return n.Line
}

// maxNonStarters is the most combining marks (non-starters) in a row a
// text may hold: the limit of Unicode's Stream-Safe Text Format (UAX #15,
// https://www.unicode.org/reports/tr15/#Stream_Safe_Text_Format). No
// language needs more, and hundreds stack into a column that runs off the
// page over other frames.
const maxNonStarters = 30

// BadText is a character that a text may not hold.
type BadText struct {
	Offset int    // byte offset of the character in the text
	Char   int    // its position in the text, counting characters from 1
	Rune   rune   // the character
	Msg    string // what is wrong with it, naming it as U+XXXX and its position
}

func (b *BadText) Error() string { return b.Msg }

// CheckText returns the first character of s that posterkit refuses to
// draw, or nil: a control character other than line feed and carriage
// return (fonts have no glyph for them, so they would be drawn as boxes or
// dropped), or a combining mark beyond maxNonStarters in a row. Tab is
// refused too: a poster has no tab stops, and fonts draw it as a box.
// Text that is not valid UTF-8 is the readers' to refuse.
func CheckText(s string) *BadText {
	run, char := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		char++
		bad := func(format string, args ...any) *BadText {
			return &BadText{Offset: i, Char: char, Rune: r, Msg: fmt.Sprintf(format, args...)}
		}
		switch {
		case r == '\n' || r == '\r':
		case r == '\t':
			return bad("tab (U+0009) at character %d: a poster has no tab stops, and fonts draw it as a box; use a space", char)
		case unicode.IsControl(r):
			return bad("control character %U at character %d: remove it (fonts have no glyph for it)", r, char)
		}
		// Count non-starters in the character's compatibility
		// decomposition, as UAX #15 does: U+0344 is two.
		p := norm.NFKD.PropertiesString(s[i:])
		lead, all := nonStarters(p)
		if all {
			run += lead
		} else {
			run = trailingNonStarters(p)
		}
		if run > maxNonStarters {
			return bad("%U at character %d is combining mark %d in a row: at most %d (Unicode's Stream-Safe Text Format, UAX #15); more would run off the frame", r, char, run, maxNonStarters)
		}
		i += size
	}
	return nil
}

// nonStarters counts the leading non-starters (canonical combining class
// not 0) of a character's decomposition, and says whether it is all of them.
func nonStarters(p norm.Properties) (n int, all bool) {
	d := p.Decomposition()
	if d == nil {
		if p.CCC() != 0 {
			return 1, true
		}
		return 0, false
	}
	for len(d) > 0 {
		q := norm.NFD.Properties(d)
		if q.CCC() == 0 {
			return n, false
		}
		n++
		d = d[q.Size():]
	}
	return n, true
}

// trailingNonStarters counts the non-starters that end a character's
// decomposition.
func trailingNonStarters(p norm.Properties) int {
	d := p.Decomposition()
	if d == nil {
		return 0 // a starter, as nonStarters found
	}
	n := 0
	for len(d) > 0 {
		q := norm.NFD.Properties(d)
		if q.CCC() == 0 {
			n = 0
		} else {
			n++
		}
		d = d[q.Size():]
	}
	return n
}

// Blank reports whether s has nothing to draw: only white space and
// characters that are invisible by definition (Unicode's
// Default_Ignorable_Code_Point: zero-width space and joiners, word joiner,
// byte order mark, bidi controls, variation selectors…). Such a text is
// empty, however many characters it has.
func Blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !defaultIgnorable(r) {
			return false
		}
	}
	return true
}

// defaultIgnorable is Default_Ignorable_Code_Point as DerivedCoreProperties
// derives it: Other_Default_Ignorable_Code_Point, format characters (Cf)
// and variation selectors, less white space, the interlinear annotation
// characters and the prepended concatenation marks, which are drawn.
func defaultIgnorable(r rune) bool {
	switch {
	case unicode.IsSpace(r), 0xFFF9 <= r && r <= 0xFFFB, 0x13430 <= r && r <= 0x1343F,
		unicode.Is(unicode.Prepended_Concatenation_Mark, r):
		return false
	}
	return unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector)
}
