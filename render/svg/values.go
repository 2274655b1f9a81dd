package svg

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/colornames"

	"posterkit/render/scene"
)

// Attribute values: numbers, lengths, colours, transforms
// (https://www.w3.org/TR/SVG11/types.html). Each parser reports false for
// an invalid value, which the caller then treats as SVG says (usually as
// if the attribute were absent).

// numberPrefix reads a number at the start of s and returns it with the
// rest of s.
func numberPrefix(s string) (float64, string, bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits = true
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits = true
		}
	}
	if !digits {
		return 0, s, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || math.Abs(v) > maxCoord {
		return 0, s, false
	}
	return v, s[i:], true
}

func parseNumber(s string) (float64, bool) {
	v, rest, ok := numberPrefix(strings.TrimSpace(s))
	return v, ok && rest == ""
}

// length is a number with its unit.
type length struct {
	v    float64
	unit string // "", "px", "%", "mm", …
}

func parseLength(s string) (length, bool) {
	v, rest, ok := numberPrefix(strings.TrimSpace(s))
	if !ok {
		return length{}, false
	}
	rest = strings.ToLower(rest)
	switch rest {
	case "", "px", "pt", "pc", "mm", "cm", "in", "em", "ex", "%":
		return length{v, rest}, true
	}
	return length{}, false
}

// axis says what a percentage is of.
type axis uint8

const (
	horizontal axis = iota
	vertical
	diagonal
)

// px resolves l in user units against a viewport of vw × vh.
func (l length) px(vw, vh float64, a axis) float64 {
	switch l.unit {
	case "pt":
		return l.v * 4 / 3
	case "pc":
		return l.v * 16
	case "mm":
		return l.v * 96 / 25.4
	case "cm":
		return l.v * 96 / 2.54
	case "in":
		return l.v * 96
	case "em":
		return l.v * 16 // the default font size: text is not imported
	case "ex":
		return l.v * 8
	case "%":
		switch a {
		case horizontal:
			return l.v / 100 * vw
		case vertical:
			return l.v / 100 * vh
		}
		return l.v / 100 * math.Sqrt((vw*vw+vh*vh)/2)
	}
	return l.v
}

// numberList reads numbers separated by commas or white space; it stops
// at the first invalid one and reports false then.
func numberList(s string) ([]float64, bool) {
	var out []float64
	s = strings.TrimSpace(s)
	for s != "" {
		v, rest, ok := numberPrefix(s)
		if !ok {
			return out, false
		}
		out = append(out, v)
		s = strings.TrimLeft(rest, " \t\r\n")
		if strings.HasPrefix(s, ",") {
			s = strings.TrimLeft(s[1:], " \t\r\n")
		}
		if len(out) > maxPathCommands {
			return out, false
		}
	}
	return out, true
}

