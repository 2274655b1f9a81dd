package pdf

import (
	"crypto/md5"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"time"

	"posterkit/render/scene"
)

// write assembles the file.
func (d *doc) write(out io.Writer, content []byte) error {
	ow := &d.ow
	version := "1.7"
	if d.opt.PDFX != nil {
		version = "1.6" // PDF/X-4 is based on PDF 1.6 (ISO 15930-7, 6.1)
	}
	ow.buf.WriteString("%PDF-" + version + "\n%\xe2\xe3\xcf\xd3\n")
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
		for _, gs := range d.gsOrder {
			n := ow.alloc()
			op := ""
			if gs.overprint {
				// Overprint mode 1: a CMYK component of 0 leaves the
				// plate below as it is (ISO 32000-1 8.6.7).
				op = "/OP true/op true/OPM 1"
			}
			ow.obj(n, fmt.Sprintf("<</Type/ExtGState/ca %s/CA %s%s>>", num(gs.opacity), num(gs.opacity), op))
			fmt.Fprintf(&res, "/%s %d 0 R", d.gstates[gs], n)
		}
		res.WriteString(">>")
	}
	if len(d.spots) > 0 {
		res.WriteString("/ColorSpace<<")
		for i, ink := range d.spots {
			n := ow.alloc()
			// The tint transform maps tint t to the alternate's CMYK
			// linearly: C0 + t·(C1 − C0) (a type 2 function, N = 1).
			ow.obj(n, fmt.Sprintf("[/Separation/%s/DeviceCMYK<</FunctionType 2/Domain[0 1]/C0[0 0 0 0]/C1[%s %s %s %s]/N 1>>]",
				name(ink.Name), num(ink.C), num(ink.M), num(ink.Y), num(ink.K)))
			fmt.Fprintf(&res, "/CS%d %d 0 R", i+1, n)
		}
		res.WriteString(">>")
	}
	resNo := 0 // the resources as an object of their own, when forms share them
	if len(d.vec.forms) > 0 {
		resNo = ow.alloc()
	}
	d.writePatterns(&res)
	if len(d.images) > 0 || len(d.vec.forms) > 0 {
		res.WriteString("/XObject<<")
		d.writeForms(&res, resNo)
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
	resources := res.String()
	if resNo != 0 {
		ow.obj(resNo, resources)
		resources = fmt.Sprintf(" %d 0 R", resNo)
	}

	box := func(r scene.Rect) string {
		return fmt.Sprintf("[%s %s %s %s]", num(r.X), num(s.Height-r.Y-r.H), num(r.X+r.W), num(s.Height-r.Y))
	}
	ow.stream(contents, "", content, true)
	group := ""
	if d.opt.CMYK && d.transparent() {
		// Transparency blends in the group's colour space: a CMYK file
		// must not leave that to the viewer's default RGB.
		group = "/Group<</Type/Group/S/Transparency/CS/DeviceCMYK>>"
	}
	structure, pageTags := d.writeStructure(page)
	ow.obj(page, fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox[0 0 %s %s]/BleedBox%s/TrimBox%s%s/Resources%s/Contents %d 0 R%s>>",
		pages, num(s.Width), num(s.Height), box(s.Bleed), box(s.Trim), group, resources, contents, pageTags))
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
	intents := ""
	if x := d.opt.PDFX; x != nil {
		icc := ow.alloc()
		ow.stream(icc, "/N 4", x.Profile, true)
		intents = fmt.Sprintf("/OutputIntents[<</Type/OutputIntent/S/GTS_PDFX/OutputConditionIdentifier%s/RegistryName%s/Info%s/DestOutputProfile %d 0 R>>]",
			textString(x.Condition), textString(x.Registry), textString(x.Info), icc)
	}
	ow.obj(catalog, fmt.Sprintf("<</Type/Catalog/Pages %d 0 R/Metadata %d 0 R%s%s%s%s/ViewerPreferences<</DisplayDocTitle true>>>>", pages, meta, lang, ocProps, intents, structure))
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
	var docID string
	if d.opt.PDFX != nil {
		infoDict.WriteString("/GTS_PDFXVersion(PDF/X-4)/Trapped/False")
		// The document ID is derived from the content, so the same scene
		// gives the same file (xmpMM:DocumentID, and InstanceID equal:
		// every rendering of the same content is the same instance).
		docID = contentUUID(content, s.Title, s.Lang)
	}
	infoDict.WriteString(">>")
	ow.obj(info, infoDict.String())
	ow.stream(meta, "/Type/Metadata/Subtype/XML", xmp(s.Title, s.Lang, creator, d.opt.Date, docID), false)

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

// xmp returns the document's XMP metadata packet.
// xmp returns the document's XMP metadata packet; with docID set, with
// PDF/X-4's identification (ISO 15930-7, 6.7.2), consistent with the Info
// dictionary.
func xmp(title, lang, creator string, date time.Time, docID string) []byte {
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
		if docID != "" {
			dates += fmt.Sprintf("\n   <xmp:MetadataDate>%s</xmp:MetadataDate>", t)
		}
	}
	ns, pdfx := "", ""
	if docID != "" {
		ns = `
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"`
		pdfx = fmt.Sprintf(`
   <pdf:Trapped>False</pdf:Trapped>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
   <xmpMM:DocumentID>uuid:%[1]s</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:%[1]s</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>`, docID)
	}
	return []byte(fmt.Sprintf(`<?xpacket begin="%s" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"%s>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>%s</xmp:CreatorTool>
   <pdf:Producer>%s</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>%s%s
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`, "\ufeff", ns, esc(title), esc(lang), esc(creator), esc(creator), dates, pdfx))
}

// contentUUID is a UUID (version 5 layout, RFC 9562) derived from what
// the page shows, for xmpMM:DocumentID: the same content gives the same
// ID, as the byte-identical output requires.
func contentUUID(content []byte, title, lang string) string {
	h := sha256.New()
	h.Write(content)
	fmt.Fprintf(h, "\x00%s\x00%s", title, lang)
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// transparent reports whether the page uses transparency: an opacity
// below 1 or an image with a soft mask.
func (d *doc) transparent() bool {
	for _, gs := range d.gsOrder {
		if gs.opacity < 1 {
			return true
		}
	}
	return d.softMasks > 0
}
