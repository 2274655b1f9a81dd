package svg

import (
	"fmt"
	"slices"
	"strings"
)

// CSS: the style sheets of <style> elements and style attributes
// (https://www.w3.org/TR/SVG11/styling.html), with type, universal,
// class, id and attribute selectors, the descendant and child
// combinators, :first-child, specificity and !important
// (https://www.w3.org/TR/selectors-3/#specificity).

// properties are the CSS properties the importer reads; the others (font
// and text properties, for instance) are ignored wherever they are.
var properties = map[string]bool{
	"fill": true, "fill-opacity": true, "fill-rule": true,
	"stroke": true, "stroke-width": true, "stroke-linecap": true, "stroke-linejoin": true,
	"stroke-miterlimit": true, "stroke-dasharray": true, "stroke-dashoffset": true, "stroke-opacity": true,
	"opacity": true, "display": true, "visibility": true, "color": true,
	"clip-path": true, "clip-rule": true, "stop-color": true, "stop-opacity": true,
	"mask": true, "filter": true, "marker-start": true, "marker-mid": true, "marker-end": true,
	"overflow": true, "transform": true, "font-size": true,
}

// inherited are the properties a child takes from its parent when it
// declares none.
var inherited = map[string]bool{
	"fill": true, "fill-opacity": true, "fill-rule": true,
	"stroke": true, "stroke-width": true, "stroke-linecap": true, "stroke-linejoin": true,
	"stroke-miterlimit": true, "stroke-dasharray": true, "stroke-dashoffset": true, "stroke-opacity": true,
	"visibility": true, "color": true, "clip-rule": true, "font-size": true,
	"marker-start": true, "marker-mid": true, "marker-end": true,
}

type declaration struct {
	prop, value string
	important   bool
}

type rule struct {
	sel   selector
	decls []declaration
	order int
}

// selector is a chain of compound selectors, rightmost last; comb[i] is
// the combinator between parts[i] and parts[i+1]: ' ' or '>'.
type selector struct {
	parts []compound
	comb  []byte
	spec  [3]int // ids, classes and attributes, types
}

type compound struct {
	typ        string // "" or "*" for any
	id         string
	classes    []string
	attrs      []attrSel
	firstChild bool
}

type attrSel struct {
	name, op, value string // op "" (present), "=", "~=", "^=", "$=", "*="
}

// parseDeclarations reads "prop: value; …" of a style attribute or rule.
func parseDeclarations(s string) []declaration {
	var out []declaration
	for _, d := range splitTopLevel(stripComments(s), ';') {
		k, v, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		imp := false
		if i := strings.LastIndex(v, "!"); i >= 0 && strings.EqualFold(strings.TrimSpace(v[i+1:]), "important") {
			imp = true
			v = strings.TrimSpace(v[:i])
		}
		if k == "" || v == "" {
			continue
		}
		out = append(out, declaration{k, v, imp})
	}
	return out
}

// splitTopLevel splits s at sep outside parentheses and quotes.
func splitTopLevel(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth = max(depth-1, 0)
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func stripComments(s string) string {
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + " " + s[i+2+j+2:]
	}
}

