package template

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
	file string
	errs []error
}

// parse reads a YAML file into its node tree, with the file's name and the
// line in any error.
func (d *decoder) parse(data []byte) (*yaml.Node, error) {
	if len(data) > maxFileSize {
		return nil, &Error{File: d.file, Msg: "file too large"}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, d.yamlError(err)
	}
	return &root, nil
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func (d *decoder) yamlError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &Error{File: d.file, Line: n, Msg: "invalid YAML: " + m[2]}
	}
	return &Error{File: d.file, Msg: "invalid YAML: " + msg}
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
