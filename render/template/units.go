package template

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Lengths in layout.yaml are numbers with an optional unit: mm (the
// default), cm, in, pt or px ("12cm", "3in", "850pt", "1080px"). A plain
// number is in the template's units (the top-level units:, mm unless it
// says otherwise). Pixels are 1/px_per_inch of an inch (96 unless the
// template sets px_per_inch, CSS's reference pixel). Everything is
// converted to millimetres at load.

// mmPerUnit is the size of each fixed unit in millimetres.
var mmPerUnit = map[string]float64{
	"mm": 1,
	"cm": 10,
	"in": 25.4,
	"pt": 25.4 / 72,
}

// unitNames lists the units, for messages.
const unitNames = "mm, cm, in, pt, px"

// defaultPxPerInch is CSS's reference pixel (CSS Values 4, §6.2: 1px =
// 1/96 in), what screen designers mean by a pixel.
const defaultPxPerInch = 96

var lengthRe = regexp.MustCompile(`^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$`)

// units are how a template reads lengths: the unit of a plain number and
// the size of a pixel.
type units struct {
	plain     string  // the unit of a plain number: "mm" unless the template says
	pxPerInch float64 // pixels per inch
}

// mmPer returns the size of unit u in millimetres, and whether u is a unit.
func (u units) mmPer(unit string) (float64, bool) {
	if unit == "" {
		unit = u.plain
	}
	if unit == "" {
		unit = "mm"
	}
	if unit == "px" {
		ppi := u.pxPerInch
		if ppi <= 0 {
			ppi = defaultPxPerInch
		}
		return 25.4 / ppi, true
	}
	f, ok := mmPerUnit[unit]
	return f, ok
}

// scale is the millimetres of one plain number (path data has no units of
// its own).
func (u units) scale() float64 {
	f, _ := u.mmPer("")
	return f
}

// parseLength reads a length and returns it in mm.
func (u units) parseLength(s string) (float64, string, bool) {
	m := lengthRe.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, "", false
	}
	f, ok := u.mmPer(m[2])
	if !ok {
		return 0, m[2], false
	}
	return v * f, m[2], true
}

// length reads a length (see above) and returns it in millimetres.
func (d *decoder) length(n *yaml.Node, field string) float64 {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		d.errf(n, field, "expected a length (a number in mm, or with a unit: %s)", unitNames)
		return 0
	}
	v, unit, ok := d.units.parseLength(n.Value)
	if !ok {
		if unit != "" {
			d.errf(n, field, "unknown unit %q in %q (units: %s)", unit, n.Value, unitNames)
		} else {
			d.errf(n, field, "expected a number, found %q", n.Value)
		}
		return 0
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e5 {
		// 100 m: no page is larger; a bigger number is a unit mistake.
		d.errf(n, field, "%s is out of range (±100000 mm)", n.Value)
		return 0
	}
	return v
}

// unitsOf reads the template's units: and px_per_inch: before any length.
func (d *decoder) unitsOf(top map[string]*yaml.Node) {
	if v, ok := top["px_per_inch"]; ok {
		p := d.positive(v, "px_per_inch")
		// 10 to 10,000 ppi: below, a pixel is bigger than a stamp; above,
		// finer than any screen or press.
		if p != 0 && (p < 10 || p > 10000) {
			d.errf(v, "px_per_inch", "must be between 10 and 10000")
		} else {
			d.units.pxPerInch = p
		}
	}
	if v, ok := top["units"]; ok {
		u := strings.TrimSpace(d.str(v, "units"))
		if _, ok := (units{}).mmPer(u); !ok || u == "" {
			d.errf(v, "units", "want one of %s, found %q", unitNames, u)
		} else {
			d.units.plain = u
		}
	}
}
