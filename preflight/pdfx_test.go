package preflight

import (
	"strings"
	"testing"
)

// pdfx4 is a minimal PDF/X-4 document; each replacement (old → new) in
// edits breaks one rule.
func pdfx4(edits ...string) []byte {
	xmp := `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 pdfxid:GTS_PDFXVersion="PDF/X-4" pdf:Trapped="False">
<xmpMM:DocumentID>uuid:1</xmpMM:DocumentID><xmpMM:InstanceID>uuid:2</xmpMM:InstanceID>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Poster</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R/Metadata 8 0 R/OutputIntents[<</Type/OutputIntent/S/GTS_PDFX/OutputConditionIdentifier(FOGRA39)/RegistryName(http://www.color.org)/DestOutputProfile 6 0 R>>]>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R" + boxes + "/Resources 5 0 R/Contents 4 0 R>>",
		streamObj("", "0 0 0 1 k 17 17 578 758 re f"),
		"<<>>",
		streamObj("/N 4", iccHeaderBytes("prtr", "CMYK", 2)),
		"<</Title(Poster)/GTS_PDFXVersion(PDF/X-4)/Trapped/False/CreationDate(D:20260101000000Z)/ModDate(D:20260101000000Z)>>",
		streamObj("/Type/Metadata/Subtype/XML", xmp),
	}
	header := "%PDF-1.6"
edit:
	for i := 0; i+1 < len(edits); i += 2 {
		if edits[i] == header {
			header = edits[i+1]
			continue
		}
		for k := range objs {
			if strings.Contains(objs[k], edits[i]) {
				objs[k] = strings.Replace(objs[k], edits[i], edits[i+1], 1)
				continue edit
			}
		}
		panic("pdfx4: no " + edits[i])
	}
	for k := range objs { // the edits may change a stream's length
		if i := strings.Index(objs[k], ">>stream\n"); i >= 0 && strings.Contains(objs[k][:i], "/Length") {
			data := strings.TrimSuffix(objs[k][i+len(">>stream\n"):], "\nendstream")
			d := objs[k][2:strings.LastIndex(objs[k][:i], "/Length")]
			objs[k] = streamObj(d, data)
		}
	}
	return []byte(strings.Replace(string(buildPDF("/Info 7 0 R", objs...)), "%PDF-1.7", header, 1))
}

func TestPDFX(t *testing.T) {
	tests := []struct {
		name  string
		edits []string
		want  want
	}{
		{"ConformingFilePasses", nil, want{Pass, CheckPDFX, "PDF/X-4 keys are consistent"}},
		{"OldVersionFails", []string{"%PDF-1.6", "%PDF-1.4"}, want{Fail, CheckPDFX, "PDF/X-4 needs PDF 1.6 or later; the file is PDF 1.4"}},
		{"TrappedUnknownFails", []string{"/Trapped/False", "/Trapped/Unknwn"}, want{Fail, CheckPDFX, "Trapped must be /True or /False in the Info"}},
		{"TrappedDisagreesFails", []string{`pdf:Trapped="False"`, `pdf:Trapped="True"`}, want{Fail, CheckPDFX, "Trapped is False in the Info dictionary but True in the XMP"}},
		{"VersionsDisagreeFail", []string{"/GTS_PDFXVersion(PDF/X-4)", "/GTS_PDFXVersion(PDF/X-3)"}, want{Fail, CheckPDFX, `GTS_PDFXVersion is "PDF/X-3" in the Info dictionary but "PDF/X-4" in the XMP`}},
		{"NoXMPTitleFails", []string{`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Poster</rdf:li></rdf:Alt></dc:title>`, ""}, want{Fail, CheckPDFX, "the XMP metadata has no dc:title"}},
		{"NoModDateFails", []string{"/ModDate(D:20260101000000Z)", "/ModDat_(D:20260101000000Z)"}, want{Fail, CheckPDFX, "no ModDate"}},
		{"NoIdentifierFails", []string{"/OutputConditionIdentifier(FOGRA39)", "/OutputConditionIdentifie_(FOGRA39)"}, want{Fail, CheckPDFX, "no OutputConditionIdentifier"}},
		{"MonitorProfileFails", []string{"prtr", "mntr"}, want{Fail, CheckPDFX, `a "mntr" profile, not an output device (prtr) profile`}},
		{"RGBProfileFails", []string{"CMYK\x00", "RGB \x00"}, want{Fail, CheckPDFX, `colour space is "RGB", not CMYK`}},
		{"ProfileVersion5Fails", []string{"\x00\x00\x00\x00\x00\x00\x00\x00\x02", "\x00\x00\x00\x00\x00\x00\x00\x00\x05"}, want{Fail, CheckPDFX, "ICC version 5.0"}},
		{"OpenActionFails", []string{"/Metadata 8 0 R", "/Metadata 8 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>"}, want{Fail, CheckPDFX, "OpenAction"}},
		{"AcroFormFails", []string{"/Metadata 8 0 R", "/Metadata 8 0 R/AcroForm<</Fields[]>>"}, want{Fail, CheckPDFX, "AcroForm"}},
		{"AnnotationInsideBleedFails", []string{"/Resources 5 0 R", "/Annots[<</Subtype/Link/Rect[100 100 200 200]>>]/Resources 5 0 R"}, want{Fail, CheckPDFX, "inside the bleed area"}},
		{"NoTrimBoxFails", []string{"/TrimBox[17 17 595 775]", "/ArtBox[17 17 595 775]"}, want{Fail, CheckPDFX, "1 of 1 pages have no TrimBox"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := Check("x4.pdf", pdfx4(tc.edits...), noGS)
			if !has(rep, tc.want) {
				t.Errorf("no %s %q:%s", tc.want.status, tc.want.words, dump(rep))
			}
			if rep.PDFX == "" || rep.Mode != "CMYK" {
				t.Errorf("PDFX %q mode %s", rep.PDFX, rep.Mode)
			}
			for _, f := range rep.Findings {
				if f.Check == CheckFile && f.Status != Pass {
					t.Errorf("the test file is damaged: %s", f)
				}
			}
			if tc.edits == nil && !rep.OK {
				t.Errorf("the conforming file fails:%s", dump(rep))
			}
		})
	}
}
