package preflight

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// The PDF object model, as far as preflight needs it (ISO 32000-1 §7.3).
// Integers and reals are kept apart because object numbers and lengths
// must be integers.
type (
	object  = any // nil (null), bool, int64, float64, name, pdfString, array, dict, ref, *stream, keyword
	name    string
	keyword string // an operator in a content stream, or obj/endobj/R/stream… in a file
	array   []object
	dict    map[name]object
	ref     struct{ num, gen int }
)

// pdfString is a string object's bytes, after escapes are resolved.
type pdfString string

func (r ref) String() string { return fmt.Sprintf("%d %d R", r.num, r.gen) }

// stream is a stream object: its dictionary and raw (still encoded) bytes.
type stream struct {
	dict dict
	raw  []byte
	ref  ref // where it came from, zero for an inline stream
}

// maxDepth bounds the nesting of arrays and dictionaries in one object:
// real files nest a handful of levels; a deeper file is an attack on the
// recursion.
const maxDepth = 64

// maxTokenBytes bounds one string or name: PDF 1.7's implementation limit
// for strings is 32,767 bytes; we allow more (XMP and ToUnicode are streams,
// not strings) but not unbounded.
const maxTokenBytes = 1 << 20

var errSyntax = errors.New("syntax error")

// lexer reads tokens from b from pos. It never panics on any input.
type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isSpace(c) {
			l.pos++
		} else if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		} else {
			return
		}
	}
}

// tokenKind distinguishes the delimiters that are not objects by themselves.
type delim byte

// token returns the next token: an object (number, name, string, bool,
// null), a keyword, or a delim for [ ] << >> { }. ok is false at the end.
func (l *lexer) token() (tok object, ok bool, err error) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, false, nil
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		start := l.pos
		var out []byte
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			ch := l.b[l.pos]
			if ch == '#' && l.pos+2 < len(l.b) {
				if v, err := strconv.ParseUint(string(l.b[l.pos+1:l.pos+3]), 16, 8); err == nil {
					out = append(out, byte(v))
					l.pos += 3
					continue
				}
			}
			out = append(out, ch)
			l.pos++
			if l.pos-start > maxTokenBytes {
				return nil, false, fmt.Errorf("a name longer than %d bytes", maxTokenBytes)
			}
		}
		return name(out), true, nil
	case c == '(':
		s, err := l.literalString()
		return s, err == nil, err
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return delim('d'), true, nil
		}
		s, err := l.hexString()
		return s, err == nil, err
	case c == '>':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
			l.pos += 2
			return delim('D'), true, nil
		}
		l.pos++
		return nil, false, fmt.Errorf("%w: stray '>' at byte %d", errSyntax, l.pos-1)
	case c == '[' || c == ']' || c == '{' || c == '}':
		l.pos++
		return delim(c), true, nil
	case c == ')':
		l.pos++
		return nil, false, fmt.Errorf("%w: stray ')' at byte %d", errSyntax, l.pos-1)
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
		if l.pos-start > maxTokenBytes {
			return nil, false, fmt.Errorf("a token longer than %d bytes", maxTokenBytes)
		}
	}
	word := string(l.b[start:l.pos])
	if n, isNum := parseNumber(word); isNum {
		return n, true, nil
	}
	switch word {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	case "null":
		return nil, true, nil
	}
	return keyword(word), true, nil
}

// parseNumber reads an integer or a real (with the sloppy forms readers
// accept: "+.5", "-.", "4.").
func parseNumber(w string) (object, bool) {
	if w == "" {
		return nil, false
	}
	digits, dot := 0, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == '+' || c == '-') && i == 0:
		default:
			return nil, false
		}
	}
	if digits == 0 {
		if dot {
			return float64(0), true
		}
		return nil, false
	}
	if !dot {
		if v, err := strconv.ParseInt(w, 10, 64); err == nil {
			return v, true
		}
	}
	v, err := strconv.ParseFloat(w, 64)
	if err != nil {
		return float64(0), true // an overlong number: readers clamp; we only measure
	}
	return v, true
}

func (l *lexer) literalString() (pdfString, error) {
	start := l.pos
	l.pos++ // (
	var out []byte
	level := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			level++
		case ')':
			level--
			if level == 0 {
				return pdfString(out), nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				break
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r': // a line continuation
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e // \( \) \\ and unknown escapes stand for themselves
				}
			}
		}
		out = append(out, c)
		if len(out) > maxTokenBytes {
			return "", fmt.Errorf("a string longer than %d bytes at byte %d", maxTokenBytes, start)
		}
	}
	return "", fmt.Errorf("%w: unterminated string at byte %d", errSyntax, start)
}

func (l *lexer) hexString() (pdfString, error) {
	start := l.pos
	end := bytes.IndexByte(l.b[l.pos+1:], '>')
	if end < 0 {
		return "", fmt.Errorf("%w: unterminated hex string at byte %d", errSyntax, start)
	}
	body := l.b[l.pos+1 : l.pos+2+end] // the digits and the closing '>'
	l.pos += end + 2
	out, err := asciiHex(body)
	if err != nil {
		return "", fmt.Errorf("%w: bad hex string at byte %d", errSyntax, start)
	}
	if len(out) > maxTokenBytes {
		return "", fmt.Errorf("a string longer than %d bytes at byte %d", maxTokenBytes, start)
	}
	return pdfString(out), nil
}

// object reads one complete object. With refs, "N G R" becomes a ref (in a
// file); content streams have no references.
func (l *lexer) object(refs bool) (object, error) {
	tok, ok, err := l.token()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: unexpected end of data", errSyntax)
	}
	return l.finish(tok, refs, 0)
}

// finish completes an object that starts with tok.
func (l *lexer) finish(tok object, refs bool, depth int) (object, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("objects nested deeper than %d levels", maxDepth)
	}
	switch t := tok.(type) {
	case delim:
		switch t {
		case '[':
			var a array
			for {
				tok, ok, err := l.token()
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, fmt.Errorf("%w: unterminated array", errSyntax)
				}
				if tok == delim(']') {
					return a, nil
				}
				v, err := l.finish(tok, refs, depth+1)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
		case 'd':
			d := dict{}
			for {
				tok, ok, err := l.token()
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, fmt.Errorf("%w: unterminated dictionary", errSyntax)
				}
				if tok == delim('D') {
					return d, nil
				}
				k, isName := tok.(name)
				if !isName {
					return nil, fmt.Errorf("%w: dictionary key is not a name at byte %d", errSyntax, l.pos)
				}
				tok, ok, err = l.token()
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, fmt.Errorf("%w: unterminated dictionary", errSyntax)
				}
				if tok == delim('D') { // a key without a value: readers drop it
					return d, nil
				}
				v, err := l.finish(tok, refs, depth+1)
				if err != nil {
					return nil, err
				}
				d[k] = v
			}
		case '{', '}': // PostScript calculator functions: only in function streams
			return keyword(string(rune(t))), nil
		}
		return nil, fmt.Errorf("%w: unexpected %q at byte %d", errSyntax, byte(t), l.pos)
	case int64:
		if !refs || t < 0 {
			return t, nil
		}
		save := l.pos
		if gen, ok, _ := l.token(); ok {
			if g, isInt := gen.(int64); isInt && g >= 0 {
				if r, ok, _ := l.token(); ok && r == keyword("R") {
					if t <= maxObjects && g <= 65535 {
						return ref{int(t), int(g)}, nil
					}
					return nil, nil // out of range: a null, as readers treat it
				}
			}
		}
		l.pos = save
		return t, nil
	}
	return tok, nil
}
