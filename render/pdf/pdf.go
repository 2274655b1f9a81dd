// Package pdf draws a scene as a print-ready PDF: one page whose MediaBox is
// the bleed box, with TrimBox and BleedBox; vectors kept as vectors; images
// (JPEG passed through, PNG deflated with its alpha as a soft mask); and
// text placed glyph by glyph, by glyph ID, exactly where the scene says, in
// Type0/CIDFontType2 fonts embedded as subsets, with a ToUnicode CMap and
// ActualText so the text extracts in logical order, Arabic included.
//
// It is written by hand because no Go PDF library places glyphs by ID
// (measured: fpdf and gopdf map characters through the font's cmap, so
// Arabic contextual forms are unreachable and gopdf's subsets lose the
// Arabic dots; tdewolff/canvas reverses right-to-left words and panics
// subsetting CJK). Like every backend it only draws the scene: it never
// lays out.
package pdf

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"posterkit/fonts"
	"posterkit/fonts/subset"
	"posterkit/render/scene"
)

// Options are the document-level settings.
type Options struct {
	Creator string // the application, e.g. "posterkit v1"
	// Date is the creation date; the zero value means none. Use
	// DateFromEnv to honour SOURCE_DATE_EPOCH: by default the output has no
	// timestamp, so identical scenes give identical files.
	Date time.Time
}

// DateFromEnv returns the time SOURCE_DATE_EPOCH names, or the zero time.
func DateFromEnv() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Time{}
}

// ErrScene is returned for a scene that cannot be drawn.
var ErrScene = errors.New("pdf: invalid scene")

// Write draws s as a one-page PDF to w.
func Write(w io.Writer, s *scene.Scene, opt Options) error {
	if !(s.Width > 0 && s.Height > 0 && s.Width < 1e6 && s.Height < 1e6) {
		return fmt.Errorf("%w: page %g×%g pt", ErrScene, s.Width, s.Height)
	}
	d := &doc{scene: s, opt: opt, gstates: map[float64]string{}}
	if err := d.prepareFonts(); err != nil {
		return err
	}
	content, err := d.content()
	if err != nil {
		return err
	}
	return d.write(w, content)
}

type doc struct {
	scene   *scene.Scene
	opt     Options
	ow      objWriter
	fonts   []*embeddedFont
	byFont  map[*fonts.Font]*embeddedFont
	gstates map[float64]string // opacity → resource name
	gsOrder []float64
	images  []*scene.Image
	units   map[*scene.GlyphRun][]placedUnit // each run's units, in visual order
}

// embeddedFont is one font as the document embeds it.
//
// A TrueType font is subset, and gets one CID per distinct unit it draws:
// a glyph standing for a text, or a cluster of several glyphs (an Arabic
// skeleton and its dots in Noto Kufi, a base and its marks) drawn as one
// composite glyph that the subset adds. A CIDToGIDMap maps CIDs to the
// subset's glyphs. Every CID then has exactly one ToUnicode entry, which
// every reader honours: measured, mupdf 1.21 ignores ActualText and prints
// U+FFFD for a glyph without text (a dot), and poppler 22 splits words at
// ActualText spans.
//
// A CFF font is embedded whole with CID = glyph ID; where a glyph's text
// differs from its ToUnicode entry the run uses ActualText.
type embeddedFont struct {
	src     *fonts.Font
	res     string // resource name, F1…
	info    *fontInfo
	data    []byte // subset (or whole CFF font)
	tag     string
	cffFont bool
	cids    map[unit]uint16
	gidOf   []uint16           // CID → glyph ID in data
	text    map[uint16]string  // CID → ToUnicode text
	widths  map[uint16]float64 // CID → advance in 1/1000 em
}

// unit is what one CID draws: glyphs as "gid" or, for a composite,
// "advance|gid,dx,dy;gid,dx,dy…" with the cluster's advance and each
// glyph's offset in font units (y up) from the composite's origin; and the
// text it stands for.
type unit struct {
	glyphs string
	text   string
}

// placedUnit is a unit at its position on the page.
type placedUnit struct {
	unit
	x, y float64
}

