package template

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Error is a problem in a layout or strings file, with its position.
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	fmt.Fprintf(&b, ": %s", e.Msg)
	return b.String()
}

// decoder walks YAML nodes, collecting errors with positions.
type decoder struct {
	file  string
	data  []byte // the file, for messages
	errs  []error
	units units     // how lengths are read (layout.yaml)
	tmpl  *Template // whose page frames must lie in (layout.yaml)
}

// parse reads a YAML file into its node tree, with the file's name and the
// line in any error. The file must be one YAML document: a second one after
// "---" would be ignored by the decoder, so it is an error.
func (d *decoder) parse(data []byte) (*yaml.Node, error) {
	if len(data) > maxFileSize {
		return nil, &Error{File: d.file, Msg: "file too large"}
	}
	d.data = data
	// yaml.v3 names no line for bytes it cannot read; find them first.
	// UTF-16 files (with a byte order mark) are left to yaml.v3, which
	// reads them.
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		if err := d.unreadable(data); err != nil {
			return nil, err
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if err == io.EOF {
			return &yaml.Node{}, nil // an empty file
		}
		return nil, d.yamlError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, d.yamlError(err)
	default:
		return nil, &Error{File: d.file, Line: docStart(data, root.Line), Msg: "a second YAML document begins here (---): the file must be one document; remove the --- line or move its entries up"}
	}
	return &root, nil
}

// docStart is the line of the first "---" after line first, where the
// second document begins, or first if there is none (yaml.v3 gives the line
// of a document's first entry, not of its marker).
func docStart(data []byte, first int) int {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if i+1 > first && bytes.HasPrefix(l, []byte("---")) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r') {
			return i + 1
		}
	}
	return first
}

// unreadable reports the first byte of data that YAML cannot hold: one that
// is not UTF-8, or a control character other than tab, line feed and
// carriage return (YAML 1.2 §5.1, c-printable), naming its line and column.
func (d *decoder) unreadable(data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Error{File: d.file, Line: line, Msg: fmt.Sprintf("not valid UTF-8 (byte 0x%02X at column %d): save the file as UTF-8", data[i], col)}
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r' || r == 0x85:
		case r < 0x20 || 0x7F <= r && r <= 0x9F || r == 0xFFFE || r == 0xFFFF:
			return &Error{File: d.file, Line: line, Msg: fmt.Sprintf("control character %U at column %d: remove it", r, col)}
		}
		i += size
		col++
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlParserErrors are the messages of yaml.v3's parser (parserc.go), as
// opposed to its scanner's. The decoder gives their line counting from 0
// (it adds 1 for scanner errors only), so they name the line before the
// one at fault, and no line at all for the first.
var yamlParserErrors = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// yamlHints say what usually causes a yaml.v3 message.
var yamlHints = map[string]string{
	"did not find expected key":                      "check the indentation: the keys of one mapping line up",
	"did not find expected '-' indicator":            "check the indentation: the items of one list line up",
	"did not find expected ',' or ']'":               "a [ opened on this line is not closed, or its items lack commas",
	"did not find expected ',' or '}'":               "a { opened on this line is not closed, or its entries lack commas",
	"found unexpected end of stream":                 "a quote opened on this line is not closed",
	"mapping values are not allowed in this context": "quote a text that holds \": \", and check the indentation",
}

func (d *decoder) yamlError(err error) error {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return &Error{File: d.file, Msg: "invalid YAML: " + msg}
	}
	n, _ := strconv.Atoi(m[1])
	msg = m[2]
	if slices.Contains(yamlParserErrors, msg) {
		n++
		// At the end of the file, the line after the last line break
		// is empty: the problem is on the last line.
		if last := bytes.Count(bytes.TrimRight(d.data, "\n"), []byte("\n")) + 1; n > last {
			n = last
		}
	}
	if strings.HasPrefix(msg, "found character that cannot start any token") && n > 0 && lineStartsWithTab(d.data, n) {
		msg += " (YAML indents with spaces, not tabs)"
	} else if h, ok := yamlHints[msg]; ok {
		msg += " (" + h + ")"
	}
	return &Error{File: d.file, Line: n, Msg: "invalid YAML: " + msg}
}

// lineStartsWithTab reports whether line n (from 1) of data is indented
// with a tab.
func lineStartsWithTab(data []byte, n int) bool {
	lines := bytes.SplitN(data, []byte("\n"), n+1)
	return n <= len(lines) && bytes.HasPrefix(bytes.TrimLeft(lines[n-1], " "), []byte("\t"))
}

func (d *decoder) errf(n *yaml.Node, field, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// mapping returns the keys of a mapping node, checking that only known
// keys appear (a typo is an error, not a silently ignored field).
func (d *decoder) mapping(n *yaml.Node, field string, known ...string) map[string]*yaml.Node {
	n = resolve(n)
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		d.errf(n, field, "expected a mapping")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		name := join(field, k.Value)
		if k.Value == "<<" && k.Tag == "!!merge" {
			d.errf(k, field, "merge keys (<<) are not supported: write the fields out")
			continue
		}
		if len(known) > 0 && !slices.Contains(known, k.Value) {
			d.errf(k, name, "unknown field (known: %s)", strings.Join(known, ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			d.errf(k, name, "duplicate field")
		}
		out[k.Value] = v
	}
	return out
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// resolve follows a YAML alias (*name) to the node it names. Aliases of
// aliases end: yaml.v3 rejects cycles while parsing.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func (d *decoder) str(n *yaml.Node, field string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		d.errf(n, field, "expected text")
		return ""
	}
	return n.Value
}

// text is a strings file's text: a YAML string. A plain scalar that YAML
// reads as something else (12345, true, 1.5, 0x10, ~, null, 2009-05-17) is
// refused rather than drawn as written: the translator may have meant
// another text, and YAML itself would not call it text. An empty value
// ("id:") is the empty text.
func (d *decoder) text(n *yaml.Node, field string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		d.errf(n, field, "expected text")
		return ""
	}
	switch tag := n.ShortTag(); {
	case tag == "!!str":
	case tag == "!!null" && n.Value == "":
	default:
		what := map[string]string{"!!int": "a number", "!!float": "a number", "!!bool": "a boolean",
			"!!null": "null", "!!timestamp": "a date"}[tag]
		if what == "" {
			what = "tagged " + tag
		}
		d.errf(n, field, "%s is %s in YAML, not text: quote it (\"%s\")", clipValue(n.Value), what, clipValue(n.Value))
		return ""
	}
	return n.Value
}

// clipValue shortens a value quoted in a message.
func clipValue(s string) string {
	if utf8.RuneCountInString(s) <= 24 {
		return s
	}
	return string([]rune(s)[:24]) + "…"
}

func (d *decoder) num(n *yaml.Node, field string) float64 {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		d.errf(n, field, "expected a number")
		return 0
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errf(n, field, "expected a number, found %q", n.Value)
		return 0
	}
	if math.Abs(v) > 1e5 {
		d.errf(n, field, "%g is out of range (±100000)", v)
		return 0
	}
	return v
}

func (d *decoder) positive(n *yaml.Node, field string) float64 {
	before := len(d.errs)
	v := d.num(n, field)
	if v <= 0 && len(d.errs) == before {
		d.errf(n, field, "must be greater than 0")
	}
	return v
}

func (d *decoder) required(m map[string]*yaml.Node, parent *yaml.Node, field, key string) *yaml.Node {
	n, ok := m[key]
	if !ok {
		d.errf(parent, join(field, key), "missing")
	}
	return n
}
