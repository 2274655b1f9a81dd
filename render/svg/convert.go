package svg

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"posterkit/render/geom"
	"posterkit/render/scene"
)

// Parse imports an SVG document. It returns the drawing, what it could
// not draw as warnings, and an error for a document that is not SVG, is
// unsafe or exceeds a limit.
func Parse(data []byte, opts Options) (*Drawing, []Warning, error) {
	name := opts.Name
	if name == "" {
		name = "document"
	}
	root, err := parseXML(data, name)
	if err != nil {
		return nil, nil, err
	}
	cv := &converter{opts: opts, name: name, ids: map[string]*node{}, warned: map[string]bool{}}
	var rules []rule
	var index func(n *node)
	index = func(n *node) {
		if id, ok := n.attrs["id"]; ok {
			if _, dup := cv.ids[id]; !dup {
				cv.ids[id] = n
			}
		}
		if n.name == "style" {
			if t, ok := n.attrs["type"]; !ok || t == "" || t == "text/css" {
				r, w := parseSheet(n.text, len(rules))
				rules = append(rules, r...)
				for _, m := range w {
					cv.warn(n, m)
				}
			}
		}
		for _, c := range n.children {
			index(c)
		}
	}
	index(root)
	cascade(root, rules)

	// The outermost svg: its size in CSS px, and its viewBox.
	vb, hasVB := parseViewBox(root.attrs["viewBox"])
	w, h := 100.0, 100.0
	if hasVB {
		w, h = vb.W, vb.H
	}
	if l, ok := parseLength(root.attrs["width"]); ok && l.unit != "%" && l.v > 0 {
		w = l.px(0, 0, horizontal)
		if !hasVB {
			vb.W = w
		}
	}
	if l, ok := parseLength(root.attrs["height"]); ok && l.unit != "%" && l.v > 0 {
		h = l.px(0, 0, vertical)
		if !hasVB {
			vb.H = h
		}
	}
	if !hasVB {
		vb = scene.Rect{W: w, H: h}
	}
	if !(w > 0 && h > 0 && w <= maxCoord && h <= maxCoord) {
		return nil, nil, fmt.Errorf("svg: %s: document size %g × %g is out of range", name, w, h)
	}
	m := viewBoxTransform(vb, root.attrs["preserveAspectRatio"], 0, 0, w, h)
	c := &ctx{n: root, vw: vb.W, vh: vb.H}
	var items []scene.Item
	if root.props["display"] != "none" {
		items = cv.wrapWith(root, c, scene.Identity, func() []scene.Item { return cv.children(root, c) })
	}
	if cv.err != nil {
		return nil, cv.warns, cv.err
	}
	d := &Drawing{Width: w, Height: h, Frames: cv.frames(root, m, vb)}
	if len(items) > 0 {
		d.Items = []scene.Item{&scene.Group{Items: items, Transform: m, Opacity: 1,
			Clip: &scene.Clip{Shapes: []scene.ClipShape{{Path: geom.Rectangle(rectOf(vb))}}}}}
		if m == scene.Identity {
			g := d.Items[0].(*scene.Group)
			g.Clip = &scene.Clip{Shapes: []scene.ClipShape{{Path: geom.Rectangle(geom.Rect{W: w, H: h})}}}
		}
	}
	return d, cv.warns, nil
}

func rectOf(r scene.Rect) geom.Rect { return geom.Rect(r) }

type converter struct {
	opts   Options
	name   string
	ids    map[string]*node
	warns  []Warning
	warned map[string]bool
	err    error // a limit reached: conversion stops

	drawn    int     // elements converted, use expansions included
	pathCmds int     // path commands read
	active   []*node // the use, clipPath and gradient elements being expanded
}

// ctx is an element in the render tree: its parent there (the use that
// draws it, for used content) is what it inherits from.
type ctx struct {
	n      *node
	parent *ctx
	vw, vh float64 // the viewport, for percentages
	depth  int
}