// units splits a run into units, in visual order.
func (ef *embeddedFont) units(gr *scene.GlyphRun) []placedUnit {
	var out []placedUnit
	for i := 0; i < len(gr.Glyphs); {
		j := i + 1
		for j < len(gr.Glyphs) && gr.Glyphs[j].Cluster == gr.Glyphs[i].Cluster {
			j++
		}
		cl := gr.Glyphs[i:j]
		i = j
		var txt strings.Builder
		for _, g := range cl {
			txt.WriteString(g.Text)
		}
		if comp, origin, ok := ef.composite(cl, gr.Size); ok {
			out = append(out, placedUnit{unit{comp, txt.String()}, origin.X, origin.Y})
			continue
		}
		for _, g := range cl {
			out = append(out, placedUnit{unit{strconv.Itoa(int(g.ID)), g.Text}, g.X, g.Y})
		}
	}
	return out
}

// composite describes a cluster of several glyphs as one composite glyph,
// when the font can take one and the offsets fit its int16 fields. The
// composite's origin is where the pen stood at the cluster's start (its
// first glyph in visual order, less any mark offset) and its advance the
// cluster's, so readers see one character box where the cluster is — a
// Devanagari ि drawn before its consonant included.
func (ef *embeddedFont) composite(cl []scene.Glyph, size float64) (string, scene.Glyph, bool) {
	if len(cl) < 2 || ef.info.cff || len(cl) > 64 {
		return "", scene.Glyph{}, false
	}
	base := scene.Glyph{X: cl[0].X - cl[0].Offset.X, Y: cl[0].Y - cl[0].Offset.Y}
	adv := 0.0
	for _, g := range cl {
		adv += g.Advance
	}
	scale := ef.info.upem / size
	var b strings.Builder
	fmt.Fprintf(&b, "%d|", int(math.Round(adv*scale)))
	for k, g := range cl {
		dx := math.Round((g.X - base.X) * scale)
		dy := math.Round(-(g.Y - base.Y) * scale)
		if math.Abs(dx) > 32767 || math.Abs(dy) > 32767 || math.IsNaN(dx+dy) || adv*scale > 65535 || adv < 0 {
			return "", scene.Glyph{}, false
		}
		if k > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, "%d,%d,%d", g.ID, int(dx), int(dy))
	}
	return b.String(), base, true
}

// parseUnit reads a unit's glyphs back.
func parseUnit(s string) subset.Composite {
	var c subset.Composite
	if adv, rest, ok := strings.Cut(s, "|"); ok {
		a, _ := strconv.Atoi(adv)
		c.Advance, s = uint16(a), rest
	}
	for _, part := range strings.Split(s, ";") {
		f := strings.Split(part, ",")
		g, _ := strconv.Atoi(f[0])
		comp := subset.Component{GID: uint16(g)}
		if len(f) == 3 {
			dx, _ := strconv.Atoi(f[1])
			dy, _ := strconv.Atoi(f[2])
			comp.DX, comp.DY = int16(dx), int16(dy)
		}
		c.Components = append(c.Components, comp)
	}
	return c
}

// cid returns the CID that draws u.
func (ef *embeddedFont) cid(u unit) uint16 {
	if ef.cffFont {
		g, _ := strconv.Atoi(u.glyphs)
		return uint16(g)
	}
	return ef.cids[u]
}

// prepareFonts collects the units each font draws and subsets the fonts.
func (d *doc) prepareFonts() error {
	d.byFont = map[*fonts.Font]*embeddedFont{}
	d.units = map[*scene.GlyphRun][]placedUnit{}
	used := map[*embeddedFont]map[unit]int{}
	for _, it := range append(d.scene.Items[:len(d.scene.Items):len(d.scene.Items)], d.scene.Guides...) {
		gr, ok := it.(*scene.GlyphRun)
		if !ok {
			continue
		}
		if gr.Font == nil {
			return fmt.Errorf("%w: glyph run without a font", ErrScene)
		}
		ef, ok := d.byFont[gr.Font]
		if !ok {
			info, err := readFontInfo(gr.Font.Data)
			if err != nil {
				return fmt.Errorf("pdf: font %s: %w", gr.Font.Name, err)
			}
			ef = &embeddedFont{src: gr.Font, info: info, res: fmt.Sprintf("F%d", len(d.fonts)+1)}
			d.fonts = append(d.fonts, ef)
			d.byFont[gr.Font] = ef
			used[ef] = map[unit]int{}
		}
		if !(gr.Size > 0) {
			continue
		}
		units := ef.units(gr)
		d.units[gr] = units
		for _, u := range units {
			used[ef][u.unit]++
		}
	}
	for _, ef := range d.fonts {
		if err := ef.build(used[ef]); err != nil {
			return fmt.Errorf("pdf: font %s: %w", ef.src.Name, err)
		}
	}
	return nil
}

