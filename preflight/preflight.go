// Package preflight checks a PDF before it goes to a print shop: page
// boxes, embedded fonts, image resolution at the placed size, colour
// spaces against the document's colour mode, total ink coverage (through
// Ghostscript), marks outside the bleed and the PDF/X-4 keys.
//
// It reads any PDF, not only posterkit's, with a parser of its own: the
// Go PDF libraries either render (pdfium, through WebAssembly) or read text,
// and none gives the content-stream operators, the graphics state and
// object streams with the damage tolerance a preflight needs. The parser
// reads classic cross-reference tables and cross-reference streams,
// object streams, incremental updates, FlateDecode (with PNG predictors),
// ASCIIHex and ASCII85, and rebuilds the cross-reference by scanning for
// "N G obj" when it is broken, as readers do. Every size, count and depth
// is bounded; each limit says why beside it. It does not decrypt: an
// encrypted file is reported, not read.
package preflight

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Status is a finding's verdict.
type Status string

const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Check names, as they appear in findings.
const (
	CheckFile   = "file"   // the file's structure
	CheckBoxes  = "boxes"  // page boxes
	CheckFonts  = "fonts"  // font embedding
	CheckImages = "images" // image resolution
	CheckColour = "colour" // colour spaces against the colour mode
	CheckInk    = "ink"    // total area coverage
	CheckBleed  = "bleed"  // marks outside the bleed
	CheckPDFX   = "pdfx"   // PDF/X keys
)

// Finding is one result of one check.
type Finding struct {
	Status  Status `json:"status"`
	Check   string `json:"check"`
	Page    int    `json:"page,omitempty"`   // 1-based; 0 for the document
	Object  string `json:"object,omitempty"` // "12 0 R", "/Im1 (12 0 R)", "content stream"…
	Message string `json:"message"`
	Count   int    `json:"count,omitempty"` // how many times, when a finding repeats
}

func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-4s %-6s", f.Status, f.Check)
	if f.Page > 0 {
		fmt.Fprintf(&b, " page %d", f.Page)
	}
	if f.Object != "" {
		fmt.Fprintf(&b, " %s", f.Object)
	}
	b.WriteString(": ")
	b.WriteString(f.Message)
	if f.Count > 1 {
		fmt.Fprintf(&b, " (%d times)", f.Count)
	}
	return b.String()
}

// Report is the result of checking one file.
type Report struct {
	File     string    `json:"file"`
	Version  string    `json:"version,omitempty"` // the header's PDF version
	Pages    int       `json:"pages"`
	Mode     string    `json:"mode"`           // "CMYK" or "RGB": the colour mode checked against
	PDFX     string    `json:"pdfx,omitempty"` // the PDF/X version the file claims
	OK       bool      `json:"ok"`             // no failure
	Pass     int       `json:"pass"`
	Warn     int       `json:"warn"`
	Fail     int       `json:"fail"`
	Findings []Finding `json:"findings"`
}

// Options tune the checks. The zero value checks against 300 % ink, in the
// mode the file declares, with gs from $PATH.
type Options struct {
	MaxInk      float64 // total ink limit in percent; 0 means 300
	CMYK        bool    // check as a CMYK file even without a CMYK output intent
	Ghostscript string  // the gs command; "" means "gs"; "-" skips the ink check (for tests)
}

// Resolution thresholds, in pixels per inch at the placed size: 300 is the
// usual print-shop requirement for images seen at reading distance; below
// 150 pixels show.
const (
	warnPPI = 300
	failPPI = 150
)

// maxFileBytes bounds the file read: preflight holds the file in memory;
// a print PDF with many high-resolution images stays well below 2 GiB.
const maxFileBytes = 2 << 30

