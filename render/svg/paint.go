package svg

import (
	"math"
	"strings"

	"posterkit/render/scene"
)

// gradientPaint resolves a linearGradient or radialGradient for an item
// with bounding box bbox (https://www.w3.org/TR/SVG11/pservers.html).
func (cv *converter) gradientPaint(g *node, c *ctx, bbox scene.Rect, opacity float64) (scene.Paint, error) {
	// The href chain: attributes and stops come from the first element
	// along it that has them.
	chain := []*node{g}
	for n := g; len(chain) < maxHrefChain; {
		href := strings.TrimSpace(n.attrs["href"])
		if !strings.HasPrefix(href, "#") {
			break
		}
		t := cv.ids[href[1:]]
		if t == nil || (t.name != "linearGradient" && t.name != "radialGradient") {
			break
		}
		loop := false
		for _, p := range chain {
			if p == t {
				loop = true
			}
		}
		if loop {
			break
		}
		chain = append(chain, t)
		n = t
	}
	attr := func(k string, kind string) (string, bool) {
		for _, n := range chain {
			if kind != "" && n.name != kind {
				continue
			}
			if v, ok := n.attrs[k]; ok {
				return v, true
			}
		}
		return "", false
	}
	var stopsNode *node
	for _, n := range chain {
		for _, ch := range n.children {
			if ch.name == "stop" {
				stopsNode = n
				break
			}
		}
		if stopsNode != nil {
			break
		}
	}
	if stopsNode == nil {
		return scene.Paint{}, errNoPaint
	}
	gc := docCtx(stopsNode, c.vw, c.vh)
	var stops []scene.Stop
	last := 0.0
	for _, s := range stopsNode.children {
		if s.name != "stop" {
			continue
		}
		sc := gc.child(s)
		off := 0.0
		if v, ok := s.attrs["offset"]; ok {
			if o, ok := parseOpacity(v); ok {
				off = o
			}
		}
		off = max(off, last)
		last = off
		col := "black"
		if v, ok := sc.prop("stop-color", func(s string) bool {
			_, _, ok := parseColor(s)
			return ok || strings.TrimSpace(s) == "currentColor"
		}); ok {
			col = v
		}
		p, err := cv.colorPaint(sc, col, 1)
		if err != nil {
			p = scene.Paint{Opacity: 1}
		}
		op := 1.0
		if v, ok := sc.prop("stop-opacity", func(s string) bool { _, ok := parseOpacity(s); return ok }); ok {
			op, _ = parseOpacity(v)
		}
		stops = append(stops, scene.Stop{Offset: off, Color: p.Color, Opacity: op * p.Opacity})
		if len(stops) > 1024 {
			break
		}
	}
	if len(stops) == 0 {
		return scene.Paint{}, errNoPaint
	}
	if len(stops) == 1 {
		s := stops[0]
		return scene.Paint{Color: s.Color, Opacity: opacity * s.Opacity}, nil
	}
	bboxUnits := true
	if v, ok := attr("gradientUnits", ""); ok && strings.TrimSpace(v) == "userSpaceOnUse" {
		bboxUnits = false
	}
	gt := scene.Identity
	if v, ok := attr("gradientTransform", ""); ok {
		if m, ok := parseTransform(v); ok {
			gt = m
		}
	}
	if bboxUnits {
		if !(bbox.W > 0 && bbox.H > 0) {
			return scene.Paint{}, errNoPaint
		}
		gt = scene.Matrix{A: bbox.W, D: bbox.H, E: bbox.X, F: bbox.Y}.Mul(gt)
	}
	if gt.Det() == 0 {
		return scene.Paint{}, errNoPaint
	}
	// Lengths: fractions of the box in bounding-box units, user lengths
	// against the viewport otherwise.
	L := func(k, kind string, def string, a axis) float64 {
		v, ok := attr(k, kind)
		if !ok {
			v = def
		}
		l, ok := parseLength(v)
		if !ok {
			l, _ = parseLength(def)
		}
		if bboxUnits {
			if l.unit == "%" {
				return l.v / 100
			}
			return l.v
		}
		return l.px(c.vw, c.vh, a)
	}
	gr := &scene.Gradient{Stops: stops, Transform: gt}
	switch v, _ := attr("spreadMethod", ""); strings.TrimSpace(v) {
	case "reflect":
		gr.Spread = scene.Reflect
	case "repeat":
		gr.Spread = scene.Repeat
	}
	if g.name == "linearGradient" {
		gr.Kind = scene.Linear
		gr.X1, gr.Y1 = L("x1", "linearGradient", "0%", horizontal), L("y1", "linearGradient", "0%", vertical)
		gr.X2, gr.Y2 = L("x2", "linearGradient", "100%", horizontal), L("y2", "linearGradient", "0%", vertical)
		if gr.X1 == gr.X2 && gr.Y1 == gr.Y2 {
			s := stops[len(stops)-1]
			return scene.Paint{Color: s.Color, Opacity: opacity * s.Opacity}, nil
		}
	} else {
		gr.Kind = scene.Radial
		gr.CX, gr.CY = L("cx", "radialGradient", "50%", horizontal), L("cy", "radialGradient", "50%", vertical)
		gr.R = L("r", "radialGradient", "50%", diagonal)
		gr.FX, gr.FY = gr.CX, gr.CY
		if _, ok := attr("fx", "radialGradient"); ok {
			gr.FX = L("fx", "radialGradient", "50%", horizontal)
		}
		if _, ok := attr("fy", "radialGradient"); ok {
			gr.FY = L("fy", "radialGradient", "50%", vertical)
		}
		gr.FR = L("fr", "radialGradient", "0%", diagonal)
		if !(gr.R > 0) {
			s := stops[len(stops)-1]
			return scene.Paint{Color: s.Color, Opacity: opacity * s.Opacity}, nil
		}
		gr.FR = min(max(gr.FR, 0), gr.R)
		// A focal point outside the end circle is moved onto it (SVG
		// 1.1 13.2.3), just inside so that the cone stays defined.
		if d := math.Hypot(gr.FX-gr.CX, gr.FY-gr.CY); d > gr.R*0.999 {
			k := gr.R * 0.999 / d
			gr.FX, gr.FY = gr.CX+(gr.FX-gr.CX)*k, gr.CY+(gr.FY-gr.CY)*k
		}
	}
	return scene.Paint{Color: stops[0].Color, Opacity: opacity, Gradient: gr}, nil
}