// px resolves l against c's viewport and font size.
func (c *ctx) px(l length, a axis) float64 {
	if l.unit == "em" || l.unit == "ex" {
		fs := 16.0 // CSS's medium
		if v, ok := c.prop("font-size", func(s string) bool {
			l, ok := parseLength(s)
			return ok && l.unit != "em" && l.unit != "ex" && l.unit != "%"
		}); ok {
			f, _ := parseLength(v)
			fs = f.px(c.vw, c.vh, a)
		}
		if l.unit == "ex" {
			return l.v * fs / 2
		}
		return l.v * fs
	}
	return l.px(c.vw, c.vh, a)
}

// docCtx is the context of n in the document tree: what a clip path or
// a gradient inherits from.
func docCtx(n *node, vw, vh float64) *ctx {
	if n == nil {
		return nil
	}
	p := docCtx(n.parent, vw, vh)
	c := &ctx{n: n, parent: p, vw: vw, vh: vh}
	if p != nil {
		c.depth = p.depth + 1
	}
	return c
}

func (c *ctx) child(n *node) *ctx {
	return &ctx{n: n, parent: c, vw: c.vw, vh: c.vh, depth: c.depth + 1}
}

// prop returns the value of a property as it applies to c: declared,
// else inherited (for inherited properties and "inherit"), where valid
// says which declared values count (an invalid one is as if absent).
func (c *ctx) prop(name string, valid func(string) bool) (string, bool) {
	for ; c != nil; c = c.parent {
		v, ok := c.n.props[name]
		if ok && v != "inherit" && (valid == nil || valid(v)) {
			return v, true
		}
		if v != "inherit" && !inherited[name] {
			return "", false
		}
	}
	return "", false
}

func (cv *converter) warn(n *node, msg string) {
	key := fmt.Sprintf("%d %s %s", n.line, n.name, msg)
	if cv.warned[key] || len(cv.warns) >= 1000 {
		return
	}
	cv.warned[key] = true
	cv.warns = append(cv.warns, Warning{Line: n.line, Element: n.name, Message: msg})
}

func (cv *converter) fail(err error) {
	if cv.err == nil {
		cv.err = err
	}
}

// unsupported are the elements outside the subset, drawn as nothing with
// a warning.
var unsupported = map[string]string{
	"text": "text is not imported: convert it to outlines in the design tool", "textPath": "text is not imported", "tspan": "text is not imported",
	"filter": "filters are not supported", "mask": "masks are not supported", "marker": "markers are not supported",
	"pattern": "patterns are not supported", "foreignObject": "foreignObject is not supported", "switch": "switch is not supported",
	"a": "", "animate": "animation is not imported", "animateTransform": "animation is not imported", "set": "animation is not imported",
	"animateMotion": "animation is not imported", "feGaussianBlur": "filters are not supported",
}

// silent are elements that draw nothing where they stand.
var silent = map[string]bool{
	"defs": true, "symbol": true, "clipPath": true, "linearGradient": true, "radialGradient": true, "style": true,
	"title": true, "desc": true, "metadata": true, "stop": true, "": true, "mask": false,
}

func (cv *converter) children(n *node, c *ctx) []scene.Item {
	var out []scene.Item
	for _, ch := range n.children {
		if cv.err != nil {
			return nil
		}
		out = append(out, cv.element(ch, c.child(ch))...)
	}
	return out
}

// element converts one element in the render tree.
func (cv *converter) element(n *node, c *ctx) []scene.Item {
	if c.depth > maxDepth {
		cv.fail(fmt.Errorf("%w: %s: line %d: drawing nests more than %d deep (through use or svg)", ErrLimit, cv.name, n.line, maxDepth))
		return nil
	}
	cv.drawn++
	if cv.drawn > maxUseExpansion {
		cv.fail(fmt.Errorf("%w: %s: more than %d elements to draw once use references are expanded (a use bomb?)", ErrLimit, cv.name, maxUseExpansion))
		return nil
	}
	if silent[n.name] || isFrame(n) {
		return nil
	}
	if msg, ok := unsupported[n.name]; ok {
		if n.name == "a" {
			// A link draws as a group.
			return cv.wrap(n, c, func() []scene.Item { return cv.children(n, c) })
		}
		cv.warn(n, msg)
		return nil
	}
	if d, _ := c.prop("display", nil); d == "none" {
		return nil
	}
	switch n.name {
	case "g":
		return cv.wrap(n, c, func() []scene.Item { return cv.children(n, c) })
	case "svg":
		return cv.nestedSVG(n, c, 0, 0, nil, nil)
	case "use":
		return cv.use(n, c)
	case "image":
		return cv.wrap(n, c, func() []scene.Item { return cv.image(n, c) })
	case "path", "rect", "circle", "ellipse", "line", "polyline", "polygon":
		return cv.wrap(n, c, func() []scene.Item { return cv.shape(n, c) })
	}
	cv.warn(n, "unknown element, not drawn")
	return nil
}