// parseColor reads a CSS colour: a name, #rgb, #rrggbb, rgb(), rgba(),
// hsl(), hsla(). Alpha, where given, is returned separately.
func parseColor(s string) (color.NRGBA, float64, bool) {
	s = strings.TrimSpace(s)
	ls := strings.ToLower(s)
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		hex := func(c byte) (uint8, bool) {
			switch {
			case c >= '0' && c <= '9':
				return c - '0', true
			case c >= 'a' && c <= 'f':
				return c - 'a' + 10, true
			case c >= 'A' && c <= 'F':
				return c - 'A' + 10, true
			}
			return 0, false
		}
		var v [8]uint8
		for i := 0; i < len(h) && i < 8; i++ {
			var ok bool
			if v[i], ok = hex(h[i]); !ok {
				return color.NRGBA{}, 0, false
			}
		}
		switch len(h) {
		case 3, 4:
			a := 1.0
			if len(h) == 4 {
				a = float64(v[3]*17) / 255
			}
			return color.NRGBA{v[0] * 17, v[1] * 17, v[2] * 17, 255}, a, true
		case 6, 8:
			a := 1.0
			if len(h) == 8 {
				a = float64(v[6]<<4|v[7]) / 255
			}
			return color.NRGBA{v[0]<<4 | v[1], v[2]<<4 | v[3], v[4]<<4 | v[5], 255}, a, true
		}
		return color.NRGBA{}, 0, false
	}
	if open := strings.IndexByte(ls, '('); open > 0 && strings.HasSuffix(ls, ")") {
		fn := strings.TrimSpace(ls[:open])
		args := strings.FieldsFunc(ls[open+1:len(ls)-1], func(r rune) bool { return r == ',' || r == ' ' || r == '/' || r == '\t' })
		if len(args) != 3 && len(args) != 4 {
			return color.NRGBA{}, 0, false
		}
		comp := func(a string, scale float64) (float64, bool) {
			pct := strings.HasSuffix(a, "%")
			v, ok := parseNumber(strings.TrimSuffix(a, "%"))
			if pct {
				v = v / 100 * scale
			}
			return v, ok
		}
		alpha := 1.0
		if len(args) == 4 {
			a, ok := comp(args[3], 1)
			if !ok {
				return color.NRGBA{}, 0, false
			}
			alpha = min(max(a, 0), 1)
		}
		switch fn {
		case "rgb", "rgba":
			var c [3]uint8
			for i := range 3 {
				v, ok := comp(args[i], 255)
				if !ok {
					return color.NRGBA{}, 0, false
				}
				c[i] = uint8(math.Round(min(max(v, 0), 255)))
			}
			return color.NRGBA{c[0], c[1], c[2], 255}, alpha, true
		case "hsl", "hsla":
			h, ok1 := parseNumber(strings.TrimSuffix(args[0], "deg"))
			sat, ok2 := comp(args[1], 1)
			l, ok3 := comp(args[2], 1)
			if !ok1 || !ok2 || !ok3 {
				return color.NRGBA{}, 0, false
			}
			r, g, b := hslToRGB(h, min(max(sat, 0), 1), min(max(l, 0), 1))
			return color.NRGBA{r, g, b, 255}, alpha, true
		}
		return color.NRGBA{}, 0, false
	}
	if ls == "transparent" {
		return color.NRGBA{}, 0, true
	}
	if c, ok := colornames.Map[ls]; ok {
		return color.NRGBA{c.R, c.G, c.B, 255}, 1, true
	}
	return color.NRGBA{}, 0, false
}

func hslToRGB(h, s, l float64) (uint8, uint8, uint8) {
	h = math.Mod(h, 360)
	if h < 0 {
		h += 360
	}
	h /= 360
	var q float64
	if l < 0.5 {
		q = l * (1 + s)
	} else {
		q = l + s - l*s
	}
	p := 2*l - q
	f := func(t float64) uint8 {
		if t < 0 {
			t++
		}
		if t > 1 {
			t--
		}
		var v float64
		switch {
		case t < 1.0/6:
			v = p + (q-p)*6*t
		case t < 0.5:
			v = q
		case t < 2.0/3:
			v = p + (q-p)*(2.0/3-t)*6
		default:
			v = p
		}
		return uint8(math.Round(v * 255))
	}
	return f(h + 1.0/3), f(h), f(h - 1.0/3)
}

