package preflight

import (
	"fmt"
	"regexp"
	"strings"
)

// maxXMPBytes bounds the XMP packet searched: real packets are a few
// kilobytes plus padding.
const maxXMPBytes = 4 << 20

// outputIntents returns the catalog's output intents.
func (c *checker) outputIntents() []dict {
	root := c.f.dict(c.f.trailer["Root"])
	a, _ := c.f.resolve(root["OutputIntents"]).(array)
	var out []dict
	for i, o := range a {
		if i >= 64 { // a file has one or two (PDF/X and PDF/A)
			break
		}
		if d := c.f.dict(o); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// iccHeader is what preflight reads of an ICC profile's 128-byte header
// (ICC.1:2022 §7.2): bytes 8–11 version, 12–15 device class, 16–19 colour space.
type iccHeader struct {
	major, minor byte
	class, space string
}

func (c *checker) profile(intent dict) (*stream, *iccHeader, error) {
	s, ok := c.f.resolve(intent["DestOutputProfile"]).(*stream)
	if !ok {
		return nil, nil, nil
	}
	b, err := c.f.decode(s)
	if err != nil {
		return s, nil, err
	}
	if len(b) < 128 {
		return s, nil, fmt.Errorf("the profile is %d bytes, shorter than an ICC header", len(b))
	}
	return s, &iccHeader{major: b[8], minor: b[9] >> 4, class: string(b[12:16]), space: strings.TrimSpace(string(b[16:20]))}, nil
}

// mode decides the colour mode: CMYK when an output intent's profile is a
// CMYK one, or when the caller says so.
func (c *checker) mode() {
	for _, oi := range c.outputIntents() {
		s, h, _ := c.profile(oi)
		if s == nil {
			continue
		}
		if n, _ := c.f.resolve(s.dict["N"]).(int64); n == 4 || (h != nil && h.space == "CMYK") {
			c.cmyk = true
		}
	}
	if c.opt.CMYK {
		c.cmyk = true
	}
	if c.cmyk {
		c.rep.Mode = "CMYK"
	}
}

func (c *checker) info() dict { return c.f.dict(c.f.trailer["Info"]) }

func (c *checker) xmp() string {
	root := c.f.dict(c.f.trailer["Root"])
	s, ok := c.f.resolve(root["Metadata"]).(*stream)
	if !ok {
		return ""
	}
	b, err := c.f.decode(s)
	if err != nil {
		return ""
	}
	if len(b) > maxXMPBytes {
		b = b[:maxXMPBytes]
	}
	return string(b)
}

// xmpProp finds a simple XMP property, written as an attribute
// (pdfxid:GTS_PDFXVersion="PDF/X-4") or an element, whose text is taken
// with any nested rdf:Alt/rdf:li tags removed. This is a search, not an
// RDF parser: it reads what writers produce.
func xmpProp(x, prop string) (string, bool) {
	q := regexp.QuoteMeta(prop)
	if m := regexp.MustCompile(q + `\s*=\s*"([^"]*)"`).FindStringSubmatch(x); m != nil {
		return xmlText(m[1]), true
	}
	if m := regexp.MustCompile(q + `\s*=\s*'([^']*)'`).FindStringSubmatch(x); m != nil {
		return xmlText(m[1]), true
	}
	if m := regexp.MustCompile(`(?s)<` + q + `(?:\s[^>]*)?>(.*?)</` + q + `\s*>`).FindStringSubmatch(x); m != nil {
		inner := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], "")
		return xmlText(strings.TrimSpace(inner)), true
	}
	return "", false
}

func xmlText(s string) string {
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&")
	return r.Replace(s)
}

// pdfxClaim notes whether the file claims PDF/X, in Info or XMP.
func (c *checker) pdfxClaim() {
	if v, ok := text(c.f.resolve(c.info()["GTS_PDFXVersion"])); ok && v != "" {
		c.rep.PDFX = v
	}
	if v, ok := xmpProp(c.xmp(), "pdfxid:GTS_PDFXVersion"); ok && v != "" {
		c.rep.PDFX = v
	}
	c.pdfx = c.rep.PDFX != ""
}