// wrap converts an element's content with inner and wraps it in a group
// for its transform, opacity and clip path.
func (cv *converter) wrap(n *node, c *ctx, inner func() []scene.Item) []scene.Item {
	m := scene.Identity
	if t, ok := n.props["transform"]; ok {
		var valid bool
		if m, valid = parseTransform(t); !valid {
			m = scene.Identity
		}
		if m.Det() == 0 || math.IsNaN(m.Det()) {
			return nil // a transform that flattens draws nothing
		}
	}
	return cv.wrapWith(n, c, m, inner)
}

func (cv *converter) wrapWith(n *node, c *ctx, m scene.Matrix, inner func() []scene.Item) []scene.Item {
	op := 1.0
	if v, ok := n.props["opacity"]; ok {
		if o, ok := parseOpacity(v); ok {
			op = o
		}
	}
	if op <= 0 {
		return nil
	}
	for _, p := range []string{"mask", "filter"} {
		if v, ok := n.props[p]; ok && v != "none" {
			cv.warn(n, p+" is not supported: drawn without it")
		}
	}
	items := inner()
	if len(items) == 0 {
		return nil
	}
	var clip *scene.Clip
	if v, ok := n.props["clip-path"]; ok && v != "none" {
		id, _, ok := parseURL(v)
		target := cv.ids[id]
		switch {
		case !ok || target == nil:
			// A reference to nothing is ignored, as by browsers and
			// resvg (SVG 2 treats a missing clip path as none).
			cv.warn(n, fmt.Sprintf("clip-path %q names nothing: drawn unclipped", v))
		case target.name != "clipPath":
			cv.warn(n, fmt.Sprintf("clip-path %q names a <%s>, not a clipPath: element not drawn", v, target.name))
			return nil
		default:
			var good bool
			clip, good = cv.clipPath(target, c, items)
			if !good {
				return nil
			}
		}
	}
	if m == scene.Identity && op >= 1 && clip == nil {
		return items
	}
	return []scene.Item{&scene.Group{Items: items, Transform: m, Opacity: op, Clip: clip}}
}

func parseOpacity(v string) (float64, bool) {
	pct := strings.HasSuffix(strings.TrimSpace(v), "%")
	o, ok := parseNumber(strings.TrimSuffix(strings.TrimSpace(v), "%"))
	if !ok {
		return 0, false
	}
	if pct {
		o /= 100
	}
	return min(max(o, 0), 1), true
}

// nestedSVG draws an svg element (or a used symbol, or an svg drawn by
// use with width and height overriding its own).
func (cv *converter) nestedSVG(n *node, c *ctx, dx, dy float64, useW, useH *length) []scene.Item {
	x := cv.lengthAttr(n, "x", c, horizontal, 0)
	y := cv.lengthAttr(n, "y", c, vertical, 0)
	w := cv.lengthAttr(n, "width", c, horizontal, c.vw)
	h := cv.lengthAttr(n, "height", c, vertical, c.vh)
	if n.name == "symbol" {
		x, y = 0, 0
	}
	if useW != nil {
		w = c.px(*useW, horizontal)
	}
	if useH != nil {
		h = c.px(*useH, vertical)
	}
	if !(w > 0 && h > 0) {
		return nil
	}
	x, y = x+dx, y+dy
	vb, hasVB := parseViewBox(n.attrs["viewBox"])
	m := scene.Translate(x, y)
	inner := c
	if hasVB {
		m = viewBoxTransform(vb, n.attrs["preserveAspectRatio"], x, y, w, h)
		inner = &ctx{n: c.n, parent: c.parent, vw: vb.W, vh: vb.H, depth: c.depth}
	} else {
		inner = &ctx{n: c.n, parent: c.parent, vw: w, vh: h, depth: c.depth}
	}
	tm := scene.Identity
	if t, ok := n.props["transform"]; ok && n.name == "svg" && n.parent != nil {
		if m, ok := parseTransform(t); ok {
			tm = m
		}
	}
	items := cv.wrapWith(n, c, tm, func() []scene.Item {
		its := cv.children(n, inner)
		if len(its) == 0 {
			return nil
		}
		g := &scene.Group{Items: its, Transform: m, Opacity: 1}
		if ov, _ := c.prop("overflow", nil); ov != "visible" && ov != "auto" {
			// The viewport clips (overflow: hidden is the default for
			// svg and symbol).
			return []scene.Item{&scene.Group{Items: []scene.Item{g}, Transform: scene.Identity, Opacity: 1,
				Clip: &scene.Clip{Shapes: []scene.ClipShape{{Path: geom.Rectangle(geom.Rect{X: x, Y: y, W: w, H: h})}}}}}
		}
		return []scene.Item{g}
	})
	return items
}

