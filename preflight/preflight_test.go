package preflight

import (
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// buildPDF writes objects 1…n (object 1 the catalog) with a correct
// classic cross-reference table; trailer holds extra trailer keys.
func buildPDF(trailer string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.Bytes()
}

func streamObj(dict, data string) string {
	return fmt.Sprintf("<<%s/Length %d>>stream\n%s\nendstream", dict, len(data), data)
}

// A letter page, trimmed 6 mm (17 pt) inside a 3 mm bleed.
const (
	media = "/MediaBox[0 0 612 792]"
	boxes = media + "/BleedBox[8.5 8.5 603.5 783.5]/TrimBox[17 17 595 775]"
)

// onePage is a document whose page has the attributes attrs, draws
// content with resources res; extra objects are numbers 6 on.
func onePage(attrs, content, res string, extra ...string) []byte {
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R" + attrs + "/Resources 5 0 R/Contents 4 0 R>>",
		streamObj("", content),
		res,
	}
	return buildPDF("", append(objs, extra...)...)
}

func gray(w, h int) string {
	return streamObj(fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8", w, h), strings.Repeat("\x80", w*h))
}

func rgbImage(w, h int) string {
	return streamObj(fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB/BitsPerComponent 8", w, h), strings.Repeat("\x80", 3*w*h))
}

// noGS skips the ink check, which has tests of its own.
var noGS = Options{Ghostscript: "-"}

// want is a finding a case expects: its status and check, and words of its
// message.
type want struct {
	status Status
	check  string
	words  string
}

func has(rep Report, w want) bool {
	for _, f := range rep.Findings {
		if f.Status == w.status && f.Check == w.check && strings.Contains(f.Message, w.words) {
			return true
		}
	}
	return false
}

func dump(rep Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("\n  " + f.String())
	}
	return b.String()
}

func TestFindings(t *testing.T) {
	cmyk := Options{Ghostscript: "-", CMYK: true}
	// 100 mm is 283.465 pt.
	tests := []struct {
		name   string
		pdf    []byte
		opt    Options
		want   []want
		notOK  bool // a failure is expected
		absent []want
	}{
		{"CleanCMYKPagePasses", onePage(boxes, "0 0 0 1 k 17 17 578 758 re f", "<<>>"), cmyk,
			[]want{{Pass, CheckBoxes, "trimmed size 203.9 × 267.4 mm, bleed 3.0 mm"}, {Pass, CheckColour, "no RGB colour"}, {Pass, CheckFonts, "no fonts"}}, false, nil},
		{"LowResolutionImageFails", onePage(boxes, "q 283.465 0 0 283.465 100 100 cm /Im1 Do Q", "<</XObject<</Im1 6 0 R>>>>", gray(10, 10)), noGS,
			[]want{{Fail, CheckImages, "10 × 10 pixels placed at 100.0 × 100.0 mm: 3 × 3 ppi"}}, true, nil},
		{"ImageAt200PPIWarns", onePage(boxes, "q 72 0 0 36 100 100 cm /Im1 Do Q", "<</XObject<</Im1 6 0 R>>>>", gray(200, 100)), noGS,
			[]want{{Warn, CheckImages, "200 × 200 ppi"}}, false, nil},
		{"ImageInScaledFormAt300PPIPasses", onePage(boxes, "q 2 0 0 2 0 0 cm /Fm1 Do Q", "<</XObject<</Fm1 7 0 R>>>>",
			gray(600, 600), streamObj("/Type/XObject/Subtype/Form/BBox[0 0 100 100]/Matrix[0.5 0 0 0.5 0 0]/Resources<</XObject<</Im1 6 0 R>>>>", "q 144 0 0 144 0 0 cm /Im1 Do Q")), noGS,
			[]want{{Pass, CheckImages, "600 × 600 pixels placed at 50.8 × 50.8 mm: 300 × 300 ppi"}}, false, nil},
		{"MissingTrimBoxFails", onePage(media, "", "<<>>"), noGS,
			[]want{{Fail, CheckBoxes, "no TrimBox"}}, true, nil},
		{"TrimOutsideBleedFails", onePage(media+"/BleedBox[8.5 8.5 603.5 783.5]/TrimBox[0 0 612 792]", "", "<<>>"), noGS,
			[]want{{Fail, CheckBoxes, "TrimBox [0 0 612 792] reaches outside the BleedBox"}}, true, nil},
		{"BleedOutsideMediaFails", onePage("/MediaBox[0 0 600 780]/BleedBox[-3 -3 603 783]/TrimBox[17 17 595 775]", "", "<<>>"), noGS,
			[]want{{Fail, CheckBoxes, "BleedBox [-3 -3 603 783] reaches outside the page"}}, true, nil},
		{"NoBleedWarns", onePage(media+"/TrimBox[0 0 612 792]", "", "<<>>"), noGS,
			[]want{{Warn, CheckBoxes, "no bleed"}}, false, nil},
		{"RGBImageUnderCMYKFails", onePage(boxes, "q 72 0 0 72 100 100 cm /Im1 Do Q", "<</XObject<</Im1 6 0 R>>>>", rgbImage(300, 300)), cmyk,
			[]want{{Fail, CheckColour, "the image is DeviceRGB in a CMYK file"}}, true, nil},
		{"RGBImageInRGBModePasses", onePage(boxes, "q 72 0 0 72 100 100 cm /Im1 Do Q", "<</XObject<</Im1 6 0 R>>>>", rgbImage(300, 300)), noGS,
			[]want{{Pass, CheckColour, "RGB file"}}, false, nil},
		{"RGBOperatorUnderCMYKFails", onePage(boxes, "1 0 0 rg 100 100 50 50 re f", "<<>>"), cmyk,
			[]want{{Fail, CheckColour, "rg operator is DeviceRGB"}}, true, nil},
		{"ICCBasedRGBColourSpaceFails", onePage(boxes, "/CS0 cs 1 0 0 sc 100 100 50 50 re f", "<</ColorSpace<</CS0[/ICCBased 6 0 R]>>>>", streamObj("/N 3", "icc")), cmyk,
			[]want{{Fail, CheckColour, "ICCBased RGB (6 0 R)"}}, true, nil},
		{"IndexedOnRGBFails", onePage(boxes, "q 72 0 0 72 100 100 cm /Im1 Do Q", "<</XObject<</Im1 6 0 R>>>>",
			streamObj("/Type/XObject/Subtype/Image/Width 300/Height 300/ColorSpace[/Indexed/DeviceRGB 1<000000FFFFFF>]/BitsPerComponent 1", strings.Repeat("\x00", 300*38))), cmyk,
			[]want{{Fail, CheckColour, "Indexed on DeviceRGB"}}, true, nil},
		{"SeparationWithRGBAlternateFails", onePage(boxes, "/Spot cs 1 sc 100 100 50 50 re f", "<</ColorSpace<</Spot[/Separation/PANTONE#20485/DeviceRGB 6 0 R]>>>>", "<</FunctionType 2/Domain[0 1]/C0[1 1 1]/C1[1 0 0]/N 1>>"), cmyk,
			[]want{{Fail, CheckColour, "Separation PANTONE 485 (alternate DeviceRGB)"}}, true, nil},
		{"RGBPageGroupFails", onePage(boxes+"/Group<</S/Transparency/CS/DeviceRGB>>", "", "<<>>"), cmyk,
			[]want{{Fail, CheckColour, "page transparency group (/Group /CS) is DeviceRGB"}}, true, nil},
		{"RGBSoftMaskGroupFails", onePage(boxes, "/GS1 gs 0 0 0 1 k 100 100 50 50 re f", "<</ExtGState<</GS1<</SMask<</S/Luminosity/G 6 0 R>>>>>>>>",
			streamObj("/Type/XObject/Subtype/Form/BBox[0 0 612 792]/Group<</S/Transparency/CS/DeviceRGB>>", "1 g 0 0 612 792 re f")), cmyk,
			[]want{{Fail, CheckColour, "soft mask of /GS1 (6 0 R)'s transparency group"}}, true, nil},
		{"RGBShadingFails", onePage(boxes, "/Sh1 sh", "<</Shading<</Sh1<</ShadingType 2/ColorSpace/DeviceRGB/Coords[0 0 1 0]/Function 6 0 R>>>>>>", "<</FunctionType 2/Domain[0 1]/C0[1 1 1]/C1[1 0 0]/N 1>>"), cmyk,
			[]want{{Fail, CheckColour, "shading /Sh1 is DeviceRGB"}}, true, nil},
		{"CMYKOutputIntentSetsTheMode", buildPDF("",
			"<</Type/Catalog/Pages 2 0 R/OutputIntents[<</Type/OutputIntent/S/GTS_PDFX/OutputConditionIdentifier(FOGRA39)/DestOutputProfile 6 0 R>>]>>",
			"<</Type/Pages/Kids[3 0 R]/Count 1>>", "<</Type/Page/Parent 2 0 R"+boxes+"/Resources 5 0 R/Contents 4 0 R>>",
			streamObj("", "0.5 0.5 0.5 rg 100 100 50 50 re f"), "<<>>", streamObj("/N 4", iccHeaderBytes("prtr", "CMYK", 2))), noGS,
			[]want{{Fail, CheckColour, "DeviceRGB in a CMYK file"}}, true, nil},
		{"FontNotEmbeddedFails", onePage(boxes, "BT /F1 12 Tf 100 100 Td (Hi) Tj ET", "<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>"), noGS,
			[]want{{Fail, CheckFonts, "the font Helvetica is not embedded"}}, true, nil},
		{"Type0WithoutFontFileFails", onePage(boxes, "", "<</Font<</F1 6 0 R>>>>",
			"<</Type/Font/Subtype/Type0/BaseFont/NotoSans/Encoding/Identity-H/DescendantFonts[7 0 R]>>",
			"<</Type/Font/Subtype/CIDFontType2/BaseFont/NotoSans/FontDescriptor 8 0 R>>",
			"<</Type/FontDescriptor/FontName/NotoSans/Flags 4>>"), noGS,
			[]want{{Fail, CheckFonts, "the font NotoSans is not embedded"}}, true, nil},
		{"EmbeddedAndType3FontsPass", onePage(boxes, "", "<</Font<</F1 6 0 R/F2<</Type/Font/Subtype/Type3/FontBBox[0 0 1 1]/FontMatrix[1 0 0 1 0 0]/CharProcs<<>>/Encoding<<>>>>>>>>",
			"<</Type/Font/Subtype/TrueType/BaseFont/ABCDEF+Noto/FontDescriptor 7 0 R>>",
			"<</Type/FontDescriptor/FontName/ABCDEF+Noto/FontFile2 8 0 R>>", streamObj("", "font")), noGS,
			[]want{{Pass, CheckFonts, "all 2 fonts are embedded"}}, false, nil},
		{"InheritedMediaBoxIsUsed", buildPDF("", "<</Type/Catalog/Pages 2 0 R>>",
			"<</Type/Pages/Kids[6 0 R]/Count 1"+media+">>", "<</Type/Page/Parent 6 0 R/BleedBox[8.5 8.5 603.5 783.5]/TrimBox[17 17 595 775]/Resources 5 0 R/Contents 4 0 R>>",
			streamObj("", ""), "<<>>", "<</Type/Pages/Parent 2 0 R/Kids[3 0 R]/Count 1>>"), noGS,
			[]want{{Pass, CheckBoxes, "boxes nested"}}, false, nil},
		{"MarkOutsideBleedInCMYKFails", onePage(boxes, "0 0 0 1 K 0.25 w 0 20 m 6 20 l S", "<<>>"), noGS,
			[]want{{Fail, CheckBleed, "is in DeviceCMYK, not the registration colour"}}, true, nil},
		{"MarkOutsideBleedInAllPasses", onePage(boxes, "/All CS 1 SCN 0.25 w 0 20 m 6 20 l S", "<</ColorSpace<</All[/Separation/All/DeviceCMYK 6 0 R]>>>>", "<</FunctionType 2/Domain[0 1]/C0[0 0 0 0]/C1[1 1 1 1]/N 1>>"), noGS,
			nil, false, []want{{Fail, CheckBleed, ""}}},
		{"InlineImageIsSkippedAndMeasured", onePage(boxes, "q 72 0 0 72 100 100 cm BI /W 4 /H 4 /CS /G /BPC 8 ID \nEI EI EI EI EI \nEI Q 1 0 0 rg 0 0 1 1 re f", "<<>>"), cmyk,
			[]want{{Fail, CheckImages, "4 × 4 pixels placed at 25.4 × 25.4 mm: 4 × 4 ppi"}, {Fail, CheckColour, "rg operator"}}, true, nil},
		{"FilteredInlineImageIsSkipped", onePage(boxes, "q 72 0 0 72 100 100 cm BI /W 2 /H 2 /CS /RGB /BPC 8 /F /AHx ID 00112233445566778899AABB> EI Q", "<<>>"), cmyk,
			[]want{{Fail, CheckColour, "the image is DeviceRGB"}}, true, nil},
		{"NotAPDFFails", []byte("hello, world"), noGS,
			[]want{{Fail, CheckFile, "cannot read this file: not a PDF file"}}, true, nil},
		{"EncryptedFails", buildPDF("/Encrypt<</Filter/Standard/V 2/R 3>>", "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[]/Count 0>>"), noGS,
			[]want{{Fail, CheckFile, "encrypted"}}, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := Check("test.pdf", tc.pdf, tc.opt)
			for _, w := range tc.want {
				if !has(rep, w) {
					t.Errorf("no %s %s finding with %q; got:%s", w.status, w.check, w.words, dump(rep))
				}
			}
			for _, w := range tc.absent {
				if has(rep, w) {
					t.Errorf("unexpected %s %s finding; got:%s", w.status, w.check, dump(rep))
				}
			}
			if rep.OK == tc.notOK {
				t.Errorf("OK = %v, want %v; findings:%s", rep.OK, !tc.notOK, dump(rep))
			}
		})
	}
}