func (c *checker) checkPDFX(pages []*page) {
	if !c.pdfx {
		c.add(Pass, CheckPDFX, 0, "", "the file does not claim PDF/X (no GTS_PDFXVersion): the PDF/X checks are skipped")
		return
	}
	before := c.rep.Fail
	fails := 0
	fail := func(page int, obj, msg string) {
		c.add(Fail, CheckPDFX, page, obj, msg)
		fails++
	}
	claim := c.rep.PDFX
	_ = before
	x4 := strings.HasPrefix(claim, "PDF/X-4")
	if !x4 {
		c.add(Warn, CheckPDFX, 0, "", fmt.Sprintf("the file claims %q; preflight checks the PDF/X-4 rules", claim))
	}

	// File version: X-4 is based on PDF 1.6 (ISO 15930-7 §6.1).
	version := c.f.version
	if v, ok := c.f.resolve(c.f.dict(c.f.trailer["Root"])["Version"]).(name); ok && string(v) > version {
		version = string(v)
	}
	if x4 && version < "1.6" {
		fail(0, "", fmt.Sprintf("PDF/X-4 needs PDF 1.6 or later; the file is PDF %s", version))
	}

	// Metadata: the version in XMP and Info, and they must agree.
	x := c.xmp()
	xv, inXMP := xmpProp(x, "pdfxid:GTS_PDFXVersion")
	iv, inInfo := text(c.f.resolve(c.info()["GTS_PDFXVersion"]))
	switch {
	case x == "":
		fail(0, "", "the document has no XMP metadata (catalog /Metadata): PDF/X-4 declares itself there")
	case !inXMP:
		fail(0, "", "the XMP metadata has no pdfxid:GTS_PDFXVersion")
	}
	if inXMP && inInfo && xv != iv {
		fail(0, "Info", fmt.Sprintf("GTS_PDFXVersion is %q in the Info dictionary but %q in the XMP metadata", iv, xv))
	}
	if !inInfo && x4 {
		c.add(Warn, CheckPDFX, 0, "Info", "the Info dictionary has no GTS_PDFXVersion; older RIPs look for it there")
	}

	// Trapped: True or False, never Unknown, and the same in both places.
	it, _ := c.f.resolve(c.info()["Trapped"]).(name)
	xt, hasXT := xmpProp(x, "pdf:Trapped")
	if it != "True" && it != "False" {
		fail(0, "Info", "Trapped must be /True or /False in the Info dictionary (it tells the print shop whether to trap)")
	}
	if x != "" && (!hasXT || (xt != "True" && xt != "False")) {
		fail(0, "XMP", "pdf:Trapped must be True or False in the XMP metadata")
	} else if hasXT && (it == "True" || it == "False") && xt != string(it) {
		fail(0, "", fmt.Sprintf("Trapped is %s in the Info dictionary but %s in the XMP metadata", it, xt))
	}

	// Title and dates.
	title, hasTitle := text(c.f.resolve(c.info()["Title"]))
	xtitle, hasXTitle := xmpProp(x, "dc:title")
	if (!hasTitle || title == "") && (!hasXTitle || xtitle == "") {
		fail(0, "", "the document has no title (Info /Title, XMP dc:title)")
	} else if x != "" && (!hasXTitle || xtitle == "") {
		fail(0, "XMP", "the XMP metadata has no dc:title")
	} else if hasTitle && hasXTitle && title != xtitle {
		c.add(Warn, CheckPDFX, 0, "", fmt.Sprintf("the title is %q in the Info dictionary but %q in the XMP metadata", title, xtitle))
	}
	for _, k := range []name{"CreationDate", "ModDate"} {
		if s, ok := text(c.f.resolve(c.info()[k])); !ok || s == "" {
			fail(0, "Info", fmt.Sprintf("the Info dictionary has no %s", k))
		}
	}
	for _, k := range []string{"xmpMM:DocumentID", "xmpMM:InstanceID"} {
		if x != "" {
			if v, ok := xmpProp(x, k); !ok || v == "" {
				c.add(Warn, CheckPDFX, 0, "XMP", fmt.Sprintf("the XMP metadata has no %s", k))
			}
		}
	}

	// Output intent: exactly one GTS_PDFX, with an identifier and an
	// embedded CMYK printer profile.
	var pdfx []dict
	for _, oi := range c.outputIntents() {
		if c.f.resolve(oi["S"]) == name("GTS_PDFX") {
			pdfx = append(pdfx, oi)
		}
	}
	switch {
	case len(pdfx) == 0:
		fail(0, "OutputIntents", "no PDF/X output intent (/S /GTS_PDFX): the file does not say which printing condition it was made for")
	case len(pdfx) > 1:
		fail(0, "OutputIntents", fmt.Sprintf("%d PDF/X output intents; there must be exactly one", len(pdfx)))
	}
	if len(pdfx) > 0 {
		oi := pdfx[0]
		if s, ok := text(c.f.resolve(oi["OutputConditionIdentifier"])); !ok || s == "" {
			fail(0, "OutputIntents", "the output intent has no OutputConditionIdentifier (the printing condition, e.g. FOGRA39)")
		}
		if _, ok := text(c.f.resolve(oi["RegistryName"])); !ok {
			c.add(Warn, CheckPDFX, 0, "OutputIntents", "the output intent has no RegistryName (e.g. http://www.color.org): a custom condition is only known by its embedded profile")
		}
		s, h, err := c.profile(oi)
		switch {
		case s == nil && oi["DestOutputProfileRef"] != nil:
			c.add(Warn, CheckPDFX, 0, "OutputIntents", "the output profile is referenced, not embedded (PDF/X-4p): the print shop must have it")
		case s == nil:
			fail(0, "OutputIntents", "the output intent has no embedded DestOutputProfile (ICC profile)")
		case err != nil:
			fail(0, s.ref.String(), "the output profile cannot be read: "+err.Error())
		default:
			if h.class != "prtr" {
				fail(0, s.ref.String(), fmt.Sprintf("the output profile is a %q profile, not an output device (prtr) profile", h.class))
			}
			if h.space != "CMYK" {
				fail(0, s.ref.String(), fmt.Sprintf("the output profile's colour space is %q, not CMYK", h.space))
			}
			if h.major != 2 && !(h.major == 4 && h.minor <= 2) {
				fail(0, s.ref.String(), fmt.Sprintf("the output profile is ICC version %d.%d; PDF/X-4 allows v2 and v4 up to 4.2", h.major, h.minor))
			}
		}
	}

	// No encryption (checked first: an encrypted file is not read), no
	// actions, no forms, no embedded files.
	root := c.f.dict(c.f.trailer["Root"])
	if root["OpenAction"] != nil {
		fail(0, "Catalog", "the document has an OpenAction (an action run on opening): PDF/X forbids actions")
	}
	if root["AA"] != nil {
		fail(0, "Catalog", "the document has additional actions (/AA): PDF/X forbids actions")
	}
	if root["AcroForm"] != nil {
		fail(0, "Catalog", "the document has form fields (/AcroForm): PDF/X forbids interactive forms")
	}
	names := c.f.dict(root["Names"])
	if names["JavaScript"] != nil {
		fail(0, "Catalog", "the document has JavaScript: PDF/X forbids it")
	}
	if names["EmbeddedFiles"] != nil {
		fail(0, "Catalog", "the document has embedded (attached) files: PDF/X forbids them")
	}
	trims := 0
	for i, p := range pages {
		n := i + 1
		if p.trim != nil {
			trims++
		}
		if p.d["AA"] != nil {
			fail(n, p.ref.String(), "the page has additional actions (/AA): PDF/X forbids actions")
		}
		bleed, ok := p.bleedOf()
		for _, a := range c.annots(p) {
			sub, _ := c.f.resolve(a["Subtype"]).(name)
			if a["A"] != nil && sub != "Link" {
				fail(n, "annotation /"+string(sub), "the annotation runs an action: PDF/X forbids actions")
			}
			if sub == "PrinterMark" || sub == "TrapNet" {
				continue
			}
			r := c.rect(a["Rect"])
			if ok && r != nil && bleed.intersects(*r) {
				fail(n, "annotation /"+string(sub), fmt.Sprintf("an annotation (/%s) lies inside the bleed area: PDF/X allows annotations only outside it", sub))
			}
		}
	}
	if trims < len(pages) {
		fail(0, "", fmt.Sprintf("%d of %d pages have no TrimBox: PDF/X requires one on every page", len(pages)-trims, len(pages)))
	}
	if fails == 0 {
		c.add(Pass, CheckPDFX, 0, "", fmt.Sprintf("%s keys are consistent: version, output intent and profile, Trapped, title and dates, no actions or forms", claim))
	}
}

func (c *checker) colourSummary() {
	if c.cmyk {
		for _, f := range c.rep.Findings {
			if f.Check == CheckColour && f.Status == Fail {
				return
			}
		}
		why := "the output intent's profile is CMYK"
		if c.opt.CMYK {
			why = "checked as CMYK (--cmyk)"
		}
		c.add(Pass, CheckColour, 0, "", "CMYK file ("+why+"): no RGB colour found")
		return
	}
	msg := "RGB file (no CMYK output intent): RGB colour is allowed; the print shop converts it to CMYK"
	if c.rgbUses > 0 {
		msg += fmt.Sprintf(" (%d uses of RGB)", c.rgbUses)
	}
	c.add(Pass, CheckColour, 0, "", msg+"; use --cmyk to check it as a CMYK file")
}