func (ef *embeddedFont) build(used map[unit]int) error {
	info := ef.info
	units := make([]unit, 0, len(used))
	for u := range used {
		units = append(units, u)
	}
	sort.Slice(units, func(i, j int) bool {
		if units[i].glyphs != units[j].glyphs {
			return units[i].glyphs < units[j].glyphs
		}
		return units[i].text < units[j].text
	})
	var gids []uint16
	var composites []subset.Composite
	compIndex := map[string]int{}
	for _, u := range units {
		c := parseUnit(u.glyphs)
		if len(c.Components) == 1 {
			gids = append(gids, c.Components[0].GID)
		} else if _, ok := compIndex[u.glyphs]; !ok {
			compIndex[u.glyphs] = len(composites)
			composites = append(composites, c)
		}
	}
	ef.text = map[uint16]string{}
	ef.widths = map[uint16]float64{}
	data, newID, compID, err := subset.SubsetWithComposites(ef.src.Data, gids, composites)
	if errors.Is(err, subset.ErrNotTrueType) {
		ef.cffFont, ef.data = true, ef.src.Data
		best := map[uint16]string{}
		bestN := map[uint16]int{}
		for _, u := range units { // sorted: ties go to the smaller text
			g := parseUnit(u.glyphs).Components[0].GID
			ef.widths[g] = info.advance(g) * 1000 / info.upem
			if n := used[u]; u.text != "" && n > bestN[g] {
				best[g], bestN[g] = u.text, n
			}
		}
		for g, t := range best {
			ef.text[g] = t
		}
	} else if err != nil {
		return err
	} else {
		ef.data = data
		ef.cids = map[unit]uint16{}
		ef.gidOf = []uint16{0} // CID 0 is .notdef
		for _, u := range units {
			c := parseUnit(u.glyphs)
			cid := uint16(len(ef.gidOf))
			ef.cids[u] = cid
			if len(c.Components) == 1 {
				ef.gidOf = append(ef.gidOf, newID[c.Components[0].GID])
				ef.widths[cid] = info.advance(c.Components[0].GID) * 1000 / info.upem
			} else {
				ef.gidOf = append(ef.gidOf, compID[compIndex[u.glyphs]])
				ef.widths[cid] = float64(c.Advance) * 1000 / info.upem
			}
			ef.text[cid] = u.text
			if len(ef.gidOf) > 0xFFFF {
				return fmt.Errorf("more than 65535 distinct glyphs")
			}
		}
	}
	// The subset tag is derived from the content (ISO 32000-1 9.6.4): six
	// upper-case letters from a hash of the font and what it draws.
	h := md5.New()
	h.Write([]byte(info.postScriptName))
	for _, u := range units {
		fmt.Fprintf(h, "%s\x00%s\x00", u.glyphs, u.text)
	}
	sum := h.Sum(nil)
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	ef.tag = string(tag[:])
	return nil
}

// content builds the page's content stream.
func (d *doc) content() ([]byte, error) {
	var b bytes.Buffer
	d.drawItems(&b, d.scene.Items)
	if len(d.scene.Guides) > 0 {
		// Guides are optional content, shown on screen and not printed.
		b.WriteString("/OC/OC1 BDC\n")
		d.drawItems(&b, d.scene.Guides)
		b.WriteString("EMC\n")
	}
	return b.Bytes(), nil
}