// clipPath resolves a clipPath element for items (whose bounding box
// objectBoundingBox units need); false if the element must not be drawn.
func (cv *converter) clipPath(cp *node, c *ctx, items []scene.Item) (*scene.Clip, bool) {
	for _, a := range cv.active {
		if a == cp {
			cv.warn(cp, "clipPath references itself: the element it clips is not drawn")
			return nil, false
		}
	}
	cv.active = append(cv.active, cp)
	defer func() { cv.active = cv.active[:len(cv.active)-1] }()
	m := scene.Identity
	if t, ok := cp.props["transform"]; ok {
		if tm, ok := parseTransform(t); ok {
			m = tm
		}
	}
	if v := strings.TrimSpace(cp.attrs["clipPathUnits"]); v == "objectBoundingBox" {
		bb, ok := itemsBounds(items, 0)
		if !ok || !(bb.W > 0 && bb.H > 0) {
			return nil, false
		}
		m = m.Mul(scene.Matrix{A: bb.W, D: bb.H, E: bb.X, F: bb.Y})
	}
	if m.Det() == 0 {
		return nil, false
	}
	clip := &scene.Clip{}
	cc := docCtx(cp, c.vw, c.vh)
	for _, ch := range cp.children {
		chc := cc.child(ch)
		shape := ch
		cm := m
		if t, ok := ch.props["transform"]; ok {
			tm, ok := parseTransform(t)
			if !ok {
				tm = scene.Identity
			}
			cm = cm.Mul(tm)
		}
		if ch.name == "use" {
			href := strings.TrimSpace(ch.attrs["href"])
			t := cv.ids[strings.TrimPrefix(href, "#")]
			if !strings.HasPrefix(href, "#") || t == nil {
				continue
			}
			switch t.name {
			case "path", "rect", "circle", "ellipse", "line", "polyline", "polygon":
			default:
				// A clip path's use must reference a shape directly.
				continue
			}
			x, y := cv.lengthAttr(ch, "x", c, horizontal, 0), cv.lengthAttr(ch, "y", c, vertical, 0)
			cm = cm.Mul(scene.Translate(x, y))
			shape = t
			chc = chc.child(t)
			if tt, ok := t.props["transform"]; ok {
				if tm, ok := parseTransform(tt); ok {
					cm = cm.Mul(tm)
				}
			}
		}
		switch shape.name {
		case "path", "rect", "circle", "ellipse", "line", "polyline", "polygon":
		case "text":
			cv.warn(ch, "text in a clip path is not imported")
			continue
		default:
			continue
		}
		if d, _ := chc.prop("display", nil); d == "none" {
			continue
		}
		if d := ch.props["display"]; d == "none" {
			continue
		}
		if v, _ := chc.prop("visibility", nil); v == "hidden" || v == "collapse" {
			continue
		}
		if v, ok := ch.props["clip-path"]; ok && v != "none" {
			id, _, _ := parseURL(v)
			if t := cv.ids[id]; t == nil || t.name != "clipPath" {
				continue // an invalid reference: the child is not part of the clip
			}
			cv.warn(ch, "clip-path on a clip path's child is not supported: ignored")
		}
		p, ok := cv.shapeGeometry(shape, chc)
		if !ok || cm.Det() == 0 {
			continue
		}
		rule := scene.NonZero
		if r, _ := chc.prop("clip-rule", nil); r == "evenodd" {
			rule = scene.EvenOdd
		}
		clip.Shapes = append(clip.Shapes, scene.ClipShape{Path: scene.TransformPath(p, cm), Rule: rule})
	}
	if len(clip.Shapes) == 0 {
		return nil, false // an empty clip shows nothing
	}
	if v, ok := cp.props["clip-path"]; ok && v != "none" {
		id, _, _ := parseURL(v)
		t := cv.ids[id]
		if t == nil || t.name != "clipPath" {
			return nil, false
		}
		inner, ok := cv.clipPath(t, c, items)
		if !ok {
			return nil, false
		}
		clip.Clip = inner
	}
	return clip, true
}