// iccHeaderBytes is the 128-byte header of an ICC profile of class and
// colour space, version major.
func iccHeaderBytes(class, space string, major byte) string {
	h := make([]byte, 128)
	h[8] = major
	copy(h[12:], class)
	copy(h[16:], space)
	copy(h[36:], "acsp")
	return string(h)
}

func TestTruncatedFileIsDamaged(t *testing.T) {
	full := onePage(boxes, "0 0 0 1 k 17 17 578 758 re f", "<<>>")
	for _, cut := range []int{len(full) - 30, len(full) * 2 / 3} {
		rep := Check("cut.pdf", full[:cut], noGS)
		if rep.OK || !has(rep, want{Fail, CheckFile, "truncated"}) {
			t.Errorf("cut at %d of %d: want a truncation failure; got:%s", cut, len(full), dump(rep))
		}
	}
	// Cut after the catalog, before the page tree.
	rep := Check("cut.pdf", full[:60], noGS)
	if rep.OK || !has(rep, want{Fail, CheckFile, "truncated"}) || !has(rep, want{Fail, CheckFile, "no pages"}) {
		t.Errorf("cut at 60: got:%s", dump(rep))
	}
}

func TestBrokenXrefIsRebuilt(t *testing.T) {
	good := onePage(boxes, "0 0 0 1 k 17 17 578 758 re f", "<<>>")
	// Shift every object by inserting bytes after the header: the table's
	// offsets are now all wrong.
	bad := bytes.Replace(good, []byte("%PDF-1.7\n"), []byte("%PDF-1.7\n% an editor added a comment\n"), 1)
	rep := Check("bad.pdf", bad, noGS)
	if !has(rep, want{Warn, CheckFile, "rebuilt by scanning"}) || !has(rep, want{Fail, CheckFile, "damaged"}) {
		t.Errorf("want a rebuilt-xref warning and a damage failure; got:%s", dump(rep))
	}
	if !has(rep, want{Pass, CheckBoxes, "boxes nested"}) {
		t.Errorf("the rebuilt file should still be checked; got:%s", dump(rep))
	}
}