func (d *doc) drawItems(b *bytes.Buffer, items []scene.Item) {
	H := d.scene.Height
	y := func(v float64) float64 { return H - v }
	for _, it := range items {
		switch it := it.(type) {
		case *scene.Path:
			if len(it.Segments) == 0 || it.Fill.Opacity <= 0 {
				continue
			}
			b.WriteString("q\n")
			d.setOpacity(b, it.Fill.Opacity)
			c := it.Fill.Color
			fmt.Fprintf(b, "%s %s %s rg\n", num(float64(c.R)/255), num(float64(c.G)/255), num(float64(c.B)/255))
			var cur scene.Point
			for _, s := range it.Segments {
				p := s.Pts
				switch s.Op {
				case scene.MoveTo:
					fmt.Fprintf(b, "%s %s m\n", num(p[0].X), num(y(p[0].Y)))
					cur = p[0]
				case scene.LineTo:
					fmt.Fprintf(b, "%s %s l\n", num(p[0].X), num(y(p[0].Y)))
					cur = p[0]
				case scene.QuadTo:
					// Raise to a cubic: c1 = p0 + 2/3 (q − p0), c2 = p1 + 2/3 (q − p1).
					c1 := scene.Point{X: cur.X + 2.0/3*(p[0].X-cur.X), Y: cur.Y + 2.0/3*(p[0].Y-cur.Y)}
					c2 := scene.Point{X: p[1].X + 2.0/3*(p[0].X-p[1].X), Y: p[1].Y + 2.0/3*(p[0].Y-p[1].Y)}
					fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(c1.X), num(y(c1.Y)), num(c2.X), num(y(c2.Y)), num(p[1].X), num(y(p[1].Y)))
					cur = p[1]
				case scene.CubicTo:
					fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(p[0].X), num(y(p[0].Y)), num(p[1].X), num(y(p[1].Y)), num(p[2].X), num(y(p[2].Y)))
					cur = p[2]
				case scene.Close:
					b.WriteString("h\n")
				}
			}
			b.WriteString("f\nQ\n")
		case *scene.Image:
			if it.Opacity <= 0 || !(it.Box.W > 0 && it.Box.H > 0) {
				continue
			}
			d.images = append(d.images, it)
			b.WriteString("q\n")
			d.setOpacity(b, it.Opacity)
			fmt.Fprintf(b, "%s 0 0 %s %s %s cm /Im%d Do\nQ\n", num(it.Box.W), num(it.Box.H), num(it.Box.X), num(y(it.Box.Y+it.Box.H)), len(d.images))
		case *scene.GlyphRun:
			d.glyphRun(b, it, y)
		}
	}
}

func (d *doc) setOpacity(b *bytes.Buffer, op float64) {
	if op >= 1 {
		return
	}
	op = math.Round(op*1000) / 1000
	n, ok := d.gstates[op]
	if !ok {
		n = fmt.Sprintf("GS%d", len(d.gsOrder)+1)
		d.gstates[op] = n
		d.gsOrder = append(d.gsOrder, op)
	}
	fmt.Fprintf(b, "/%s gs\n", n)
}

// glyphRun writes one run as a text object, unit by unit in logical
// order (for a right-to-left run, the rightmost first), so that readers
// which follow the content stream and readers which sort glyphs by
// position both read the text in order. Units going forward on one
// baseline share a TJ array whose adjustments put each exactly where the
// scene says; any other move (backwards, or off the baseline for a mark
// drawn on its own) sets the text matrix.
func (d *doc) glyphRun(b *bytes.Buffer, gr *scene.GlyphRun, y func(float64) float64) {
	if len(gr.Glyphs) == 0 || gr.Fill.Opacity <= 0 || !(gr.Size > 0) {
		return
	}
	ef := d.byFont[gr.Font]
	b.WriteString("q\n")
	d.setOpacity(b, gr.Fill.Opacity)
	c := gr.Fill.Color
	fmt.Fprintf(b, "BT\n%s %s %s rg\n/%s %s Tf\n", num(float64(c.R)/255), num(float64(c.G)/255), num(float64(c.B)/255), ef.res, num(gr.Size))
	units := d.units[gr]
	if gr.RTL {
		units = slices.Clone(units)
		slices.Reverse(units)
	}
	var (
		inTJ       bool
		penX, penY float64 // where the next unit would go without adjustment
	)
	endTJ := func() {
		if inTJ {
			b.WriteString("]TJ\n")
			inTJ = false
		}
	}
	for _, u := range units {
		cid := ef.cid(u.unit)
		span := ef.cffFont && u.text != ef.text[cid]
		if span {
			endTJ()
			fmt.Fprintf(b, "/Span<</ActualText%s>>BDC\n", textString(u.text))
		}
		uy := y(u.y)
		dx := u.x - penX
		if !inTJ || math.Abs(uy-penY) > 1e-6 || dx < -1e-3 {
			endTJ()
			fmt.Fprintf(b, "1 0 0 1 %s %s Tm\n[", num(u.x), num(uy))
			inTJ = true
		} else if math.Abs(dx) > 5e-4 {
			// TJ numbers are thousandths of an em, subtracted from the pen.
			b.WriteString(num(-dx * 1000 / gr.Size))
		}
		fmt.Fprintf(b, "<%04X>", cid)
		penX, penY = u.x+ef.widths[cid]*gr.Size/1000, uy
		if span {
			endTJ()
			b.WriteString("EMC\n")
		}
	}
	endTJ()
	b.WriteString("ET\nQ\n")
}