func (cv *converter) lengthAttr(n *node, k string, c *ctx, a axis, def float64) float64 {
	v, ok := n.attrs[k]
	if !ok {
		return def
	}
	l, ok := parseLength(v)
	if !ok {
		return def
	}
	return c.px(l, a)
}

// use draws the element a use references, in the use's place.
func (cv *converter) use(n *node, c *ctx) []scene.Item {
	href := strings.TrimSpace(n.attrs["href"])
	if !strings.HasPrefix(href, "#") {
		if href != "" {
			cv.warn(n, fmt.Sprintf("use of %q: only references inside the document are followed", href))
		}
		return nil
	}
	target := cv.ids[href[1:]]
	if target == nil {
		return nil
	}
	for _, a := range cv.active {
		if a == target {
			cv.warn(n, fmt.Sprintf("use of %q references itself: not drawn", href))
			return nil
		}
	}
	for p := n; p != nil; p = p.parent {
		if p == target {
			cv.warn(n, fmt.Sprintf("use of %q is inside what it references: not drawn", href))
			return nil
		}
	}
	if !cv.drawable(target) {
		return nil
	}
	x := cv.lengthAttr(n, "x", c, horizontal, 0)
	y := cv.lengthAttr(n, "y", c, vertical, 0)
	m := scene.Identity
	if t, ok := n.props["transform"]; ok {
		if tm, ok := parseTransform(t); ok {
			m = tm
		}
	}
	if m.Det() == 0 {
		return nil
	}
	cv.active = append(cv.active, target)
	defer func() { cv.active = cv.active[:len(cv.active)-1] }()
	tc := c.child(target)
	return cv.wrapWith(n, c, m, func() []scene.Item {
		switch target.name {
		case "symbol", "svg":
			var uw, uh *length
			if v, ok := parseLength(n.attrs["width"]); ok {
				uw = &v
			}
			if v, ok := parseLength(n.attrs["height"]); ok {
				uh = &v
			}
			if target.name == "symbol" {
				if d, _ := tc.prop("display", nil); d == "none" {
					return nil
				}
				return cv.nestedSVG(target, tc, x, y, uw, uh)
			}
			return cv.nestedSVG(target, tc, x, y, uw, uh)
		}
		its := cv.element(target, tc)
		if len(its) == 0 || (x == 0 && y == 0) {
			return its
		}
		return []scene.Item{&scene.Group{Items: its, Transform: scene.Translate(x, y), Opacity: 1}}
	})
}

// drawable reports whether a referenced element may be drawn: not one
// inside an element that is never rendered itself (a clipPath, a
// gradient, a mask…), except symbols and defs' content.
func (cv *converter) drawable(n *node) bool {
	for p := n.parent; p != nil; p = p.parent {
		switch p.name {
		case "mask", "marker", "pattern", "linearGradient", "radialGradient", "filter", "text", "switch":
			return false
		}
	}
	return true
}

var errNoPaint = errors.New("no paint")

