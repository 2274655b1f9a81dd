package serve

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"posterkit/translation"
)

// stringsAnswer is a strings file as /api/strings/read reads it.
type stringsAnswer struct {
	File         string            `json:"file"`
	Lang         string            `json:"lang,omitempty"`     // the file's own language, if it says
	Template     string            `json:"template,omitempty"` // the template it was made for, if it says
	Texts        map[string]string `json:"texts"`
	Untranslated []string          `json:"untranslated,omitempty"`
	Fuzzy        []string          `json:"fuzzy,omitempty"`
}

// readStrings reads an uploaded PO, XLIFF or YAML strings file (the body;
// ?name= its file name, whose extension says its format) with
// translation.Read, as posterkit check --strings does.
func (s *Server) readStrings(w http.ResponseWriter, r *http.Request) {
	name := path.Base(strings.ReplaceAll(r.URL.Query().Get("name"), `\`, "/"))
	if len(name) > maxIDLen {
		writeError(w, http.StatusBadRequest, "serve: file name longer than %d bytes", maxIDLen)
		return
	}
	data, ok := readBody(w, r, maxStringsUpload, "strings file")
	if !ok {
		return
	}
	res, err := translation.Read(name, data)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "%v", err)
		return
	}
	ans := stringsAnswer{File: name, Lang: res.Lang, Template: res.Layout, Texts: res.Strings.Text,
		Untranslated: res.Untranslated, Fuzzy: res.Fuzzy}
	writeJSON(w, http.StatusOK, ans)
}

// writeStrings writes the form's texts back as a filled PO or XLIFF 2.0
// file: the template's catalogue (sources, notes, reference) with the
// translations as msgstr or <target>.
func (s *Server) writeStrings(w http.ResponseWriter, r *http.Request) {
	j, ok := s.readJob(w, r)
	if !ok {
		return
	}
	cat, err := j.e.cat()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	var b strings.Builder
	var ctype, ext string
	switch j.req.Format {
	case "", "po":
		err, ctype, ext = writePO(&b, cat, j.req.Lang, j.req.Texts), "text/x-gettext-translation; charset=utf-8", ".po"
	case "xliff", "xlf":
		err, ctype, ext = writeXLIFF(&b, cat, j.req.Lang, j.req.Texts), "application/xliff+xml; charset=utf-8", ".xlf"
	default:
		writeError(w, http.StatusBadRequest, "serve: format %q: want po or xliff", j.req.Format)
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	attach(w, ctype, j.req.Lang+ext, []byte(b.String()))
}

// writePO writes a filled gettext PO file
// (https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html):
// the entries of package translation's template, msgctxt the frame id,
// with msgstr the translation, "" where there is none yet.
func writePO(w io.Writer, c *translation.Catalog, lang string, texts map[string]string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s translation of the posterkit template %s.\n", lang, oneLine(c.Layout))
	b.WriteString("msgid \"\"\nmsgstr \"\"\n")
	for _, h := range []string{
		"Project-Id-Version: " + oneLine(c.Layout),
		"Language: " + lang,
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Transfer-Encoding: 8bit",
		"X-Generator: posterkit serve",
		"X-Source-Language: " + oneLine(c.SrcLang),
	} {
		b.WriteString(poQuote(h+"\n") + "\n")
	}
	for _, e := range c.Entries {
		b.WriteString("\n")
		for _, n := range e.Notes {
			b.WriteString("#. " + oneLine(n) + "\n")
		}
		if e.Reference != "" {
			for _, l := range strings.Split(e.Reference, "\n") {
				b.WriteString("#. " + e.RefLang + ": " + oneLine(l) + "\n")
			}
		}
		poString(&b, "msgctxt", e.ID)
		poString(&b, "msgid", e.Source)
		poString(&b, "msgstr", texts[e.ID])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine keeps s on one comment or header line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)), " ")
}

// poString writes keyword and s, split after each \n the way gettext does.
func poString(b *strings.Builder, keyword, s string) {
	segs := strings.SplitAfter(s, "\n")
	if segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1]
	}
	if len(segs) <= 1 {
		b.WriteString(keyword + " " + poQuote(s) + "\n")
		return
	}
	b.WriteString(keyword + " \"\"\n")
	for _, seg := range segs {
		b.WriteString(poQuote(seg) + "\n")
	}
}

// poQuote quotes s as a C string, control characters escaped.
func poQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < ' ' || r == 0x7f {
				fmt.Fprintf(&b, "\\%03o", r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeXLIFF writes a filled XLIFF 2.0 file
// (http://docs.oasis-open.org/xliff/xliff-core/v2.0/xliff-core-v2.0.html):
// one <unit> per frame with its <source> and, where there is one, its
// <target>.
func writeXLIFF(w io.Writer, c *translation.Catalog, lang string, texts map[string]string) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="%s" trgLang="%s">`+"\n", xmlEsc(c.SrcLang), xmlEsc(lang))
	fmt.Fprintf(&b, "  <file id=\"%s\">\n", xmlEsc(c.Layout))
	for _, e := range c.Entries {
		tr := texts[e.ID]
		if err := xmlChars(tr); err != nil {
			return fmt.Errorf("serve: the text of %s %v", e.ID, err)
		}
		fmt.Fprintf(&b, "    <unit id=\"%s\">\n", xmlEsc(e.ID))
		if len(e.Notes) > 0 || e.Reference != "" {
			b.WriteString("      <notes>\n")
			for _, n := range e.Notes {
				fmt.Fprintf(&b, "        <note category=\"frame\">%s</note>\n", xmlEsc(oneLine(n)))
			}
			if e.Reference != "" {
				fmt.Fprintf(&b, "        <note category=\"reference\" xml:lang=\"%s\">%s</note>\n", xmlEsc(e.RefLang), xmlEsc(e.Reference))
			}
			b.WriteString("      </notes>\n")
		}
		b.WriteString("      <segment>\n")
		fmt.Fprintf(&b, "        <source xml:space=\"preserve\">%s</source>\n", xmlEsc(e.Source))
		if tr != "" {
			fmt.Fprintf(&b, "        <target xml:space=\"preserve\">%s</target>\n", xmlEsc(tr))
		}
		b.WriteString("      </segment>\n    </unit>\n")
	}
	b.WriteString("  </file>\n</xliff>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// xmlEsc escapes s for XML text and attributes; line feeds stay (as
// &#xA;, so attributes keep them too).
func xmlEsc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// xmlChars reports text XML 1.0 cannot carry: invalid UTF-8, or control
// characters other than tab, line feed and carriage return.
func xmlChars(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("is not valid UTF-8")
	}
	for _, r := range s {
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("has the control character U+%04X, which XLIFF cannot carry", r)
		}
	}
	return nil
}