// write assembles the file.
func (d *doc) write(out io.Writer, content []byte) error {
	ow := &d.ow
	ow.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	catalog, pages, page, contents, info, meta := ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc()
	s := d.scene

	var res strings.Builder
	res.WriteString("<<")
	if len(d.fonts) > 0 {
		res.WriteString("/Font<<")
		for _, ef := range d.fonts {
			n, err := d.writeFont(ef)
			if err != nil {
				return err
			}
			fmt.Fprintf(&res, "/%s %d 0 R", ef.res, n)
		}
		res.WriteString(">>")
	}
	if len(d.gsOrder) > 0 {
		res.WriteString("/ExtGState<<")
		for _, op := range d.gsOrder {
			n := ow.alloc()
			ow.obj(n, fmt.Sprintf("<</Type/ExtGState/ca %s/CA %s>>", num(op), num(op)))
			fmt.Fprintf(&res, "/%s %d 0 R", d.gstates[op], n)
		}
		res.WriteString(">>")
	}
	if len(d.images) > 0 {
		res.WriteString("/XObject<<")
		for i, im := range d.images {
			n, err := d.writeImage(im)
			if err != nil {
				return err
			}
			fmt.Fprintf(&res, "/Im%d %d 0 R", i+1, n)
		}
		res.WriteString(">>")
	}
	ocg := 0
	if len(s.Guides) > 0 {
		ocg = ow.alloc()
		name := s.GuidesName
		if name == "" {
			name = "Guides"
		}
		ow.obj(ocg, fmt.Sprintf("<</Type/OCG/Name%s/Intent/View/Usage<</Print<</PrintState/OFF>>/View<</ViewState/ON>>/Export<</ExportState/OFF>>>>>>", textString(name)))
		fmt.Fprintf(&res, "/Properties<</OC1 %d 0 R>>", ocg)
	}
	res.WriteString(">>")

	box := func(r scene.Rect) string {
		return fmt.Sprintf("[%s %s %s %s]", num(r.X), num(s.Height-r.Y-r.H), num(r.X+r.W), num(s.Height-r.Y))
	}
	ow.stream(contents, "", content, true)
	ow.obj(page, fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox[0 0 %s %s]/BleedBox%s/TrimBox%s/Resources%s/Contents %d 0 R>>",
		pages, num(s.Width), num(s.Height), box(s.Bleed), box(s.Trim), res.String(), contents))
	ow.obj(pages, fmt.Sprintf("<</Type/Pages/Kids[%d 0 R]/Count 1>>", page))
	lang := ""
	if s.Lang != "" {
		lang = "/Lang" + textString(s.Lang)
	}
	ocProps := ""
	if ocg != 0 {
		// On in viewers, off when printing (ISO 32000-1 8.11.4: the usage
		// application dictionaries make viewers apply the Print usage).
		ocProps = fmt.Sprintf("/OCProperties<</OCGs[%[1]d 0 R]/D<</Order[%[1]d 0 R]/ON[%[1]d 0 R]/AS[<</Event/View/OCGs[%[1]d 0 R]/Category[/View]>><</Event/Print/OCGs[%[1]d 0 R]/Category[/Print]>><</Event/Export/OCGs[%[1]d 0 R]/Category[/Export]>>]>>>>", ocg)
	}
	ow.obj(catalog, fmt.Sprintf("<</Type/Catalog/Pages %d 0 R/Metadata %d 0 R%s%s/ViewerPreferences<</DisplayDocTitle true>>>>", pages, meta, lang, ocProps))
	creator := d.opt.Creator
	if creator == "" {
		creator = "posterkit"
	}
	var infoDict strings.Builder
	fmt.Fprintf(&infoDict, "<</Title%s/Creator%s/Producer%s", textString(s.Title), textString(creator), textString(creator))
	if !d.opt.Date.IsZero() {
		t := d.opt.Date.UTC()
		fmt.Fprintf(&infoDict, "/CreationDate(D:%sZ)/ModDate(D:%sZ)", t.Format("20060102150405"), t.Format("20060102150405"))
	}
	infoDict.WriteString(">>")
	ow.obj(info, infoDict.String())
	ow.stream(meta, "/Type/Metadata/Subtype/XML", xmp(s.Title, s.Lang, creator, d.opt.Date), false)

	// Cross-reference table and trailer; the file ID is a hash of the body.
	xref := ow.buf.Len()
	fmt.Fprintf(&ow.buf, "xref\n0 %d\n0000000000 65535 f \n", len(ow.offsets)+1)
	for _, off := range ow.offsets {
		fmt.Fprintf(&ow.buf, "%010d 00000 n \n", off)
	}
	id := md5.Sum(ow.buf.Bytes())
	fmt.Fprintf(&ow.buf, "trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/ID[<%X><%X>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(ow.offsets)+1, catalog, info, id, id, xref)
	_, err := out.Write(ow.buf.Bytes())
	return err
}