// parseSheet reads a style sheet's rules, numbering them from order.
// At-rules are skipped (with a warning: @import would fetch a file, and
// @media has no medium here). The returned strings are warnings.
func parseSheet(css string, order int) ([]rule, []string) {
	css = stripComments(css)
	var rules []rule
	var warns []string
	for len(css) > 0 && len(rules) < maxCSSRules {
		css = strings.TrimSpace(css)
		if css == "" {
			break
		}
		if css[0] == '@' {
			// Skip to the end of the statement or its block.
			semi := strings.IndexByte(css, ';')
			brace := strings.IndexByte(css, '{')
			warns = append(warns, fmt.Sprintf("CSS at-rule %s is not supported", firstWord(css)))
			if brace < 0 || (semi >= 0 && semi < brace) {
				if semi < 0 {
					break
				}
				css = css[semi+1:]
				continue
			}
			css = css[skipBlock(css, brace):]
			continue
		}
		open := strings.IndexByte(css, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(css[open:], '}')
		if end < 0 {
			end = len(css) - open
		}
		sels := css[:open]
		body := css[open+1 : open+end]
		css = css[min(open+end+1, len(css)):]
		decls := parseDeclarations(body)
		for _, s := range strings.Split(sels, ",") {
			sel, ok := parseSelector(strings.TrimSpace(s))
			if !ok {
				warns = append(warns, fmt.Sprintf("CSS selector %q is not supported", strings.TrimSpace(s)))
				continue
			}
			rules = append(rules, rule{sel: sel, decls: decls, order: order})
			order++
		}
	}
	return rules, warns
}

// skipBlock returns the index after the block whose { is at open,
// nested blocks included.
func skipBlock(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

func isIdent(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// parseSelector reads one complex selector, or false if it uses what is
// not supported.
func parseSelector(s string) (selector, bool) {
	var sel selector
	if s == "" {
		return sel, false
	}
	i := 0
	ident := func() string {
		j := i
		for i < len(s) && isIdent(s[i]) {
			i++
		}
		return s[j:i]
	}
	for i < len(s) {
		var c compound
		start := i
		if s[i] == '*' {
			c.typ = "*"
			i++
		} else if isIdent(s[i]) {
			c.typ = ident()
		}
	loop:
		for i < len(s) {
			switch s[i] {
			case '#':
				i++
				c.id = ident()
				sel.spec[0]++
			case '.':
				i++
				c.classes = append(c.classes, ident())
				sel.spec[1]++
			case '[':
				j := strings.IndexByte(s[i:], ']')
				if j < 0 {
					return sel, false
				}
				body := s[i+1 : i+j]
				i += j + 1
				a := attrSel{}
				if k := strings.IndexAny(body, "~^$*="); k >= 0 {
					a.name = strings.TrimSpace(body[:k])
					op := body[k : k+1]
					rest := body[k+1:]
					if op != "=" {
						if !strings.HasPrefix(rest, "=") {
							return sel, false
						}
						op += "="
						rest = rest[1:]
					}
					a.op = op
					a.value = strings.Trim(strings.TrimSpace(rest), `"'`)
				} else {
					a.name = strings.TrimSpace(body)
				}
				c.attrs = append(c.attrs, a)
				sel.spec[1]++
			case ':':
				i++
				p := ident()
				if p != "first-child" {
					return sel, false
				}
				c.firstChild = true
				sel.spec[1]++
			default:
				break loop
			}
		}
		if i == start {
			return sel, false
		}
		if c.typ != "" && c.typ != "*" {
			sel.spec[2]++
		}
		sel.parts = append(sel.parts, c)
		// A combinator.
		j := i
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i >= len(s) {
			break
		}
		comb := byte(' ')
		if s[i] == '>' {
			comb = '>'
			i++
			for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
				i++
			}
		} else if s[i] == '+' || s[i] == '~' {
			return sel, false
		} else if i == j {
			return sel, false
		}
		sel.comb = append(sel.comb, comb)
	}
	return sel, len(sel.parts) > 0 && len(sel.comb) == len(sel.parts)-1
}

func (c *compound) matches(n *node) bool {
	if c.typ != "" && c.typ != "*" && c.typ != n.name {
		return false
	}
	if c.id != "" && n.attrs["id"] != c.id {
		return false
	}
	if len(c.classes) > 0 {
		have := strings.Fields(n.attrs["class"])
		for _, cl := range c.classes {
			if !slices.Contains(have, cl) {
				return false
			}
		}
	}
	for _, a := range c.attrs {
		v, ok := n.attrs[a.name]
		if !ok {
			return false
		}
		switch a.op {
		case "=":
			ok = v == a.value
		case "~=":
			ok = slices.Contains(strings.Fields(v), a.value)
		case "^=":
			ok = strings.HasPrefix(v, a.value)
		case "$=":
			ok = strings.HasSuffix(v, a.value)
		case "*=":
			ok = strings.Contains(v, a.value)
		}
		if !ok {
			return false
		}
	}
	if c.firstChild && (n.parent == nil || n.parent.firstElement() != n) {
		return false
	}
	return true
}

func (n *node) firstElement() *node {
	if len(n.children) == 0 {
		return nil
	}
	return n.children[0]
}

// matches reports whether the selector matches n, right to left; the
// walk up is bounded by the tree's depth.
func (s *selector) matches(n *node) bool {
	k := len(s.parts) - 1
	if !s.parts[k].matches(n) {
		return false
	}
	return s.matchUp(n, k)
}

func (s *selector) matchUp(n *node, k int) bool {
	if k == 0 {
		return true
	}
	c := &s.parts[k-1]
	if s.comb[k-1] == '>' {
		p := n.parent
		return p != nil && c.matches(p) && s.matchUp(p, k-1)
	}
	for p := n.parent; p != nil; p = p.parent {
		if c.matches(p) && s.matchUp(p, k-1) {
			return true
		}
	}
	return false
}

// cascade sets every node's props: presentation attributes first, then
// the sheets' rules by importance, specificity and order, then the style
// attribute, !important declarations above all the others.
func cascade(root *node, rules []rule) {
	type prio struct {
		important bool
		origin    int // 0 attribute, 1 sheet, 2 style attribute
		spec      [3]int
		order     int
	}
	less := func(a, b prio) bool {
		if a.important != b.important {
			return !a.important
		}
		if a.origin != b.origin {
			return a.origin < b.origin
		}
		if a.spec != b.spec {
			return slices.Compare(a.spec[:], b.spec[:]) < 0
		}
		return a.order < b.order
	}
	var walk func(n *node)
	walk = func(n *node) {
		props := map[string]string{}
		pr := map[string]prio{}
		set := func(k, v string, p prio) {
			if !properties[k] {
				return
			}
			if old, ok := pr[k]; ok && less(p, old) {
				return
			}
			props[k], pr[k] = v, p
		}
		for k, v := range n.attrs {
			set(k, strings.TrimSpace(v), prio{})
		}
		for _, r := range rules {
			if r.sel.matches(n) {
				for _, d := range r.decls {
					set(d.prop, d.value, prio{d.important, 1, r.sel.spec, r.order})
				}
			}
		}
		if st, ok := n.attrs["style"]; ok {
			for i, d := range parseDeclarations(st) {
				set(d.prop, d.value, prio{d.important, 2, [3]int{}, i})
			}
		}
		n.props = props
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
}
