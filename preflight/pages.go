package preflight

import (
	"fmt"
	"math"
	"slices"
)

// maxPages bounds the page tree walk: a poster has one page, a catalogue a
// few hundred; a tree with more is likely a loop the cycle check missed.
const maxPages = 100000

// maxTreeDepth bounds the nesting of Pages nodes; writers use two or three
// levels, balanced trees of a million pages need five.
const maxTreeDepth = 64

// rect is a box in default user space, normalised so x0 ≤ x1, y0 ≤ y1.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) contains(s rect) bool {
	const eps = 0.01 // points: writers round boxes to two decimals
	return s.x0 >= r.x0-eps && s.y0 >= r.y0-eps && s.x1 <= r.x1+eps && s.y1 <= r.y1+eps
}

func (r rect) intersects(s rect) bool {
	const eps = 0.01
	return s.x0 < r.x1-eps && s.x1 > r.x0+eps && s.y0 < r.y1-eps && s.y1 > r.y0+eps
}

func (r rect) empty() bool { return r.x1-r.x0 <= 0 || r.y1-r.y0 <= 0 }

func (r rect) String() string {
	return fmt.Sprintf("[%s %s %s %s]", pt(r.x0), pt(r.y0), pt(r.x1), pt(r.y1))
}

func pt(v float64) string { return fmt.Sprintf("%.6g", math.Round(v*100)/100) }

func mm(v float64) float64 { return v / 72 * 25.4 }

// page is a leaf of the page tree with its inherited attributes resolved.
type page struct {
	ref       ref
	d         dict
	resources dict
	media     *rect
	crop      *rect
	bleed     *rect
	trim      *rect
	art       *rect
}

func (c *checker) rect(o object) *rect {
	a, ok := c.f.resolve(o).(array)
	if !ok || len(a) != 4 {
		return nil
	}
	var v [4]float64
	for i := range 4 {
		x, ok := c.f.num(a[i])
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		v[i] = x
	}
	return &rect{math.Min(v[0], v[2]), math.Min(v[1], v[3]), math.Max(v[0], v[2]), math.Max(v[1], v[3])}
}

// pages walks the page tree from the catalog, passing down the inheritable
// attributes (MediaBox, CropBox, Resources; §7.7.3.4).
func (c *checker) pages() []*page {
	root := c.f.dict(c.f.trailer["Root"])
	var out []*page
	seen := map[ref]bool{}
	var walk func(o object, media, crop *rect, res dict, depth int)
	walk = func(o object, media, crop *rect, res dict, depth int) {
		if len(out) >= maxPages || depth > maxTreeDepth {
			return
		}
		r, isRef := o.(ref)
		if isRef {
			if seen[r] {
				c.add(Fail, CheckFile, 0, r.String(), "the page tree loops back on itself")
				return
			}
			seen[r] = true
		}
		d := c.f.dict(o)
		if d == nil {
			return
		}
		if m := c.rect(d["MediaBox"]); m != nil {
			media = m
		}
		if m := c.rect(d["CropBox"]); m != nil {
			crop = m
		}
		if rd := c.f.dict(d["Resources"]); rd != nil {
			res = rd
		}
		kids, hasKids := c.f.resolve(d["Kids"]).(array)
		if d["Type"] == name("Pages") || (hasKids && d["Type"] != name("Page")) {
			for _, k := range kids {
				walk(k, media, crop, res, depth+1)
			}
			return
		}
		out = append(out, &page{ref: r, d: d, resources: res, media: media, crop: crop,
			bleed: c.rect(d["BleedBox"]), trim: c.rect(d["TrimBox"]), art: c.rect(d["ArtBox"])})
	}
	walk(root["Pages"], nil, nil, nil, 0)
	return out
}

func (c *checker) checkBoxes(n int, p *page) {
	obj := p.ref.String()
	if p.media == nil {
		c.add(Fail, CheckBoxes, n, obj, "the page has no MediaBox (page size); readers guess US Letter")
		return
	}
	media := *p.media
	if media.empty() {
		c.add(Fail, CheckBoxes, n, obj, "the MediaBox (page size) is empty")
		return
	}
	ok := true
	crop := media
	if p.crop != nil {
		crop = *p.crop
		if !media.contains(crop) {
			c.add(Fail, CheckBoxes, n, obj, fmt.Sprintf("the CropBox %v reaches outside the MediaBox %v", crop, media))
			ok = false
		}
	}
	bleed := crop
	if p.bleed != nil {
		bleed = *p.bleed
		if !crop.contains(bleed) {
			c.add(Fail, CheckBoxes, n, obj, fmt.Sprintf("the BleedBox %v reaches outside the page (MediaBox/CropBox %v): the bleed would be cut off", bleed, crop))
			ok = false
		}
	}
	if p.trim == nil {
		if p.art != nil {
			c.add(Fail, CheckBoxes, n, obj, "the page has no TrimBox (only an ArtBox): the print shop cannot tell where to cut")
		} else {
			c.add(Fail, CheckBoxes, n, obj, "the page has no TrimBox: the print shop cannot tell where to cut; export with trim marks or bleed settings")
		}
		return
	}
	trim := *p.trim
	if trim.empty() {
		c.add(Fail, CheckBoxes, n, obj, "the TrimBox (finished size) is empty")
		return
	}
	if !bleed.contains(trim) {
		c.add(Fail, CheckBoxes, n, obj, fmt.Sprintf("the TrimBox %v reaches outside the BleedBox %v: boxes are not nested", trim, bleed))
		ok = false
	}
	if !ok {
		return
	}
	b := math.Min(math.Min(trim.x0-bleed.x0, trim.y0-bleed.y0), math.Min(bleed.x1-trim.x1, bleed.y1-trim.y1))
	msg := fmt.Sprintf("trimmed size %.1f × %.1f mm, bleed %.1f mm, boxes nested", mm(trim.x1-trim.x0), mm(trim.y1-trim.y0), mm(b))
	if b < 0.01 {
		c.add(Warn, CheckBoxes, n, obj, fmt.Sprintf("trimmed size %.1f × %.1f mm with no bleed: artwork that reaches the edge may show a white line after cutting (most shops ask for 3 mm)", mm(trim.x1-trim.x0), mm(trim.y1-trim.y0)))
		return
	}
	c.add(Pass, CheckBoxes, n, obj, msg)
}