// writeFont writes a Type0 font over a CIDFont, with its descriptor,
// embedded font file, widths and ToUnicode CMap; it returns the Type0 object.
func (d *doc) writeFont(ef *embeddedFont) (int, error) {
	ow := &d.ow
	type0, cidFont, desc, file, toUni := ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc(), ow.alloc()
	fi := ef.info
	base := name(ef.tag + "+" + fi.postScriptName)
	if ef.cffFont {
		base = name(fi.postScriptName) // embedded whole: no subset tag
	}
	scale := 1000 / fi.upem
	ow.obj(type0, fmt.Sprintf("<</Type/Font/Subtype/Type0/BaseFont/%s/Encoding/Identity-H/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>", base, cidFont, toUni))
	sub, fileKey := "CIDFontType2", "FontFile2"
	var extra string
	if ef.cffFont {
		sub, fileKey = "CIDFontType0", "FontFile3"
	} else {
		m := ow.alloc()
		cidToGID := make([]byte, 2*len(ef.gidOf))
		for cid, gid := range ef.gidOf {
			binary.BigEndian.PutUint16(cidToGID[2*cid:], gid)
		}
		ow.stream(m, "", cidToGID, true)
		extra = fmt.Sprintf("/CIDToGIDMap %d 0 R", m)
	}
	ow.obj(cidFont, fmt.Sprintf("<</Type/Font/Subtype/%s/BaseFont/%s/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor %d 0 R/DW 0/W%s%s>>",
		sub, base, desc, widthsArray(ef.widths), extra))
	// Flags: 4 (symbolic: glyphs outside the standard Latin set).
	ow.obj(desc, fmt.Sprintf("<</Type/FontDescriptor/FontName/%s/Flags 4/FontBBox[%s %s %s %s]/ItalicAngle %s/Ascent %s/Descent %s/CapHeight %s/StemV 80/%s %d 0 R>>",
		base, num(float64(fi.bbox[0])*scale), num(float64(fi.bbox[1])*scale), num(float64(fi.bbox[2])*scale), num(float64(fi.bbox[3])*scale),
		num(fi.italicAngle), num(float64(fi.ascent)*scale), num(float64(fi.descent)*scale), num(float64(fi.capHeight)*scale), fileKey, file))
	if ef.cffFont {
		ow.stream(file, "/Subtype/OpenType", ef.data, true)
	} else {
		ow.stream(file, fmt.Sprintf("/Length1 %d", len(ef.data)), ef.data, true)
	}
	ow.stream(toUni, "", toUnicodeCMap(ef.text), true)
	return type0, nil
}

