package geom

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ParsePathData reads SVG path data (https://www.w3.org/TR/SVG2/paths.html#PathData):
// M L H V C S Q T A Z, absolute and relative, in any unit. On an error it
// returns the path up to the error with it, as SVG renders a path up to
// its first error
// (https://www.w3.org/TR/SVG11/implnote.html#PathElementImplementationNotes);
// a template refuses such a path instead. maxCommands bounds the commands
// read (past it the error matches ErrPathLimit) and maxCoord every number.
func ParsePathData(d string, maxCommands int, maxCoord float64) (Path, error) {
	var p Path
	s := pathScanner{s: d, maxCoord: maxCoord}
	var cur, start, lastCtrl Point
	var prevCmd byte
	cmd := byte(0)
	for n := 0; ; n++ {
		if n > maxCommands {
			return p, &pathLimitError{maxCommands}
		}
		s.skipSep()
		if s.eof() {
			break
		}
		if c := s.s[s.i]; isCmd(c) {
			if cmd == 0 && c|0x20 != 'm' {
				return p, fmt.Errorf("path data must start with a moveto (M or m), found %q", c)
			}
			cmd = c
			s.i++
		} else if cmd == 0 {
			return p, fmt.Errorf("path data must start with a moveto (M or m), found %q at offset %d", c, s.i)
		} else if cmd == 'M' {
			cmd = 'L' // extra coordinate pairs after a moveto are lineto
		} else if cmd == 'm' {
			cmd = 'l'
		} else if cmd == 'Z' || cmd == 'z' {
			return p, fmt.Errorf("unexpected number after Z at offset %d", s.i)
		}
		rel := cmd >= 'a'
		base := cur
		if !rel {
			base = Point{}
		}
		var err error
		num := func() float64 {
			if err != nil {
				return 0
			}
			var v float64
			v, err = s.number()
			return v
		}
		pt := func() Point {
			x := num()
			y := num()
			return Point{X: base.X + x, Y: base.Y + y}
		}
		switch cmd | 0x20 { // lower case
		case 'm':
			cur = pt()
			start = cur
			p.MoveTo(cur.X, cur.Y)
		case 'l':
			cur = pt()
			p.LineTo(cur.X, cur.Y)
		case 'h':
			x := num()
			if rel {
				cur.X += x
			} else {
				cur.X = x
			}
			p.LineTo(cur.X, cur.Y)
		case 'v':
			y := num()
			if rel {
				cur.Y += y
			} else {
				cur.Y = y
			}
			p.LineTo(cur.X, cur.Y)
		case 'c':
			c1, c2, e := pt(), pt(), pt()
			p.CubicTo(c1.X, c1.Y, c2.X, c2.Y, e.X, e.Y)
			lastCtrl, cur = c2, e
		case 's':
			c1 := cur
			if k := prevCmd | 0x20; k == 'c' || k == 's' {
				c1 = Point{X: 2*cur.X - lastCtrl.X, Y: 2*cur.Y - lastCtrl.Y}
			}
			c2, e := pt(), pt()
			p.CubicTo(c1.X, c1.Y, c2.X, c2.Y, e.X, e.Y)
			lastCtrl, cur = c2, e
		case 'q':
			c, e := pt(), pt()
			p.QuadTo(c.X, c.Y, e.X, e.Y)
			lastCtrl, cur = c, e
		case 't':
			c := cur
			if k := prevCmd | 0x20; k == 'q' || k == 't' {
				c = Point{X: 2*cur.X - lastCtrl.X, Y: 2*cur.Y - lastCtrl.Y}
			}
			e := pt()
			p.QuadTo(c.X, c.Y, e.X, e.Y)
			lastCtrl, cur = c, e
		case 'a':
			rx, ry, rot := num(), num(), num()
			large, e1 := s.flag()
			sweep, e2 := s.flag()
			if err == nil {
				err = firstErr(e1, e2)
			}
			e := pt()
			if err == nil {
				arcTo(&p, cur, e, rx, ry, rot, large, sweep)
			}
			cur = e
		case 'z':
			p.Close()
			cur = start
		}
		if err != nil {
			return p, err
		}
		prevCmd = cmd
	}
	return p, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func isCmd(c byte) bool {
	switch c | 0x20 {
	case 'm', 'l', 'h', 'v', 'c', 's', 'q', 't', 'a', 'z':
		return true
	}
	return false
}

type pathScanner struct {
	s        string
	i        int
	maxCoord float64
}

func (s *pathScanner) eof() bool { return s.i >= len(s.s) }

func (s *pathScanner) skipSep() {
	for s.i < len(s.s) {
		switch s.s[s.i] {
		case ' ', '\t', '\n', '\r', ',':
			s.i++
		default:
			return
		}
	}
}

func (s *pathScanner) number() (float64, error) {
	s.skipSep()
	start := s.i
	if s.i < len(s.s) && (s.s[s.i] == '+' || s.s[s.i] == '-') {
		s.i++
	}
	digits, dot := false, false
	for s.i < len(s.s) {
		c := s.s[s.i]
		if c >= '0' && c <= '9' {
			digits = true
		} else if c == '.' && !dot {
			dot = true
		} else {
			break
		}
		s.i++
	}
	if digits && s.i < len(s.s) && (s.s[s.i] == 'e' || s.s[s.i] == 'E') {
		j := s.i + 1
		if j < len(s.s) && (s.s[j] == '+' || s.s[j] == '-') {
			j++
		}
		if j < len(s.s) && s.s[j] >= '0' && s.s[j] <= '9' {
			for j < len(s.s) && s.s[j] >= '0' && s.s[j] <= '9' {
				j++
			}
			s.i = j
		}
	}
	if !digits {
		return 0, fmt.Errorf("expected a number at offset %d", start)
	}
	v, err := strconv.ParseFloat(s.s[start:s.i], 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("bad number %q at offset %d", s.s[start:s.i], start)
	}
	// The caller's bound keeps coordinates where float64 stays exact far
	// below a pixel and PDF readers accept them.
	if math.Abs(v) > s.maxCoord {
		return 0, fmt.Errorf("%g at offset %d is out of range (±%g)", v, start, s.maxCoord)
	}
	return v, nil
}

func (s *pathScanner) flag() (bool, error) {
	s.skipSep()
	if s.i < len(s.s) && (s.s[s.i] == '0' || s.s[s.i] == '1') {
		s.i++
		return s.s[s.i-1] == '1', nil
	}
	return false, fmt.Errorf("expected an arc flag (0 or 1) at offset %d", s.i)
}

// arcTo appends an elliptical arc as cubic Béziers, following the SVG
// implementation notes (endpoint to centre parameterisation, F.6.5).
func arcTo(p *Path, from, to Point, rx, ry, rotDeg float64, large, sweep bool) {
	if from == to {
		return
	}
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 {
		p.LineTo(to.X, to.Y)
		return
	}
	phi := rotDeg * math.Pi / 180
	cos, sin := math.Cos(phi), math.Sin(phi)
	dx, dy := (from.X-to.X)/2, (from.Y-to.Y)/2
	x1 := cos*dx + sin*dy
	y1 := -sin*dx + cos*dy
	if l := x1*x1/(rx*rx) + y1*y1/(ry*ry); l > 1 {
		rx, ry = rx*math.Sqrt(l), ry*math.Sqrt(l)
	}
	num := rx*rx*ry*ry - rx*rx*y1*y1 - ry*ry*x1*x1
	den := rx*rx*y1*y1 + ry*ry*x1*x1
	co := math.Sqrt(math.Max(0, num/den))
	if large == sweep {
		co = -co
	}
	cx1, cy1 := co*rx*y1/ry, -co*ry*x1/rx
	cx := cos*cx1 - sin*cy1 + (from.X+to.X)/2
	cy := sin*cx1 + cos*cy1 + (from.Y+to.Y)/2
	angle := func(ux, uy, vx, vy float64) float64 {
		return math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy)
	}
	t1 := angle(1, 0, (x1-cx1)/rx, (y1-cy1)/ry)
	dt := angle((x1-cx1)/rx, (y1-cy1)/ry, (-x1-cx1)/rx, (-y1-cy1)/ry)
	if !sweep && dt > 0 {
		dt -= 2 * math.Pi
	} else if sweep && dt < 0 {
		dt += 2 * math.Pi
	}
	n := int(math.Ceil(math.Abs(dt) / (math.Pi / 2)))
	step := dt / float64(n)
	k := 4.0 / 3 * math.Tan(step/4)
	pt := func(t float64) (x, y, dxdt, dydt float64) {
		ct, st := math.Cos(t), math.Sin(t)
		x = cx + rx*ct*cos - ry*st*sin
		y = cy + rx*ct*sin + ry*st*cos
		dxdt = -rx*st*cos - ry*ct*sin
		dydt = -rx*st*sin + ry*ct*cos
		return
	}
	t := t1
	for i := 0; i < n; i++ {
		x0, y0, dx0, dy0 := pt(t)
		x3, y3, dx3, dy3 := pt(t + step)
		if i == n-1 {
			x3, y3 = to.X, to.Y
		}
		p.CubicTo(x0+k*dx0, y0+k*dy0, x3-k*dx3, y3-k*dy3, x3, y3)
		t += step
	}
}

// ErrPathLimit is matched by ParsePathData's error for data of more
// commands than its bound.
var ErrPathLimit = errors.New("geom: too many path commands")

type pathLimitError struct{ max int }

func (e *pathLimitError) Error() string        { return fmt.Sprintf("more than %d path commands", e.max) }
func (e *pathLimitError) Is(target error) bool { return target == ErrPathLimit }