// bleedOf is the page's BleedBox with its defaults (CropBox, MediaBox).
func (p *page) bleedOf() (rect, bool) {
	switch {
	case p.bleed != nil:
		return *p.bleed, true
	case p.crop != nil:
		return *p.crop, true
	case p.media != nil:
		return *p.media, true
	}
	return rect{}, false
}

// maxFonts bounds the fonts checked: a document with more distinct font
// dictionaries than this is unusual; the rest are not listed.
const maxFonts = 10000

// checkFonts looks at every font reachable from the pages' resources, in
// forms, patterns and Type3 glyphs too.
func (c *checker) checkFonts(pages []*page) {
	seenRes := map[string]bool{}
	seenFont := map[string]bool{}
	bad, good := 0, 0
	var visit func(n int, res dict, depth int)
	visit = func(n int, res dict, depth int) {
		if res == nil || depth > maxFormDepth || len(seenFont) > maxFonts {
			return
		}
		key := fmt.Sprintf("%p", res)
		if seenRes[key] {
			return
		}
		seenRes[key] = true
		fonts := c.f.dict(res["Font"])
		for _, k := range sortedKeys(fonts) {
			fo := fonts[k]
			id := fmt.Sprint(fo)
			if r, ok := fo.(ref); ok {
				id = r.String()
			}
			if seenFont[id] {
				continue
			}
			seenFont[id] = true
			fd := c.f.dict(fo)
			if fd == nil {
				continue
			}
			where := "/" + string(k) + " (" + id + ")"
			if msg := c.fontProblem(fd); msg != "" {
				c.add(Fail, CheckFonts, n, where, msg)
				bad++
			} else {
				good++
			}
			if fd["Subtype"] == name("Type3") {
				visit(n, c.f.dict(fd["Resources"]), depth+1)
			}
		}
		for _, cat := range []name{"XObject", "Pattern"} {
			xs := c.f.dict(res[cat])
			for _, k := range sortedKeys(xs) {
				if xd := c.f.dict(xs[k]); xd != nil {
					visit(n, c.f.dict(xd["Resources"]), depth+1)
				}
			}
		}
	}
	for i, p := range pages {
		visit(i+1, p.resources, 0)
		for _, a := range c.annots(p) {
			if ap := c.f.dict(a["AP"]); ap != nil {
				if nd := c.f.dict(ap["N"]); nd != nil {
					visit(i+1, c.f.dict(nd["Resources"]), 1)
				}
			}
		}
	}
	switch {
	case bad == 0 && good == 0:
		c.add(Pass, CheckFonts, 0, "", "the document uses no fonts")
	case bad == 0:
		c.add(Pass, CheckFonts, 0, "", fmt.Sprintf("all %d fonts are embedded", good))
	}
}

func (c *checker) fontProblem(fd dict) string {
	base, _ := c.f.resolve(fd["BaseFont"]).(name)
	label := "the font"
	if base != "" {
		label = "the font " + string(base)
	}
	switch c.f.resolve(fd["Subtype"]) {
	case name("Type3"):
		return "" // glyphs are drawn by content streams in the file
	case name("Type0"):
		desc, _ := c.f.resolve(fd["DescendantFonts"]).(array)
		if len(desc) == 0 {
			return label + " (Type0) has no descendant font"
		}
		dd := c.f.dict(desc[0])
		if dd == nil {
			return label + " (Type0) has no descendant font"
		}
		return c.descriptorProblem(label, c.f.dict(dd["FontDescriptor"]))
	}
	return c.descriptorProblem(label, c.f.dict(fd["FontDescriptor"]))
}

func (c *checker) descriptorProblem(label string, desc dict) string {
	if desc == nil {
		return label + " is not embedded (no font descriptor): the print shop's RIP will substitute another font; embed all fonts when exporting"
	}
	for _, k := range []name{"FontFile", "FontFile2", "FontFile3"} {
		if _, ok := c.f.resolve(desc[k]).(*stream); ok {
			return ""
		}
	}
	return label + " is not embedded: the print shop's RIP will substitute another font; embed all fonts when exporting"
}

func sortedKeys(d dict) []name {
	ks := make([]name, 0, len(d))
	for k := range d {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// maxAnnots bounds the annotations read per page.
const maxAnnots = 10000

func (c *checker) annots(p *page) []dict {
	a, _ := c.f.resolve(p.d["Annots"]).(array)
	var out []dict
	for i, o := range a {
		if i >= maxAnnots {
			break
		}
		if d := c.f.dict(o); d != nil {
			out = append(out, d)
		}
	}
	return out
}