// shapeGeometry returns the outline of a basic shape or path in its own
// user space, or false if the element is in error or empty (not drawn).
func (cv *converter) shapeGeometry(n *node, c *ctx) (geom.Path, bool) {
	L := func(k string, a axis) (float64, bool) {
		v, ok := n.attrs[k]
		if !ok {
			return 0, false
		}
		l, ok := parseLength(v)
		if !ok {
			return 0, false
		}
		return c.px(l, a), true
	}
	L0 := func(k string, a axis) float64 { v, _ := L(k, a); return v }
	var p geom.Path
	switch n.name {
	case "path":
		d := n.attrs["d"]
		var err error
		p, err = geom.ParsePathData(d, maxPathCommands-cv.pathCmds, maxCoord)
		cv.pathCmds += len(p.Segments)
		if errors.Is(err, geom.ErrPathLimit) {
			err = fmt.Errorf("%w: %w", ErrLimit, err)
			cv.fail(fmt.Errorf("svg: %s: line %d: %w", cv.name, n.line, err))
			return geom.Path{}, false
		}
		if err != nil {
			cv.warn(n, "path data: "+err.Error()+" (drawn up to there)")
		}
	case "rect":
		x, y := L0("x", horizontal), L0("y", vertical)
		w, okw := L("width", horizontal)
		h, okh := L("height", vertical)
		if !okw || !okh || !(w > 0) || !(h > 0) {
			return p, false
		}
		rx, okx := L("rx", horizontal)
		ry, oky := L("ry", vertical)
		if okx && rx < 0 {
			okx = false
		}
		if oky && ry < 0 {
			oky = false
		}
		switch {
		case !okx && oky:
			rx = ry
		case okx && !oky:
			ry = rx
		case !okx && !oky:
			rx, ry = 0, 0
		}
		rx, ry = min(rx, w/2), min(ry, h/2)
		if rx > 0 && ry > 0 {
			roundRect(&p, x, y, w, h, rx, ry)
		} else {
			p = geom.Rectangle(geom.Rect{X: x, Y: y, W: w, H: h})
		}
	case "circle":
		r, ok := L("r", diagonal)
		if !ok || !(r > 0) {
			return p, false
		}
		p = geom.Ellipse(L0("cx", horizontal), L0("cy", vertical), r, r)
	case "ellipse":
		rx, okx := L("rx", horizontal)
		ry, oky := L("ry", vertical)
		// A negative radius is an error, treated as auto (SVG 2).
		okx, oky = okx && rx >= 0, oky && ry >= 0
		if !okx && oky {
			rx, okx = ry, true
		}
		if !oky && okx {
			ry, oky = rx, true
		}
		if !okx || !oky || !(rx > 0) || !(ry > 0) {
			return p, false
		}
		p = geom.Ellipse(L0("cx", horizontal), L0("cy", vertical), rx, ry)
	case "line":
		p.MoveTo(L0("x1", horizontal), L0("y1", vertical))
		p.LineTo(L0("x2", horizontal), L0("y2", vertical))
	case "polyline", "polygon":
		v, ok := numberList(n.attrs["points"])
		if !ok {
			cv.warn(n, "points: invalid data (drawn up to there)")
		}
		if len(v) < 4 {
			return p, false
		}
		for i := 0; i+1 < len(v); i += 2 {
			if i == 0 {
				p.MoveTo(v[0], v[1])
			} else {
				p.LineTo(v[i], v[i+1])
			}
		}
		if n.name == "polygon" {
			p.Close()
		}
	}
	if len(p.Segments) == 0 {
		return p, false
	}
	return p, true
}

// roundRect draws a rectangle with elliptical corners
// (https://www.w3.org/TR/SVG11/shapes.html#RectElement).
func roundRect(p *geom.Path, x, y, w, h, rx, ry float64) {
	const k = 0.5522847498307936
	kx, ky := k*rx, k*ry
	p.MoveTo(x+rx, y)
	p.LineTo(x+w-rx, y)
	p.CubicTo(x+w-rx+kx, y, x+w, y+ry-ky, x+w, y+ry)
	p.LineTo(x+w, y+h-ry)
	p.CubicTo(x+w, y+h-ry+ky, x+w-rx+kx, y+h, x+w-rx, y+h)
	p.LineTo(x+rx, y+h)
	p.CubicTo(x+rx-kx, y+h, x, y+h-ry+ky, x, y+h-ry)
	p.LineTo(x, y+ry)
	p.CubicTo(x, y+ry-ky, x+rx-kx, y, x+rx, y)
	p.Close()
}