// parseTransform reads a transform list
// (https://www.w3.org/TR/SVG11/coords.html#TransformAttribute).
func parseTransform(s string) (scene.Matrix, bool) {
	m := scene.Identity
	s = strings.TrimSpace(s)
	for n := 0; s != ""; n++ {
		if n > 1000 {
			return m, false
		}
		open := strings.IndexByte(s, '(')
		end := strings.IndexByte(s, ')')
		if open < 0 || end < open {
			return m, false
		}
		fn := strings.TrimSpace(s[:open])
		args, ok := numberList(strings.NewReplacer("deg", "", "px", "").Replace(s[open+1 : end]))
		if !ok {
			return m, false
		}
		s = strings.TrimLeft(s[end+1:], " \t\r\n,")
		var t scene.Matrix
		switch {
		case fn == "matrix" && len(args) == 6:
			t = scene.Matrix{A: args[0], B: args[1], C: args[2], D: args[3], E: args[4], F: args[5]}
		case fn == "translate" && (len(args) == 1 || len(args) == 2):
			t = scene.Translate(args[0], 0)
			if len(args) == 2 {
				t.F = args[1]
			}
		case fn == "scale" && (len(args) == 1 || len(args) == 2):
			t = scene.ScaleXY(args[0], args[0])
			if len(args) == 2 {
				t.D = args[1]
			}
		case fn == "rotate" && (len(args) == 1 || len(args) == 3):
			a := args[0] * math.Pi / 180
			c, sn := math.Cos(a), math.Sin(a)
			t = scene.Matrix{A: c, B: sn, C: -sn, D: c}
			if len(args) == 3 {
				t = scene.Translate(args[1], args[2]).Mul(t).Mul(scene.Translate(-args[1], -args[2]))
			}
		case fn == "skewX" && len(args) == 1:
			t = scene.Matrix{A: 1, C: math.Tan(args[0] * math.Pi / 180), D: 1}
		case fn == "skewY" && len(args) == 1:
			t = scene.Matrix{A: 1, B: math.Tan(args[0] * math.Pi / 180), D: 1}
		default:
			return m, false
		}
		m = m.Mul(t)
	}
	return m, true
}

// viewBoxTransform maps a viewBox onto a viewport of w × h at x, y as
// preserveAspectRatio par says
// (https://www.w3.org/TR/SVG11/coords.html#PreserveAspectRatioAttribute).
func viewBoxTransform(vb scene.Rect, par string, x, y, w, h float64) scene.Matrix {
	sx, sy := w/vb.W, h/vb.H
	f := strings.Fields(par)
	align, slice := "xmidymid", false
	if len(f) > 0 && f[0] == "defer" {
		f = f[1:]
	}
	if len(f) > 0 {
		align = strings.ToLower(f[0])
	}
	if len(f) > 1 && f[1] == "slice" {
		slice = true
	}
	if align == "none" {
		return scene.Matrix{A: sx, D: sy, E: x - vb.X*sx, F: y - vb.Y*sy}
	}
	s := min(sx, sy)
	if slice {
		s = max(sx, sy)
	}
	tx, ty := x-vb.X*s, y-vb.Y*s
	dw, dh := w-vb.W*s, h-vb.H*s
	switch {
	case strings.HasPrefix(align, "xmid"):
		tx += dw / 2
	case strings.HasPrefix(align, "xmax"):
		tx += dw
	}
	switch {
	case strings.HasSuffix(align, "ymid"):
		ty += dh / 2
	case strings.HasSuffix(align, "ymax"):
		ty += dh
	}
	return scene.Matrix{A: s, D: s, E: tx, F: ty}
}

func parseViewBox(s string) (scene.Rect, bool) {
	v, ok := numberList(s)
	if !ok || len(v) != 4 || !(v[2] > 0) || !(v[3] > 0) {
		return scene.Rect{}, false
	}
	return scene.Rect{X: v[0], Y: v[1], W: v[2], H: v[3]}, true
}

// parseURL reads url(#id) (with an optional fallback after it) and
// returns the id and the rest.
func parseURL(s string) (id, rest string, ok bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "url(") {
		return "", s, false
	}
	end := strings.IndexByte(s, ')')
	if end < 0 {
		return "", "", false
	}
	ref := strings.Trim(strings.TrimSpace(s[4:end]), `"'`)
	rest = strings.TrimSpace(s[end+1:])
	if !strings.HasPrefix(ref, "#") {
		return "", rest, false
	}
	return ref[1:], rest, true
}
