package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
)

// node is one element of the document.
type node struct {
	name     string            // local name; "" for an element outside SVG's namespace
	attrs    map[string]string // by local name; xlink:href is "href"
	children []*node
	parent   *node
	text     string // character data (a style sheet's)
	line     int
	// props are the element's declared properties after the cascade
	// (presentation attributes, style sheets, style attribute).
	props map[string]string
}

func (n *node) attr(k string) (string, bool) {
	v, ok := n.attrs[k]
	return v, ok
}

// parseXML reads the document into a tree, refusing DOCTYPEs (and so
// entities) and documents past the limits.
func parseXML(data []byte, name string) (*node, error) {
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("%w: %s is %d bytes, more than %d", ErrLimit, name, len(data), maxFileBytes)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = nil // only the five predefined entities
	var root *node
	var stack []*node
	count := 0
	line := func() int { l, _ := d.InputPos(); return l }
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("svg: %s: line %d: %s", name, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("svg: %s: %v", name, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				// A DTD can define entities, which expand without bound
				// (billion laughs) or name external files.
				return nil, fmt.Errorf("%w: %s: line %d: a DOCTYPE is not accepted (entities could expand without bound or read files)", ErrUnsafe, name, line())
			}
			return nil, fmt.Errorf("%w: %s: line %d: directive <!%s> not accepted", ErrUnsafe, name, line(), firstWord(string(t)))
		case xml.StartElement:
			count++
			if count > maxElements {
				return nil, fmt.Errorf("%w: %s: more than %d elements", ErrLimit, name, maxElements)
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("%w: %s: line %d: elements nested more than %d deep", ErrLimit, name, line(), maxDepth)
			}
			n := &node{attrs: make(map[string]string, len(t.Attr)), line: line()}
			if t.Name.Space == nsSVG || t.Name.Space == "" {
				n.name = t.Name.Local
			}
			for _, a := range t.Attr {
				switch a.Name.Space {
				case "", nsSVG:
					n.attrs[a.Name.Local] = a.Value
				case nsXLink:
					if a.Name.Local == "href" {
						if _, ok := n.attrs["href"]; !ok {
							n.attrs["href"] = a.Value
						}
					}
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				n.parent = p
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				if p := stack[len(stack)-1]; p.name == "style" {
					p.text += string(t)
				}
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("svg: %s: no root element", name)
	}
	if root.name != "svg" {
		return nil, fmt.Errorf("svg: %s: the root element is <%s>, not <svg>", name, root.name)
	}
	return root, nil
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return s
}