func (cv *converter) shape(n *node, c *ctx) []scene.Item {
	p, ok := cv.shapeGeometry(n, c)
	if !ok {
		return nil
	}
	if v, _ := c.prop("visibility", nil); v == "hidden" || v == "collapse" {
		return nil
	}
	for _, m := range []string{"marker-start", "marker-mid", "marker-end"} {
		if v, ok := c.prop(m, nil); ok && v != "none" && (n.name == "path" || n.name == "line" || n.name == "polyline" || n.name == "polygon") {
			cv.warn(n, "markers are not supported: drawn without them")
			break
		}
	}
	bbox := tightBounds(p)
	out := &scene.Path{Path: p}
	if r, _ := c.prop("fill-rule", nil); r == "evenodd" {
		out.Rule = scene.EvenOdd
	}
	fillOp := cv.opacityProp(c, "fill-opacity")
	fill, err := cv.paint(n, c, "fill", "black", bbox, fillOp)
	if err == nil {
		out.Fill = fill
	}
	if n.name == "line" || n.name == "polyline" {
		// An open shape's fill: SVG fills polylines (closing them
		// implicitly), lines enclose nothing.
		if n.name == "line" {
			out.Fill = scene.Paint{}
		}
	}
	strokeOp := cv.opacityProp(c, "stroke-opacity")
	sp, err := cv.paint(n, c, "stroke", "none", bbox, strokeOp)
	if err == nil {
		if s := cv.stroke(c, sp); s != nil {
			out.Stroke = s
		}
	}
	if out.Fill.Opacity <= 0 && out.Stroke == nil {
		return nil
	}
	return []scene.Item{out}
}

func (cv *converter) opacityProp(c *ctx, k string) float64 {
	v, ok := c.prop(k, func(s string) bool { _, ok := parseOpacity(s); return ok })
	if !ok {
		return 1
	}
	o, _ := parseOpacity(v)
	return o
}

func (cv *converter) stroke(c *ctx, p scene.Paint) *scene.Stroke {
	w := 1.0
	if v, ok := c.prop("stroke-width", func(s string) bool { _, ok := parseLength(s); return ok }); ok {
		l, _ := parseLength(v)
		w = c.px(l, diagonal) // negative: no stroke, as resvg draws it
	}
	if !(w > 0) {
		return nil
	}
	s := &scene.Stroke{Paint: p, Width: w, MiterLimit: 4}
	switch v, _ := c.prop("stroke-linecap", nil); v {
	case "round":
		s.Cap = scene.RoundCap
	case "square":
		s.Cap = scene.SquareCap
	}
	switch v, _ := c.prop("stroke-linejoin", nil); v {
	case "round":
		s.Join = scene.RoundJoin
	case "bevel":
		s.Join = scene.BevelJoin
	}
	if v, ok := c.prop("stroke-miterlimit", func(s string) bool { f, ok := parseNumber(s); return ok && f >= 1 }); ok {
		s.MiterLimit, _ = parseNumber(v)
	}
	if v, ok := c.prop("stroke-dasharray", nil); ok && v != "none" {
		var dashes []float64
		valid := true
		sum := 0.0
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
			l, ok := parseLength(f)
			if !ok || l.v < 0 {
				valid = false
				break
			}
			d := c.px(l, diagonal)
			dashes = append(dashes, d)
			sum += d
			if len(dashes) > 1000 {
				valid = false
				break
			}
		}
		if valid && sum > 0 {
			if len(dashes)%2 == 1 {
				dashes = append(dashes, dashes...)
			}
			s.Dashes = dashes
			if v, ok := c.prop("stroke-dashoffset", func(s string) bool { _, ok := parseLength(s); return ok }); ok {
				l, _ := parseLength(v)
				s.DashOffset = c.px(l, diagonal)
			}
		}
	}
	return s
}