// widthsArray writes the W array: runs of consecutive CIDs.
func widthsArray(w map[uint16]float64) string {
	cids := make([]int, 0, len(w))
	for c := range w {
		cids = append(cids, int(c))
	}
	sort.Ints(cids)
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < len(cids); {
		j := i
		for j+1 < len(cids) && cids[j+1] == cids[j]+1 {
			j++
		}
		fmt.Fprintf(&b, "%d[", cids[i])
		for k := i; k <= j; k++ {
			if k > i {
				b.WriteString(" ")
			}
			b.WriteString(num(w[uint16(cids[k])]))
		}
		b.WriteString("]")
		i = j + 1
	}
	b.WriteString("]")
	return b.String()
}

// toUnicodeCMap maps CIDs to their text (ISO 32000-1 9.10.3).
func toUnicodeCMap(text map[uint16]string) []byte {
	cids := make([]int, 0, len(text))
	for c := range text {
		cids = append(cids, int(c))
	}
	sort.Ints(cids)
	var b bytes.Buffer
	b.WriteString("/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
	for i := 0; i < len(cids); i += 100 {
		chunk := cids[i:min(i+100, len(cids))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, c := range chunk {
			fmt.Fprintf(&b, "<%04X><%s>\n", c, utf16Hex(text[uint16(c)]))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// writeImage writes an image XObject (and its soft mask) and returns it.
func (d *doc) writeImage(im *scene.Image) (int, error) {
	ow := &d.ow
	n := ow.alloc()
	if im.Format == "jpeg" {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(im.Data))
		if err != nil {
			return 0, fmt.Errorf("pdf: image %s: %w", im.Name, err)
		}
		cs, decode := "/DeviceRGB", ""
		switch cfg.ColorModel {
		case color.GrayModel:
			cs = "/DeviceGray"
		case color.CMYKModel:
			// Adobe's CMYK JPEGs store inverted values.
			cs, decode = "/DeviceCMYK", "/Decode[1 0 1 0 1 0 1 0]"
		}
		ow.stream(n, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace%s/BitsPerComponent 8%s/Filter/DCTDecode",
			cfg.Width, cfg.Height, cs, decode), im.Data, false)
		return n, nil
	}
	img, err := png.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return 0, fmt.Errorf("pdf: image %s: %w", im.Name, err)
	}
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	// Non-premultiplied samples, as PDF images with a soft mask want them.
	nrgba, ok := img.(*image.NRGBA)
	if !ok || nrgba.Stride != 4*w {
		nrgba = image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.Draw(nrgba, nrgba.Bounds(), img, r.Min, draw.Src)
	}
	rgb := make([]byte, 0, w*h*3)
	alpha := make([]byte, 0, w*h)
	opaque := true
	for i := 0; i+3 < len(nrgba.Pix); i += 4 {
		p := nrgba.Pix[i : i+4 : i+4]
		rgb = append(rgb, p[0], p[1], p[2])
		alpha = append(alpha, p[3])
		opaque = opaque && p[3] == 255
	}
	smask := ""
	if !opaque {
		m := ow.alloc()
		ow.stream(m, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8", w, h), alpha, true)
		smask = fmt.Sprintf("/SMask %d 0 R", m)
	}
	ow.stream(n, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB/BitsPerComponent 8%s", w, h, smask), rgb, true)
	return n, nil
}

// xmp returns the document's XMP metadata packet.
func xmp(title, lang, creator string, date time.Time) []byte {
	esc := func(s string) string {
		r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
		return r.Replace(s)
	}
	if lang == "" {
		lang = "x-default"
	}
	dates := ""
	if !date.IsZero() {
		t := date.UTC().Format("2006-01-02T15:04:05Z")
		dates = fmt.Sprintf("\n   <xmp:CreateDate>%s</xmp:CreateDate>\n   <xmp:ModifyDate>%s</xmp:ModifyDate>", t, t)
	}
	return []byte(fmt.Sprintf(`<?xpacket begin="%s" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>%s</xmp:CreatorTool>
   <pdf:Producer>%s</pdf:Producer>%s
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`, "\ufeff", esc(title), esc(lang), esc(creator), esc(creator), dates))
}
