package svg

import (
	"fmt"
	"math"
	"strings"

	"posterkit/render/scene"
)

// Frame is a text frame the drawing marks: a rect with id "frame:NAME" or
// data-frame="NAME". It is not drawn; a template fills it with text.
type Frame struct {
	Name string
	// Box is the rect's bounding box after its transforms, in the
	// drawing's coordinates (CSS px from its top-left, as Items).
	Box  scene.Rect
	Line int // of the rect
}

// maxFrames bounds the frames of a document: a poster has a handful of
// text frames, a template at most a few hundred.
const maxFrames = 1000

// frameName returns the frame n marks, or "".
func frameName(n *node) string {
	if v, ok := n.attrs["data-frame"]; ok {
		return strings.TrimSpace(v)
	}
	if v, ok := strings.CutPrefix(n.attrs["id"], "frame:"); ok {
		return strings.TrimSpace(v)
	}
	return ""
}

// isFrame reports whether n marks a frame: such a rect is not drawn.
func isFrame(n *node) bool { return n.name == "rect" && frameName(n) != "" }

// frames collects the frames of the document whose outermost svg is root,
// with m its viewBox transform and vb its viewBox (for percentages).
// Frames are read in the document tree through g and a elements only: a
// rect inside defs, a symbol, a nested svg or a clip path is drawn (or
// not) wherever use places it, which may be many places or none, so it
// marks no frame, and a warning says so.
func (cv *converter) frames(root *node, m scene.Matrix, vb scene.Rect) []Frame {
	var out []Frame
	found := map[*node]bool{}
	var walk func(n *node, m scene.Matrix)
	walk = func(n *node, m scene.Matrix) {
		for _, ch := range n.children {
			switch {
			case ch.name == "g" || ch.name == "a":
				walk(ch, m.Mul(ownTransform(ch)))
			case isFrame(ch):
				found[ch] = true
				if len(out) >= maxFrames {
					cv.warn(ch, fmt.Sprintf("more than %d frames: this one is ignored", maxFrames))
					continue
				}
				if f, ok := cv.frame(ch, m.Mul(ownTransform(ch)), vb); ok {
					out = append(out, f)
				}
			}
		}
	}
	walk(root, m)
	// Markers found nowhere in the walk: say why they mark nothing.
	var check func(n *node)
	check = func(n *node) {
		for _, ch := range n.children {
			switch name := frameName(ch); {
			case name == "" || found[ch]:
			case ch.name != "rect":
				cv.warn(ch, fmt.Sprintf("frame %q: only a rect marks a frame", name))
			default:
				cv.warn(ch, fmt.Sprintf("frame %q: inside <%s>, a rect marks no frame (only in g and a elements of the document)", name, ch.parent.name))
			}
			check(ch)
		}
	}
	check(root)
	return out
}

// ownTransform is n's transform attribute, the identity when it has none
// or it is invalid.
func ownTransform(n *node) scene.Matrix {
	if t, ok := n.props["transform"]; ok {
		if m, ok := parseTransform(t); ok {
			return m
		}
	}
	return scene.Identity
}

// frame returns the frame rect n marks, m mapping its user space to the
// drawing's.
func (cv *converter) frame(n *node, m scene.Matrix, vb scene.Rect) (Frame, bool) {
	c := &ctx{n: n, vw: vb.W, vh: vb.H}
	x := cv.lengthAttr(n, "x", c, horizontal, 0)
	y := cv.lengthAttr(n, "y", c, vertical, 0)
	w := cv.lengthAttr(n, "width", c, horizontal, 0)
	h := cv.lengthAttr(n, "height", c, vertical, 0)
	name := frameName(n)
	if !(w > 0 && h > 0) || m.Det() == 0 || math.IsNaN(m.Det()) {
		cv.warn(n, fmt.Sprintf("frame %q: the rect has no area", name))
		return Frame{}, false
	}
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, p := range []scene.Point{{X: x, Y: y}, {X: x + w, Y: y}, {X: x, Y: y + h}, {X: x + w, Y: y + h}} {
		q := m.Apply(p)
		x0, y0, x1, y1 = min(x0, q.X), min(y0, q.Y), max(x1, q.X), max(y1, q.Y)
	}
	if !(math.Abs(x0) <= maxCoord && math.Abs(y0) <= maxCoord && math.Abs(x1) <= maxCoord && math.Abs(y1) <= maxCoord) {
		cv.warn(n, fmt.Sprintf("frame %q: out of range", name))
		return Frame{}, false
	}
	return Frame{Name: name, Box: scene.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}, Line: n.line}, true
}