func TestIncrementalUpdateWins(t *testing.T) {
	base := onePage(media, "", "<<>>")
	// Append an update that replaces page 3 with one that has a TrimBox.
	i := bytes.LastIndex(base, []byte("startxref"))
	prev, _ := strconv.Atoi(strings.Fields(string(base[i+len("startxref"):]))[0])
	var b bytes.Buffer
	b.Write(base)
	off := b.Len()
	fmt.Fprintf(&b, "3 0 obj\n<</Type/Page/Parent 2 0 R%s/Resources 5 0 R/Contents 4 0 R>>\nendobj\n", boxes)
	x := b.Len()
	fmt.Fprintf(&b, "xref\n3 1\n%010d 00000 n \ntrailer\n<</Size 6/Root 1 0 R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n", off, prev, x)
	rep := Check("upd.pdf", b.Bytes(), noGS)
	if !rep.OK || !has(rep, want{Pass, CheckBoxes, "boxes nested"}) {
		t.Errorf("the update's page should be read; got:%s", dump(rep))
	}
}

// xrefStreamPDF writes the document of onePage with a cross-reference
// stream (PNG Up predictor, /W [1 2 1]) and objects 4 and 5 in an object
// stream, by hand, as PDF 1.5 writers do.
func TestXrefStreamAndObjectStreamByHand(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	offs := map[int]int{}
	put := func(n int, body string) {
		offs[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	put(1, "<</Type/Catalog/Pages 2 0 R>>")
	put(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>")
	put(3, "<</Type/Page/Parent 2 0 R"+boxes+"/Resources 5 0 R/Contents 4 0 R>>")
	put(4, streamObj("", "1 0 0 rg 100 100 50 50 re f"))
	objs := "<</XObject<<>>>>"
	hdr := "5 0 "
	put(6, streamObj(fmt.Sprintf("/Type/ObjStm/N 1/First %d", len(hdr)), hdr+objs))
	// Rows: type, offset (2 bytes), field 3.
	rows := [][4]byte{{0, 0, 0, 255}}
	for n := 1; n <= 4; n++ {
		rows = append(rows, [4]byte{1, byte(offs[n] >> 8), byte(offs[n]), 0})
	}
	rows = append(rows, [4]byte{2, 0, 6, 0}, [4]byte{1, byte(offs[6] >> 8), byte(offs[6]), 0})
	x := b.Len()
	rows = append(rows, [4]byte{1, byte(x >> 8), byte(x), 0})
	var raw []byte
	prev := [4]byte{}
	for _, r := range rows {
		raw = append(raw, 2) // PNG Up
		for k := range 4 {
			raw = append(raw, r[k]-prev[k])
		}
		prev = r
	}
	z := zlibBytes(raw)
	fmt.Fprintf(&b, "7 0 obj\n<</Type/XRef/Size 8/W[1 2 1]/Root 1 0 R/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 4>>/Length %d>>stream\n", len(z))
	b.Write(z)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", x)
	rep := Check("x.pdf", b.Bytes(), Options{Ghostscript: "-", CMYK: true})
	for _, w := range []want{{Pass, CheckFile, "cross-reference streams, object streams"}, {Pass, CheckBoxes, "boxes nested"}, {Fail, CheckColour, "rg operator"}} {
		if !has(rep, w) {
			t.Errorf("no %s %s %q; got:%s", w.status, w.check, w.words, dump(rep))
		}
	}
	for _, f := range rep.Findings {
		if f.Check == CheckFile && f.Status != Pass {
			t.Errorf("unexpected file finding: %s", f)
		}
	}
}

func TestQpdfObjectStreams(t *testing.T) {
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Skip("qpdf is not installed")
	}
	in := writeTemp(t, onePage(boxes, "q 283.465 0 0 283.465 100 100 cm /Im1 Do Q", "<</XObject<</Im1 6 0 R>>>>", gray(10, 10)))
	out := in + ".os.pdf"
	if b, err := exec.Command(qpdf, "--object-streams=generate", "--compress-streams=y", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	rep, err := CheckPath(out, noGS)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []want{{Pass, CheckFile, "cross-reference streams, object streams"}, {Pass, CheckBoxes, "boxes nested"}, {Fail, CheckImages, "10 × 10 pixels"}} {
		if !has(rep, w) {
			t.Errorf("no %s %s %q; got:%s", w.status, w.check, w.words, dump(rep))
		}
	}
}

func TestInkCoverage(t *testing.T) {
	if _, err := exec.LookPath("gs"); err != nil {
		t.Skip("Ghostscript (gs) is not installed")
	}
	// A rich black cmyk(100,100,80,100) rectangle, 380 %, from 50 to 150 mm
	// from the left and 100 to 200 mm from the top of a 612 × 792 pt page.
	richBlack := onePage(boxes, "1 1 0.8 1 k 141.73 226.77 283.46 283.46 re f", "<<>>")
	cases := []struct {
		name string
		opt  Options
		pdf  []byte
		want want
		ok   bool
	}{
		{"RichBlackFailsInCMYK", Options{CMYK: true}, richBlack, want{Fail, CheckInk, "total ink reaches 380 % at 50 mm from the left and 99 mm from the top"}, false},
		{"RichBlackPassesAHigherLimit", Options{CMYK: true, MaxInk: 390}, richBlack, want{Pass, CheckInk, "at most 380 %"}, true},
		{"GreyPasses", Options{CMYK: true}, onePage(boxes, "0 0 0 0.5 k 100 100 100 100 re f", "<<>>"), want{Pass, CheckInk, "at most 50 %"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := Check("ink.pdf", tc.pdf, tc.opt)
			if !has(rep, tc.want) || rep.OK != tc.ok {
				t.Errorf("want %v, OK %v; got:%s", tc.want, tc.ok, dump(rep))
			}
		})
	}
}

func TestInkWithoutGhostscriptWarns(t *testing.T) {
	rep := Check("x.pdf", onePage(boxes, "", "<<>>"), Options{Ghostscript: "no-such-gs-preflight"})
	if !has(rep, want{Warn, CheckInk, "ink coverage not checked: Ghostscript (gs) is not installed"}) {
		t.Errorf("got:%s", dump(rep))
	}
}

func TestManyFindingsAreCappedAndCounted(t *testing.T) {
	var content strings.Builder
	for i := range 200 {
		fmt.Fprintf(&content, "0 0 0 1 K 0 %d m 5 %d l S\n", 20+3*i, 20+3*i)
	}
	rep := Check("many.pdf", onePage(boxes, content.String(), "<<>>"), noGS)
	n := 0
	for _, f := range rep.Findings {
		if f.Check == CheckBleed {
			n++
		}
	}
	if n != maxFindingsPerCheck+1 || !has(rep, want{Fail, CheckBleed, "more findings like the ones above"}) {
		t.Errorf("%d bleed findings, want %d and a summary:%s", n, maxFindingsPerCheck+1, dump(rep))
	}
}
