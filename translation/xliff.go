package translation

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The XLIFF format is OASIS XLIFF 2.0 core:
// http://docs.oasis-open.org/xliff/xliff-core/v2.0/xliff-core-v2.0.html
// posterkit writes one <file> per layout and one <unit> with one <segment>
// per frame; it reads any number of either.
const xliffNS = "urn:oasis:names:tc:xliff:document:2.0"

// WriteXLIFF writes c as an XLIFF 2.0 template: one <unit> per frame, id the
// frame id, with the notes and the reference text as <note>s and the source
// text in a <source>, and no <target> or trgLang. The output depends only on
// c. Sources must be text XML 1.0 can carry: no control characters other
// than tab, newline and carriage return, and valid UTF-8.
func WriteXLIFF(w io.Writer, c *Catalog) error { return WriteXLIFFFor(w, c, "", nil) }

// WriteXLIFFFor writes c as an XLIFF 2.0 file translated into lang:
// trgLang lang, and a <target> for every entry texts has a text for (by
// frame id); the others stay to translate.
func WriteXLIFFFor(w io.Writer, c *Catalog, lang string, texts map[string]string) error {
	if err := c.check(); err != nil {
		return err
	}
	for _, e := range c.Entries {
		if err := xmlText(e.Source); err != nil {
			return fmt.Errorf("translation: entry %q: source %w", e.ID, err)
		}
		if err := xmlText(texts[e.ID]); err != nil {
			return fmt.Errorf("translation: entry %q: the text %w", e.ID, err)
		}
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff xmlns="` + xliffNS + `" version="2.0"`)
	if c.SrcLang != "" {
		b.WriteString(` srcLang="` + xmlEscape(c.SrcLang, true) + `"`)
	}
	if lang != "" {
		b.WriteString(` trgLang="` + xmlEscape(lang, true) + `"`)
	}
	b.WriteString(">\n")
	b.WriteString(`  <file id="` + xmlEscape(c.Layout, true) + `">` + "\n")
	if c.Title != "" {
		b.WriteString("    <notes>\n")
		b.WriteString(`      <note category="title">` + xmlEscape(sanitize(c.Title), false) + "</note>\n")
		b.WriteString("    </notes>\n")
	}
	for _, e := range c.Entries {
		b.WriteString(`    <unit id="` + xmlEscape(e.ID, true) + `">` + "\n")
		if len(e.Notes) > 0 || e.Reference != "" {
			b.WriteString("      <notes>\n")
			for _, n := range e.Notes {
				b.WriteString(`        <note category="frame">` + xmlEscape(sanitize(n), false) + "</note>\n")
			}
			if e.Reference != "" {
				b.WriteString(`        <note category="reference"`)
				if e.RefLang != "" {
					b.WriteString(` xml:lang="` + xmlEscape(e.RefLang, true) + `"`)
				}
				b.WriteString(">" + xmlEscape(sanitize(e.Reference), false) + "</note>\n")
			}
			b.WriteString("      </notes>\n")
		}
		b.WriteString("      <segment>\n")
		b.WriteString(`        <source xml:space="preserve">` + xmlEscape(e.Source, false) + "</source>\n")
		if t := texts[e.ID]; t != "" {
			b.WriteString(`        <target xml:space="preserve">` + xmlEscape(t, false) + "</target>\n")
		}
		b.WriteString("      </segment>\n")
		b.WriteString("    </unit>\n")
	}
	b.WriteString("  </file>\n</xliff>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// xmlText reports whether XML 1.0 can carry s: valid UTF-8 made of
// characters of its Char production.
func xmlText(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return errors.New("is not valid UTF-8")
			}
		}
		if !xmlChar(r) {
			return fmt.Errorf("has character %U, which XML cannot carry", r)
		}
	}
	return nil
}

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// sanitize replaces what XML cannot carry in informational text (notes,
// titles) with U+FFFD.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if !xmlChar(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// xmlEscape escapes s for element content or, if attr, an attribute value
// in double quotes. Carriage returns are escaped because parsers turn a
// literal one into a newline; in attributes tabs and newlines are too,
// because parsers turn them into spaces.
func xmlEscape(s string, attr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case attr && r == '"':
			b.WriteString("&quot;")
		case attr && r == '\n':
			b.WriteString("&#xA;")
		case attr && r == '\t':
			b.WriteString("&#x9;")
		case !xmlChar(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xliffUnit is a <unit> being read.
type xliffUnit struct {
	id       string
	line     int
	depth    int             // of its element
	text     strings.Builder // the segments' targets so far
	lines    lineMap         // where text's parts come from
	missing  bool            // a segment without a target
	segments int
}

// xliff reads an XLIFF 2.0 file: trgLang, and each unit's id and target.
func (r *reader) xliff(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf8", "us-ascii", "ascii":
			return in, nil // ASCII is UTF-8
		}
		return nil, &charsetError{charset}
	}
	var (
		stack    []xml.Name // open elements
		unit     *xliffUnit
		segment  int // depth of the open <segment> of unit, 0 if none
		inTarget int // depth of the open <target> of segment, 0 if none
		hasTgt   bool
		target   strings.Builder
		tgtLines lineMap // where target's parts come from
		rootDone bool
		// <ignorable> between segments holds what separates them (the
		// space after a sentence): its target, or else its source, is
		// part of the unit's text.
		ignorable      int // depth of the open <ignorable>, 0 if none
		inIgn          int // depth of its open <source> or <target>
		ignIsTarget    bool
		ignHasTgt      bool
		ignSrc, ignTgt strings.Builder
		ignLine        int
	)
	// The loop takes at least one byte of input per token (at most two
	// tokens for <empty/>), so maxFileSize bounds it.
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			var ce *charsetError
			if errors.As(err, &ce) {
				return r.errorf(line, "XLIFF must be UTF-8 (this file declares %s): save it as UTF-8", clip(ce.charset))
			}
			if errors.As(err, &se) {
				return r.errorf(se.Line, "XML syntax error: %s", se.Msg)
			}
			l, _ := d.InputPos()
			return r.errorf(l, "%v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			word, _, _ := strings.Cut(strings.TrimSpace(string(t)), " ")
			return r.errorf(line, "<!%s> is not allowed: XLIFF files have no DOCTYPE or entity declarations", clip(word))
		case xml.CharData:
			if inTarget > 0 {
				tgtLines.markText(target.Len(), line, string(t))
				target.Write(t)
			}
			if inIgn > 0 && len(stack) == inIgn {
				if ignIsTarget {
					ignTgt.Write(t)
				} else {
					ignSrc.Write(t)
				}
			}
		case xml.StartElement:
			if len(stack) == 0 {
				if rootDone {
					return r.errorf(line, "<%s> after the end of <xliff>", clip(t.Name.Local))
				}
				if err := r.xliffRoot(t, line); err != nil {
					return err
				}
			}
			if len(stack) >= maxXMLDepth {
				return r.errorf(line, "elements nested more than %d deep", maxXMLDepth)
			}
			stack = append(stack, t.Name)
			depth := len(stack)
			if inTarget > 0 {
				// Inline markup (<ph/>, <pc>, <mrk>…) stands for codes
				// of the original format; posterkit has none, so only
				// its text counts. <cp/> is a character XML cannot carry.
				if t.Name.Space == xliffNS && t.Name.Local == "cp" {
					if v, err := strconv.ParseUint(attr(t, "hex"), 16, 32); err == nil && utf8.ValidRune(rune(v)) {
						tgtLines.mark(target.Len(), line)
						target.WriteRune(rune(v))
					}
				}
				continue
			}
			if t.Name.Space != xliffNS {
				continue
			}
			switch t.Name.Local {
			case "file":
				if r.res.Layout == "" {
					r.res.Layout = attr(t, "id")
				}
			case "unit":
				if unit != nil {
					return r.errorf(line, "<unit> inside <unit> %q", unit.id)
				}
				unit = &xliffUnit{id: attr(t, "id"), line: line, depth: depth}
				if unit.id == "" {
					return r.errorf(line, "<unit> without an id: it must be the frame id")
				}
			case "ignorable":
				if unit != nil && depth == unit.depth+1 {
					ignorable, ignHasTgt, ignLine = depth, false, line
					ignSrc.Reset()
					ignTgt.Reset()
				}
			case "source":
				if ignorable > 0 && depth == ignorable+1 {
					inIgn, ignIsTarget = depth, false
				}
			case "segment":
				if unit != nil && depth == unit.depth+1 {
					unit.segments++
					segment, hasTgt = depth, false
				}
			case "target":
				if ignorable > 0 && depth == ignorable+1 {
					inIgn, ignIsTarget, ignHasTgt = depth, true, true
				}
				if segment > 0 && depth == segment+1 {
					if hasTgt {
						return r.errorf(line, "second <target> in a <segment>")
					}
					inTarget, hasTgt = depth, true
					target.Reset()
					tgtLines = lineMap{}
				}
			}
		case xml.EndElement:
			// The decoder has checked that t closes the open element.
			depth := len(stack)
			stack = stack[:depth-1]
			switch {
			case depth == inIgn:
				inIgn = 0
			case depth == ignorable:
				ignorable = 0
				unit.lines.mark(unit.text.Len(), ignLine)
				if ignHasTgt {
					unit.text.WriteString(ignTgt.String())
				} else {
					unit.text.WriteString(ignSrc.String())
				}
			case depth == inTarget:
				inTarget = 0
				for i, off := range tgtLines.offs {
					unit.lines.mark(unit.text.Len()+off, tgtLines.lines[i])
				}
				unit.text.WriteString(target.String())
			case depth == segment:
				segment = 0
				if !hasTgt {
					unit.missing = true
				}
			case unit != nil && depth == unit.depth:
				text := unit.text.String()
				if unit.missing || unit.segments == 0 {
					text = ""
				}
				if err := r.add("unit id", unit.id, text, unit.line, false, &unit.lines); err != nil {
					return err
				}
				unit = nil
			}
			if len(stack) == 0 {
				rootDone = true
			}
		}
	}
	if !rootDone {
		return r.errorf(0, "no <xliff> element")
	}
	return nil
}

// charsetError is an encoding the XML declaration names other than UTF-8.
type charsetError struct{ charset string }

func (e *charsetError) Error() string { return "unsupported encoding " + e.charset }

// xliffRoot checks the root element: XLIFF 2, whose trgLang it reads.
func (r *reader) xliffRoot(t xml.StartElement, line int) error {
	version := attr(t, "version")
	if t.Name.Local != "xliff" {
		return r.errorf(line, "<%s> is not XLIFF: want <xliff> as the root element", clip(t.Name.Local))
	}
	if strings.HasPrefix(version, "1.") || strings.HasPrefix(t.Name.Space, "urn:oasis:names:tc:xliff:document:1.") {
		if version == "" {
			version = "1.x"
		}
		return r.errorf(line, "XLIFF %s is not supported; export XLIFF 2.0", clip(version))
	}
	if t.Name.Space != xliffNS {
		return r.errorf(line, "<xliff> is not in the XLIFF 2.0 namespace %s", xliffNS)
	}
	// XLIFF 2.1 and 2.2 keep the 2.0 core namespace and elements.
	if !strings.HasPrefix(version, "2.") {
		return r.errorf(line, "XLIFF version %q is not supported; export XLIFF 2.0", clip(version))
	}
	r.res.Lang = attr(t, "trgLang")
	return nil
}

// attr is the value of t's attribute local, in no namespace.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
