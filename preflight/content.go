package preflight

import (
	"bytes"
	"fmt"
	"math"
)

// Limits on content streams.
const (
	// maxFormDepth bounds Form XObjects, patterns and soft masks drawn
	// inside one another: design tools nest a few levels; deeper nesting
	// (or a form that draws itself) is a loop.
	maxFormDepth = 16
	// maxOperators bounds the operators interpreted per file, across all
	// pages and forms (a form drawn many times is interpreted each time):
	// a few seconds of work. Beyond it the content checks stop and say so.
	maxOperators = 20_000_000
	// maxOperands bounds one operator's operands; the longest real ones are
	// TJ arrays (one operand) and scn with a DeviceN's components.
	maxOperands = 1024
	// maxGStates bounds q nesting. PDF 1.7's limit is 28; files that nest
	// deeper exist and readers cope, so we allow more but not unbounded.
	maxGStates = 1024
)

type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: m applied first, then n (PDF's row-vector order).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// colourSpace is what the checks need to know of a colour space.
type colourSpace struct {
	desc string // "DeviceRGB", "ICCBased RGB (9 0 R)", "Separation All"…
	rgb  bool   // RGB, or built on an RGB space (Indexed base, alternate)
	all  bool   // the registration colour, Separation /All
}

var deviceGray = colourSpace{desc: "DeviceGray"}

// walk is the state of interpreting one page.
type walk struct {
	c      *checker
	page   int
	p      *page
	bleed  rect
	hasBox bool
	forms  map[ref]bool // forms on the stack, to stop a form drawing itself
	done   map[string]bool
}

type gstate struct {
	ctm            matrix
	fill, stroke   colourSpace
	fillName, strk string
}

// drawFlags say which checks apply to a content stream: a soft mask's or
// a pattern's content is checked for colour only.
type drawFlags struct {
	images, bleed bool
}

func (c *checker) checkContent(n int, p *page) {
	w := &walk{c: c, page: n, p: p, forms: map[ref]bool{}, done: map[string]bool{}}
	w.bleed, w.hasBox = p.bleedOf()
	if g := c.f.dict(p.d["Group"]); g != nil && g["CS"] != nil {
		w.colour(c.csOf(g["CS"], p.resources, 0), "page transparency group (/Group /CS)", p.ref.String())
	}
	var data []byte
	contents := c.f.resolve(p.d["Contents"])
	var parts []object
	switch v := contents.(type) {
	case *stream:
		parts = []object{p.d["Contents"]}
	case array:
		parts = v
	}
	for _, part := range parts {
		s, ok := c.f.resolve(part).(*stream)
		if !ok {
			continue
		}
		b, err := c.f.decode(s)
		if err != nil {
			c.add(Warn, CheckFile, n, s.ref.String(), fmt.Sprintf("a content stream cannot be decoded (%v): what it draws is not checked", err))
			continue
		}
		data = append(data, b...)
		data = append(data, '\n')
	}
	w.run(data, p.resources, gstate{ctm: identity, fill: deviceGray, stroke: deviceGray}, "page content", drawFlags{images: true, bleed: true}, 0)
	if !w.done["images"] {
		c.add(Pass, CheckImages, n, "", "no images on this page")
	}
}

// colour reports an RGB colour space in a CMYK file.
func (w *walk) colour(cs colourSpace, what, where string) {
	if !cs.rgb {
		return
	}
	if !w.c.cmyk {
		w.c.rgbUses++
		return
	}
	w.c.add(Fail, CheckColour, w.page, where, fmt.Sprintf("%s is %s in a CMYK file: the print shop's RIP converts it to CMYK with its own settings and the colours shift; convert it to CMYK", what, cs.desc))
}

// run interprets a content stream: q/Q/cm for the CTM, colour operators,
// paths and their painting, XObjects, shadings and inline images.
func (w *walk) run(data []byte, res dict, gs gstate, where string, fl drawFlags, depth int) {
	c := w.c
	if depth > maxFormDepth {
		c.add(Warn, CheckFile, w.page, where, fmt.Sprintf("forms nested deeper than %d levels: the deeper ones are not checked", maxFormDepth))
		return
	}
	l := &lexer{b: data}
	var stack []gstate
	var ops []object
	var path rect
	hasPath := false
	addPt := func(x, y float64) {
		x, y = gs.ctm.apply(x, y)
		if !hasPath {
			path = rect{x, y, x, y}
			hasPath = true
			return
		}
		path.x0, path.y0 = math.Min(path.x0, x), math.Min(path.y0, y)
		path.x1, path.y1 = math.Max(path.x1, x), math.Max(path.y1, y)
	}
	nums := func(k int) ([]float64, bool) {
		if len(ops) < k {
			return nil, false
		}
		out := make([]float64, k)
		for i, o := range ops[len(ops)-k:] {
			switch v := o.(type) {
			case int64:
				out[i] = float64(v)
			case float64:
				out[i] = v
			default:
				return nil, false
			}
		}
		return out, true
	}
	for {
		tok, ok, err := l.token()
		if err != nil {
			c.add(Warn, CheckFile, w.page, where, fmt.Sprintf("a content stream has a syntax error (%v): the rest of it is not checked", err))
			return
		}
		if !ok {
			return
		}
		op, isOp := tok.(keyword)
		if !isOp {
			v, err := l.finish(tok, false, 0)
			if err != nil {
				c.add(Warn, CheckFile, w.page, where, fmt.Sprintf("a content stream has a syntax error (%v): the rest of it is not checked", err))
				return
			}
			if len(ops) < maxOperands {
				ops = append(ops, v)
			}
			continue
		}
		c.ops++
		if c.ops > maxOperators {
			if !c.opsNoted {
				c.opsNoted = true
				c.add(Warn, CheckFile, w.page, where, fmt.Sprintf("more than %d drawing operators: the rest of the document's content is not checked", maxOperators))
			}
			return
		}
		switch op {
		case "q":
			if len(stack) < maxGStates {
				stack = append(stack, gs)
			}
		case "Q":
			if len(stack) > 0 {
				gs = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if v, ok := nums(6); ok {
				gs.ctm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(gs.ctm)
			}
		case "rg", "RG":
			cs := colourSpace{desc: "DeviceRGB", rgb: true}
			w.colour(cs, "a colour set with the "+string(op)+" operator", where)
			if op == "rg" {
				gs.fill = cs
			} else {
				gs.stroke = cs
			}
		case "g":
			gs.fill = deviceGray
		case "G":
			gs.stroke = deviceGray
		case "k":
			gs.fill = colourSpace{desc: "DeviceCMYK"}
		case "K":
			gs.stroke = colourSpace{desc: "DeviceCMYK"}
		case "cs", "CS":
			if len(ops) > 0 {
				cs := c.csOf(ops[len(ops)-1], res, 0)
				w.colour(cs, "the colour space "+fmt.Sprint(ops[len(ops)-1])+" set with "+string(op), where)
				if op == "cs" {
					gs.fill = cs
				} else {
					gs.stroke = cs
				}
			}
		case "scn", "SCN":
			if len(ops) > 0 {
				if pn, ok := ops[len(ops)-1].(name); ok {
					w.pattern(pn, res, where, depth)
				}
			}
		case "sh":
			if len(ops) > 0 {
				if sn, ok := ops[len(ops)-1].(name); ok {
					sd := c.f.dict(c.f.dict(res["Shading"])[sn])
					if sd != nil {
						w.colour(c.csOf(sd["ColorSpace"], res, 0), "the shading /"+string(sn), where)
					}
				}
			}
		case "gs":
			if len(ops) > 0 {
				if gn, ok := ops[len(ops)-1].(name); ok {
					w.extGState(gn, res, gs, where, depth)
				}
			}
		case "m", "l":
			if v, ok := nums(2); ok {
				addPt(v[0], v[1])
			}
		case "c":
			if v, ok := nums(6); ok {
				addPt(v[0], v[1])
				addPt(v[2], v[3])
				addPt(v[4], v[5])
			}
		case "v", "y":
			if v, ok := nums(4); ok {
				addPt(v[0], v[1])
				addPt(v[2], v[3])
			}
		case "re":
			if v, ok := nums(4); ok {
				addPt(v[0], v[1])
				addPt(v[0]+v[2], v[1])
				addPt(v[0], v[1]+v[3])
				addPt(v[0]+v[2], v[1]+v[3])
			}
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*":
			if hasPath && fl.bleed && w.hasBox && !w.bleed.intersects(path) {
				var spaces []colourSpace
				if op != "S" && op != "s" {
					spaces = append(spaces, gs.fill)
				}
				if op == "S" || op == "s" || op[0] == 'B' || op[0] == 'b' {
					spaces = append(spaces, gs.stroke)
				}
				for _, cs := range spaces {
					if !cs.all {
						c.add(Fail, CheckBleed, w.page, where, fmt.Sprintf("a mark outside the bleed (at %.0f–%.0f mm from the left, %.0f–%.0f mm from the bottom of the page) is in %s, not the registration colour (Separation All): crop and registration marks must print on every plate",
							mm(path.x0), mm(path.x1), mm(path.y0), mm(path.y1), cs.desc))
					}
				}
			}
			hasPath = false
		case "n":
			hasPath = false
		case "Do":
			if len(ops) > 0 {
				if xn, ok := ops[len(ops)-1].(name); ok {
					w.xobject(xn, res, gs, where, fl, depth)
				}
			}
		case "BI":
			w.inlineImage(l, res, gs, where, fl)
		}
		ops = ops[:0]
	}
}

func (w *walk) pattern(pn name, res dict, where string, depth int) {
	c := w.c
	po := c.f.dict(res["Pattern"])[pn]
	key := "pattern " + fmt.Sprint(po)
	if w.done[key] || depth >= maxFormDepth {
		return
	}
	w.done[key] = true
	pd := c.f.dict(po)
	if pd == nil {
		return
	}
	what := "the pattern /" + string(pn)
	if pt, _ := c.f.resolve(pd["PatternType"]).(int64); pt == 2 {
		if sd := c.f.dict(pd["Shading"]); sd != nil {
			w.colour(c.csOf(sd["ColorSpace"], res, 0), what+"'s shading", where)
		}
		return
	}
	s, ok := c.f.resolve(po).(*stream)
	if !ok {
		return
	}
	data, err := c.f.decode(s)
	if err != nil {
		return
	}
	pres := c.f.dict(pd["Resources"])
	if pres == nil {
		pres = res
	}
	w.run(data, pres, gstate{ctm: identity, fill: deviceGray, stroke: deviceGray}, what+" ("+s.ref.String()+")", drawFlags{}, depth+1)
}

func (w *walk) extGState(gn name, res dict, gs gstate, where string, depth int) {
	c := w.c
	gd := c.f.dict(c.f.dict(res["ExtGState"])[gn])
	if gd == nil {
		return
	}
	sm := c.f.dict(gd["SMask"])
	if sm == nil {
		return
	}
	g, ok := c.f.resolve(sm["G"]).(*stream)
	if !ok {
		return
	}
	key := "smask " + g.ref.String()
	if w.done[key] {
		return
	}
	w.done[key] = true
	what := "the soft mask of /" + string(gn) + " (" + g.ref.String() + ")"
	if grp := c.f.dict(g.dict["Group"]); grp != nil && grp["CS"] != nil {
		w.colour(c.csOf(grp["CS"], res, 0), what+"'s transparency group (/Group /CS)", where)
	}
	data, err := c.f.decode(g)
	if err != nil {
		return
	}
	gres := c.f.dict(g.dict["Resources"])
	if gres == nil {
		gres = res
	}
	w.run(data, gres, gstate{ctm: gs.ctm, fill: deviceGray, stroke: deviceGray}, what, drawFlags{}, depth+1)
}

func (w *walk) xobject(xn name, res dict, gs gstate, where string, fl drawFlags, depth int) {
	c := w.c
	xo := c.f.dict(res["XObject"])[xn]
	s, ok := c.f.resolve(xo).(*stream)
	if !ok {
		return
	}
	label := "/" + string(xn) + " (" + s.ref.String() + ")"
	switch c.f.resolve(s.dict["Subtype"]) {
	case name("Image"):
		w.image(s.dict, res, gs, "image "+label, fl, true)
	case name("Form"):
		if w.forms[s.ref] {
			c.add(Warn, CheckFile, w.page, "form "+label, "a form draws itself: the loop is not followed")
			return
		}
		what := "form " + label
		if grp := c.f.dict(s.dict["Group"]); grp != nil && grp["CS"] != nil {
			w.colour(c.csOf(grp["CS"], res, 0), "its transparency group (/Group /CS)", what)
		}
		data, err := c.f.decode(s)
		if err != nil {
			c.add(Warn, CheckFile, w.page, what, fmt.Sprintf("the form cannot be decoded (%v): what it draws is not checked", err))
			return
		}
		m := identity
		if a, ok := c.f.resolve(s.dict["Matrix"]).(array); ok && len(a) == 6 {
			for i := range 6 {
				m[i], _ = c.f.num(a[i])
			}
		}
		fres := c.f.dict(s.dict["Resources"])
		if fres == nil {
			fres = res
		}
		inner := gs
		inner.ctm = m.mul(gs.ctm)
		w.forms[s.ref] = true
		w.run(data, fres, inner, what, fl, depth+1)
		delete(w.forms, s.ref)
	}
}

// image checks an image's colour space and, where it is drawn on the
// page, its effective resolution.
func (w *walk) image(d dict, res dict, gs gstate, what string, fl drawFlags, isXObject bool) {
	c := w.c
	mask, _ := c.f.resolve(firstOf(d, "ImageMask", "IM")).(bool)
	if !mask {
		if cs := firstOf(d, "ColorSpace", "CS"); cs != nil {
			w.colour(c.csOf(cs, res, 0), "the image", what)
		}
	}
	if !fl.images {
		return
	}
	w.done["images"] = true
	wpx, ok1 := c.f.num(firstOf(d, "Width", "W"))
	hpx, ok2 := c.f.num(firstOf(d, "Height", "H"))
	if !ok1 || !ok2 || wpx <= 0 || hpx <= 0 {
		return
	}
	m := gs.ctm
	wpt := math.Hypot(m[0], m[1])
	hpt := math.Hypot(m[2], m[3])
	if wpt < 1e-6 || hpt < 1e-6 {
		return // drawn at no size: invisible
	}
	px, py := wpx/(wpt/72), hpx/(hpt/72)
	low := math.Min(px, py)
	msg := fmt.Sprintf("%.0f × %.0f pixels placed at %.1f × %.1f mm: %.0f × %.0f ppi", wpx, hpx, mm(wpt), mm(hpt), px, py)
	switch {
	case low < failPPI:
		c.add(Fail, CheckImages, w.page, what, msg+fmt.Sprintf(" — too low for print, it will look pixelated (%d ppi needed, below %d is refused)", warnPPI, failPPI))
	case low < warnPPI-0.5:
		c.add(Warn, CheckImages, w.page, what, msg+fmt.Sprintf(" — below the %d ppi print shops ask for; it may look soft", warnPPI))
	default:
		c.add(Pass, CheckImages, w.page, what, msg)
	}
}

func firstOf(d dict, keys ...name) object {
	for _, k := range keys {
		if v, ok := d[k]; ok {
			return v
		}
	}
	return nil
}

// inlineImage reads BI … ID data EI, checks the image and moves the lexer
// past its data.
func (w *walk) inlineImage(l *lexer, res dict, gs gstate, where string, fl drawFlags) {
	d := dict{}
	for {
		tok, ok, err := l.token()
		if err != nil || !ok {
			l.pos = len(l.b)
			return
		}
		if tok == keyword("ID") {
			break
		}
		k, isName := tok.(name)
		if !isName {
			continue
		}
		v, err := l.object(false)
		if err != nil {
			l.pos = len(l.b)
			return
		}
		d[k] = v
	}
	// One white-space byte follows ID, then the data (§8.9.7).
	if l.pos < len(l.b) && isSpace(l.b[l.pos]) {
		l.pos++
	}
	start := l.pos
	// Without a filter the data length is known; check that EI follows it,
	// else search for EI between white space, as readers do.
	if _, filtered := firstOf(d, "Filter", "F").(name); !filtered && firstOf(d, "Filter", "F") == nil {
		if n := inlineLength(d, res, w.c); n > 0 && start+n <= len(l.b) {
			rest := bytes.TrimLeft(l.b[start+n:min(len(l.b), start+n+8)], " \t\r\n\f\x00")
			if bytes.HasPrefix(rest, []byte("EI")) {
				l.pos = start + n
				l.skipSpace()
				l.pos += 2
				w.image(d, res, gs, "inline image", fl, false)
				return
			}
		}
	}
	for i := start; i+1 < len(l.b); i++ {
		if l.b[i] == 'E' && l.b[i+1] == 'I' && (i == start || isSpace(l.b[i-1])) && (i+2 == len(l.b) || isSpace(l.b[i+2]) || isDelim(l.b[i+2])) {
			l.pos = i + 2
			w.image(d, res, gs, "inline image", fl, false)
			return
		}
	}
	w.c.add(Warn, CheckFile, w.page, where, "an inline image has no end (EI): the rest of the content stream is not checked")
	l.pos = len(l.b)
}

func inlineLength(d dict, res dict, c *checker) int {
	wv, _ := firstOf(d, "Width", "W").(int64)
	hv, _ := firstOf(d, "Height", "H").(int64)
	bpc, _ := firstOf(d, "BitsPerComponent", "BPC").(int64)
	if mask, _ := firstOf(d, "ImageMask", "IM").(bool); mask {
		bpc = 1
	}
	if wv <= 0 || hv <= 0 || bpc <= 0 || wv > 1<<16 || hv > 1<<16 || bpc > 16 {
		return 0
	}
	comps := int64(1)
	switch cs := firstOf(d, "ColorSpace", "CS").(type) {
	case name:
		switch cs {
		case "RGB", "DeviceRGB", "CalRGB":
			comps = 3
		case "CMYK", "DeviceCMYK":
			comps = 4
		case "G", "DeviceGray", "I", "Indexed":
			comps = 1
		default:
			return 0 // a named space from the resources: unknown here
		}
	case array:
		if len(cs) > 0 && (cs[0] == name("I") || cs[0] == name("Indexed")) {
			comps = 1
		} else {
			return 0
		}
	}
	return int(hv * ((wv*comps*bpc + 7) / 8))
}

// csOf classifies a colour space: a name (device, inline abbreviation or
// a /ColorSpace resource) or an array.
func (c *checker) csOf(o object, res dict, depth int) colourSpace {
	if depth > 8 { // spaces built on spaces: Indexed on ICCBased is two levels
		return colourSpace{desc: "a colour space nested too deep"}
	}
	switch v := c.f.resolve(o).(type) {
	case name:
		switch v {
		case "DeviceRGB", "RGB":
			return colourSpace{desc: "DeviceRGB", rgb: true}
		case "DeviceCMYK", "CMYK":
			return colourSpace{desc: "DeviceCMYK"}
		case "DeviceGray", "G":
			return deviceGray
		case "Pattern":
			return colourSpace{desc: "Pattern"}
		}
		if res != nil {
			if cs, ok := c.f.dict(res["ColorSpace"])[v]; ok {
				return c.csOf(cs, nil, depth+1)
			}
		}
		return colourSpace{desc: "/" + string(v)}
	case array:
		if len(v) == 0 {
			return colourSpace{desc: "an empty colour space"}
		}
		family, _ := c.f.resolve(v[0]).(name)
		arg := func(i int) object {
			if i < len(v) {
				return v[i]
			}
			return nil
		}
		label := string(family)
		if r, ok := o.(ref); ok {
			label += " (" + r.String() + ")"
		}
		switch family {
		case "CalRGB":
			return colourSpace{desc: label, rgb: true}
		case "ICCBased":
			s, _ := c.f.resolve(arg(1)).(*stream)
			if s == nil {
				return colourSpace{desc: label}
			}
			n, _ := c.f.resolve(s.dict["N"]).(int64)
			if n == 3 {
				return colourSpace{desc: "ICCBased RGB (" + s.ref.String() + ")", rgb: true}
			}
			if n == 0 && s.dict["Alternate"] != nil {
				alt := c.csOf(s.dict["Alternate"], nil, depth+1)
				return colourSpace{desc: "ICCBased with the alternate " + alt.desc, rgb: alt.rgb}
			}
			return colourSpace{desc: fmt.Sprintf("ICCBased with %d components (%s)", n, s.ref)}
		case "Indexed", "I":
			base := c.csOf(arg(1), res, depth+1)
			return colourSpace{desc: "Indexed on " + base.desc, rgb: base.rgb}
		case "Pattern":
			if len(v) > 1 {
				base := c.csOf(arg(1), res, depth+1)
				return colourSpace{desc: "Pattern on " + base.desc, rgb: base.rgb}
			}
			return colourSpace{desc: "Pattern"}
		case "Separation":
			sn, _ := c.f.resolve(arg(1)).(name)
			alt := c.csOf(arg(2), res, depth+1)
			return colourSpace{desc: "Separation " + string(sn) + " (alternate " + alt.desc + ")", rgb: alt.rgb, all: sn == "All"}
		case "DeviceN":
			alt := c.csOf(arg(2), res, depth+1)
			return colourSpace{desc: "DeviceN (alternate " + alt.desc + ")", rgb: alt.rgb}
		}
		return colourSpace{desc: label}
	}
	return colourSpace{desc: "an unknown colour space"}
}