// paint resolves the fill or stroke property into a paint for an item
// whose bounding box is bbox, or errNoPaint for none.
func (cv *converter) paint(n *node, c *ctx, prop, def string, bbox scene.Rect, opacity float64) (scene.Paint, error) {
	v, ok := c.prop(prop, func(s string) bool {
		s = strings.TrimSpace(s)
		if s == "none" || s == "currentColor" || strings.HasPrefix(s, "url(") {
			return true
		}
		_, _, ok := parseColor(s)
		return ok
	})
	if !ok {
		v = def
	}
	v = strings.TrimSpace(v)
	if opacity <= 0 || v == "none" {
		return scene.Paint{}, errNoPaint
	}
	if strings.HasPrefix(v, "url(") {
		id, fallback, _ := parseURL(v)
		if t := cv.ids[id]; t != nil && (t.name == "linearGradient" || t.name == "radialGradient") {
			p, err := cv.gradientPaint(t, c, bbox, opacity)
			if err == nil || fallback == "" {
				return p, err
			}
		} else if t != nil && t.name == "pattern" {
			cv.warn(n, "patterns are not supported: "+prop+" not drawn")
			return scene.Paint{}, errNoPaint
		}
		if fallback == "" || fallback == "none" {
			return scene.Paint{}, errNoPaint
		}
		v = fallback
	}
	return cv.colorPaint(c, v, opacity)
}

func (cv *converter) colorPaint(c *ctx, v string, opacity float64) (scene.Paint, error) {
	if v == "currentColor" {
		v, _ = c.prop("color", func(s string) bool { _, _, ok := parseColor(s); return ok })
		if v == "" {
			v = "black"
		}
	}
	col, a, ok := parseColor(v)
	if !ok {
		return scene.Paint{}, errNoPaint
	}
	return scene.Paint{Color: col, Opacity: opacity * a}, nil
}

// tightBounds returns the bounding box of p's curves (sampled, not
// control points).
func tightBounds(p geom.Path) scene.Rect {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(q geom.Point) {
		x0, y0, x1, y1 = min(x0, q.X), min(y0, q.Y), max(x1, q.X), max(y1, q.Y)
	}
	var cur geom.Point
	for _, s := range p.Segments {
		switch s.Op {
		case geom.MoveTo, geom.LineTo:
			cur = s.Pts[0]
			add(cur)
		case geom.QuadTo:
			for i := 1; i <= 16; i++ {
				t := float64(i) / 16
				u := 1 - t
				add(geom.Point{X: u*u*cur.X + 2*u*t*s.Pts[0].X + t*t*s.Pts[1].X, Y: u*u*cur.Y + 2*u*t*s.Pts[0].Y + t*t*s.Pts[1].Y})
			}
			cur = s.Pts[1]
		case geom.CubicTo:
			for i := 1; i <= 32; i++ {
				t := float64(i) / 32
				u := 1 - t
				a, b, cc, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
				add(geom.Point{X: a*cur.X + b*s.Pts[0].X + cc*s.Pts[1].X + d*s.Pts[2].X, Y: a*cur.Y + b*s.Pts[0].Y + cc*s.Pts[1].Y + d*s.Pts[2].Y})
			}
			cur = s.Pts[2]
		}
	}
	if x0 > x1 {
		return scene.Rect{}
	}
	return scene.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// itemsBounds returns the bounding box of items (fills' geometry).
func itemsBounds(items []scene.Item, depth int) (scene.Rect, bool) {
	var out scene.Rect
	ok := false
	add := func(r scene.Rect) {
		if !ok {
			out, ok = r, true
			return
		}
		x0, y0 := min(out.X, r.X), min(out.Y, r.Y)
		x1, y1 := max(out.X+out.W, r.X+r.W), max(out.Y+out.H, r.Y+r.H)
		out = scene.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
	}
	for _, it := range items {
		switch it := it.(type) {
		case *scene.Path:
			add(tightBounds(it.Path))
		case *scene.Image:
			add(it.Box)
		case *scene.Group:
			if depth > maxDepth {
				continue
			}
			r, k := itemsBounds(it.Items, depth+1)
			if !k {
				continue
			}
			path := scene.TransformPath(geom.Rectangle(geom.Rect(r)), it.Transform)
			add(path.Bounds())
		}
	}
	return out, ok
}
