package translation

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The PO format is GNU gettext's:
// https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html
// posterkit uses the frame id as msgctxt and no plural forms.

// WritePOT writes c as a gettext template: one entry per frame, msgctxt the
// frame id, msgid the source text, msgstr "" everywhere. The notes and the
// reference text become extracted comments ("#."). The output depends only
// on c: it has no dates.
func WritePOT(w io.Writer, c *Catalog) error { return WritePOFor(w, c, "", nil) }

// WritePOFor writes c as a PO file translated into lang: the Language
// header lang, and msgstr the text texts has for each entry (by frame id),
// "" where it has none yet.
func WritePOFor(w io.Writer, c *Catalog, lang string, texts map[string]string) error {
	if err := c.check(); err != nil {
		return err
	}
	var b strings.Builder
	if c.Title != "" {
		for _, l := range commentLines(c.Title) {
			b.WriteString(strings.TrimRight("# "+l, " ") + "\n")
		}
	}
	fmt.Fprintf(&b, "# Translation template for the posterkit layout %s.\n", headerValue(c.Layout))
	b.WriteString("# Translate each msgstr; msgctxt is the text frame's id. Keep paragraph breaks (\\n).\n")
	b.WriteString("msgid \"\"\nmsgstr \"\"\n")
	header := []string{
		"Project-Id-Version: " + headerValue(c.Layout),
		// xgettext's placeholders, which msginit and PO editors fill in.
		"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE",
		"Last-Translator: FULL NAME <EMAIL@ADDRESS>",
		"Language-Team: LANGUAGE <LL@li.org>",
		"Language: " + headerValue(lang),
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Transfer-Encoding: 8bit",
		"X-Generator: posterkit",
	}
	if c.SrcLang != "" {
		header = append(header, "X-Source-Language: "+headerValue(c.SrcLang))
	}
	for _, h := range header {
		b.WriteString(poQuote(h+"\n") + "\n")
	}
	for _, e := range c.Entries {
		b.WriteString("\n")
		for _, n := range e.Notes {
			for _, l := range commentLines(n) {
				b.WriteString(strings.TrimRight("#. "+l, " ") + "\n")
			}
		}
		if e.Reference != "" {
			label := languageName(e.RefLang) + ":"
			for _, l := range commentLines(e.Reference) {
				b.WriteString(strings.TrimRight("#. "+label+" "+l, " ") + "\n")
			}
		}
		if plainID(e.ID) {
			b.WriteString("#: layout.yaml:" + e.ID + "\n")
		}
		writePOString(&b, "msgctxt", e.ID)
		writePOString(&b, "msgid", e.Source)
		if t := texts[e.ID]; t != "" {
			writePOString(&b, "msgstr", t)
		} else {
			b.WriteString("msgstr \"\"\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// headerValue keeps a header field on its line.
func headerValue(s string) string {
	return strings.Join(commentLines(s), " ")
}

// plainID reports whether id can stand in a "#:" reference, which is
// separated by spaces and read by tools as file:line.
func plainID(id string) bool {
	for _, r := range id {
		if r <= ' ' || r == 0x7f || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// writePOString writes keyword and s, splitting s after each \n the way
// gettext does, so paragraphs read as lines.
func writePOString(b *strings.Builder, keyword, s string) {
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

// poQuote quotes s as a C string: UTF-8 text as is, control characters and
// bytes that are not UTF-8 escaped, so any string reads back unchanged.
func poQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			fmt.Fprintf(&b, "\\%03o", s[i])
			i++
			continue
		}
		i += size
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
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\v':
			b.WriteString(`\v`)
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

// poEntry is an entry being read. The has* fields tell a missing keyword
// from an empty string.
type poEntry struct {
	ctxt, id, str             strings.Builder // continuation lines append in linear time
	hasCtxt, hasID, hasStr    bool
	ctxtLine, idLine, strLine int
	strLines                  lineMap // the line of each string of msgstr
	fuzzy                     bool
}

// po reads a PO file. Entries end where the next one's comments or keywords
// begin; blank lines are not needed.
func (r *reader) po(data []byte) error {
	var (
		e      poEntry
		last   *strings.Builder // the string continuation lines append to
		header bool
	)
	finish := func() error {
		defer func() { e, last = poEntry{}, nil }()
		switch {
		case !e.hasCtxt && !e.hasID:
			return nil // comments only
		case !e.hasID:
			return r.errorf(e.ctxtLine, "msgctxt without msgid")
		case !e.hasStr:
			return r.errorf(e.idLine, "msgid without msgstr")
		case !e.hasCtxt && e.id.Len() == 0:
			if header {
				return r.errorf(e.idLine, "second header entry (msgid \"\")")
			}
			header = true
			return r.poHeader(e.str.String(), e.strLine)
		case !e.hasCtxt:
			return r.errorf(e.idLine, "entry without msgctxt: posterkit needs the frame id as msgctxt")
		case !utf8.ValidString(e.str.String()):
			return r.errorf(e.strLine, "msgstr is not valid UTF-8")
		}
		return r.add("msgctxt", e.ctxt.String(), e.str.String(), e.ctxtLine, e.fuzzy, &e.strLines)
	}

	// The loop runs once per line, and lines are bounded by maxFileSize.
	rest := string(data)
	for ln := 1; rest != ""; ln++ {
		line, next, _ := strings.Cut(rest, "\n")
		rest = next
		line = strings.TrimSuffix(line, "\r")
		t := strings.TrimLeft(line, " \t")
		switch {
		case t == "":
			continue
		case t[0] == '#':
			if e.hasStr {
				if err := finish(); err != nil {
					return err
				}
			}
			if strings.HasPrefix(t, "#,") {
				for _, f := range strings.Split(t[2:], ",") {
					if strings.TrimSpace(f) == "fuzzy" {
						e.fuzzy = true
					}
				}
			}
			// Obsolete entries (#~) and previous strings (#|) are comments
			// too. A comment inside an entry ends its last string.
			last = nil
			continue
		case t[0] == '"':
			if last == nil {
				return r.errorf(ln, "string without a keyword (msgctxt, msgid or msgstr) before it")
			}
			s, err := r.poUnquote(t, ln)
			if err != nil {
				return err
			}
			if last == &e.str {
				e.strLines.mark(e.str.Len(), ln)
			}
			last.WriteString(s)
			continue
		}

		kw, arg := poKeyword(t)
		switch kw {
		case "msgctxt", "msgid", "msgstr":
		case "msgid_plural":
			return r.errorf(ln, "plural entries are not used by posterkit")
		default:
			if strings.HasPrefix(kw, "msgstr[") {
				return r.errorf(ln, "plural entries are not used by posterkit")
			}
			return r.errorf(ln, "unknown keyword %q", clip(kw))
		}
		if !strings.HasPrefix(arg, `"`) {
			return r.errorf(ln, "%s needs a quoted string", kw)
		}
		s, err := r.poUnquote(arg, ln)
		if err != nil {
			return err
		}
		if kw != "msgstr" && e.hasStr {
			if err := finish(); err != nil {
				return err
			}
		}
		switch kw {
		case "msgctxt":
			if e.hasID {
				return r.errorf(ln, "msgctxt after msgid (line %d), which has no msgstr", e.idLine)
			}
			if e.hasCtxt {
				return r.errorf(ln, "second msgctxt in one entry (line %d has the first)", e.ctxtLine)
			}
			e.hasCtxt, e.ctxtLine = true, ln
			e.ctxt.WriteString(s)
			last = &e.ctxt
		case "msgid":
			if e.hasID {
				return r.errorf(ln, "msgid after msgid (line %d) without a msgstr", e.idLine)
			}
			e.hasID, e.idLine = true, ln
			e.id.WriteString(s)
			last = &e.id
		case "msgstr":
			if !e.hasID {
				return r.errorf(ln, "msgstr before msgid")
			}
			if e.hasStr {
				return r.errorf(ln, "second msgstr in one entry (line %d has the first)", e.strLine)
			}
			e.hasStr, e.strLine = true, ln
			e.strLines.mark(0, ln)
			e.str.WriteString(s)
			last = &e.str
		}
	}
	return finish()
}

// poKeyword splits a keyword line into the keyword and the rest.
func poKeyword(t string) (kw, arg string) {
	i := strings.IndexAny(t, " \t\"")
	if i < 0 {
		return t, ""
	}
	return t[:i], strings.TrimLeft(t[i:], " \t")
}

// clip shortens s for a message.
func clip(s string) string {
	const max = 24
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// poUnquote reads the C string at the start of t, which must be all that
// is left on the line.
func (r *reader) poUnquote(t string, ln int) (string, error) {
	var b []byte
	for i := 1; i < len(t); {
		c := t[i]
		switch c {
		case '"':
			if rest := strings.TrimSpace(t[i+1:]); rest != "" {
				return "", r.errorf(ln, "unexpected %q after the closing quote", clip(rest))
			}
			return string(b), nil
		case '\\':
			if i+1 >= len(t) {
				return "", r.errorf(ln, "unterminated string")
			}
			i++
			c = t[i]
			i++
			switch c {
			case 'n':
				b = append(b, '\n')
			case 't':
				b = append(b, '\t')
			case 'r':
				b = append(b, '\r')
			case 'a':
				b = append(b, '\a')
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'v':
				b = append(b, '\v')
			case '"', '\\', '\'', '?':
				b = append(b, c)
			case '0', '1', '2', '3', '4', '5', '6', '7':
				j := i - 1
				for i < len(t) && i-j < 3 && '0' <= t[i] && t[i] <= '7' {
					i++
				}
				v, _ := strconv.ParseUint(t[j:i], 8, 16)
				if v > 0xff {
					return "", r.errorf(ln, "bad escape \\%s: more than a byte", t[j:i])
				}
				b = append(b, byte(v))
			case 'x':
				j := i
				for i < len(t) && i-j < 2 && isHex(t[i]) {
					i++
				}
				if i == j {
					return "", r.errorf(ln, "bad escape \\x: no hex digits")
				}
				v, _ := strconv.ParseUint(t[j:i], 16, 8)
				b = append(b, byte(v))
			default:
				cr, _ := utf8.DecodeRuneInString(t[i-1:])
				return "", r.errorf(ln, "bad escape \\%c", cr)
			}
		default:
			b = append(b, c)
			i++
		}
	}
	return "", r.errorf(ln, "unterminated string")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// poHeader reads the header entry's fields: Language, the layout from
// Project-Id-Version, and the charset, which must be UTF-8.
func (r *reader) poHeader(h string, line int) error {
	for _, f := range strings.Split(h, "\n") {
		k, v, ok := strings.Cut(f, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "language":
			r.res.Lang = strings.ReplaceAll(v, "_", "-")
		case "project-id-version":
			r.res.Layout = v
		case "content-type":
			_, cs, ok := strings.Cut(strings.ToLower(v), "charset=")
			if !ok {
				break
			}
			cs, _, _ = strings.Cut(cs, ";")
			switch strings.TrimSpace(cs) {
			case "utf-8", "utf8", "charset", "ascii", "us-ascii", "":
				// "CHARSET" is xgettext's placeholder in fresh templates.
			default:
				return r.errorf(line, "charset %s is not supported; save the file as UTF-8", strings.TrimSpace(cs))
			}
		}
	}
	return nil
}