// CheckFile reads and checks the PDF at path.
func CheckPath(path string, opt Options) (Report, error) {
	fh, err := os.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("preflight: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxFileBytes+1))
	if err != nil {
		return Report{}, fmt.Errorf("preflight: %s: %w", path, err)
	}
	if len(data) > maxFileBytes {
		return Report{}, fmt.Errorf("preflight: %s: larger than %d GiB", path, maxFileBytes>>30)
	}
	return Check(path, data, opt), nil
}

// ErrNotPDF is the failure's cause when a file cannot be read as a PDF at all.
var ErrNotPDF = errors.New("preflight: not a readable PDF")

// Check checks data, a PDF file named name (the name is only reported).
// A file it cannot parse gives a report with a failure saying why.
func Check(name string, data []byte, opt Options) Report {
	if opt.MaxInk == 0 {
		opt.MaxInk = 300
	}
	c := &checker{opt: opt, seen: map[string]int{}, perCheck: map[string]int{}}
	c.rep.File = name
	c.run(data)
	r := c.rep
	for _, f := range r.Findings {
		switch f.Status {
		case Pass:
			r.Pass++
		case Warn:
			r.Warn++
		case Fail:
			r.Fail++
		}
	}
	r.OK = r.Fail == 0
	return r
}

type checker struct {
	opt      Options
	rep      Report
	f        *file
	seen     map[string]int // finding key → index, to count repeats
	perCheck map[string]int // distinct findings per check and page
	cmyk     bool
	pdfx     bool
	// rgbUses counts RGB colour in an RGB-mode file, for the summary.
	rgbUses int
	// ops counts content operators interpreted (maxOperators).
	ops      int
	opsNoted bool
}

// maxFindingsPerCheck bounds the distinct findings one check reports on
// one page: a person reads the report; past this the rest are counted in
// one line.
const maxFindingsPerCheck = 50

func (c *checker) add(st Status, check string, page int, obj, msg string) {
	key := string(st) + "\x00" + check + "\x00" + fmt.Sprint(page) + "\x00" + obj + "\x00" + msg
	if i, ok := c.seen[key]; ok {
		c.rep.Findings[i].Count++
		return
	}
	group := check + "\x00" + fmt.Sprint(page)
	c.perCheck[group]++
	if c.perCheck[group] > maxFindingsPerCheck {
		more := "\x01more\x00" + group
		if i, ok := c.seen[more]; ok {
			c.rep.Findings[i].Count++
			if st == Fail {
				c.rep.Findings[i].Status = Fail
			}
			return
		}
		c.seen[more] = len(c.rep.Findings)
		c.rep.Findings = append(c.rep.Findings, Finding{Status: st, Check: check, Page: page, Message: fmt.Sprintf("more findings like the ones above, not listed one by one (past %d)", maxFindingsPerCheck), Count: 1})
		return
	}
	c.seen[key] = len(c.rep.Findings)
	c.rep.Findings = append(c.rep.Findings, Finding{Status: st, Check: check, Page: page, Object: obj, Message: msg, Count: 1})
}

func (c *checker) run(data []byte) {
	c.rep.Mode = "RGB"
	f, err := open(data)
	if err != nil {
		c.add(Fail, CheckFile, 0, "", fmt.Sprintf("cannot read this file: %v", err))
		return
	}
	c.f = f
	c.rep.Version = f.version
	for _, d := range f.damage {
		c.add(Fail, CheckFile, 0, "", "the file is damaged: "+d)
	}
	if f.rebuilt {
		c.add(Warn, CheckFile, 0, "", "the cross-reference table was rebuilt by scanning the file; the checks below read the rebuilt file, a print shop's software may read it differently")
	}
	if f.trailer["Encrypt"] != nil {
		c.add(Fail, CheckFile, 0, "", "the file is encrypted (password-protected): a print shop cannot process it, and preflight cannot read its content; save it without security")
		c.pdfxClaim()
		return
	}
	desc := "PDF " + f.version
	if f.xrefStm {
		desc += ", cross-reference streams"
	}
	if f.objStm {
		desc += ", object streams"
	}
	if len(f.damage) == 0 {
		c.add(Pass, CheckFile, 0, "", "the file is readable ("+desc+")")
	}

	pages := c.pages()
	c.rep.Pages = len(pages)
	if len(pages) == 0 {
		c.add(Fail, CheckFile, 0, "", "the document has no pages")
		return
	}
	c.mode()
	c.pdfxClaim()
	for i, p := range pages {
		c.checkBoxes(i+1, p)
	}
	c.checkFonts(pages)
	for i, p := range pages {
		c.checkContent(i+1, p)
	}
	c.colourSummary()
	c.checkPDFX(pages)
	c.checkInk(data, pages)
	c.sortFindings()
}

// sortFindings orders findings by check (in the order they run), then
// page, keeping each check's own order otherwise, so that reports of the
// same file are identical.
func (c *checker) sortFindings() {
	order := map[string]int{CheckFile: 0, CheckBoxes: 1, CheckFonts: 2, CheckImages: 3, CheckColour: 4, CheckBleed: 5, CheckInk: 6, CheckPDFX: 7}
	sort.SliceStable(c.rep.Findings, func(i, j int) bool {
		a, b := c.rep.Findings[i], c.rep.Findings[j]
		if order[a.Check] != order[b.Check] {
			return order[a.Check] < order[b.Check]
		}
		return a.Page < b.Page
	})
}

// text decodes a PDF text string (UTF-16BE with a BOM, UTF-8 with a BOM
// in PDF 2.0, else PDFDocEncoding, read as Latin-1).
func text(o object) (string, bool) {
	s, ok := o.(pdfString)
	if !ok {
		return "", false
	}
	b := []byte(s)
	if bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
		var r []rune
		for i := 2; i+1 < len(b); i += 2 {
			u := rune(b[i])<<8 | rune(b[i+1])
			if u >= 0xd800 && u < 0xdc00 && i+3 < len(b) {
				lo := rune(b[i+2])<<8 | rune(b[i+3])
				u = 0x10000 + (u-0xd800)<<10 + (lo - 0xdc00)
				i += 2
			}
			r = append(r, u)
		}
		return string(r), true
	}
	if bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}) {
		return string(b[3:]), true
	}
	r := make([]rune, len(b))
	for i, ch := range b {
		r[i] = rune(ch)
	}
	return string(r), true
}
