// Package pdfcheck opens PDFs with a real reader for posterkit's tests:
// pdfium compiled to WebAssembly (github.com/klippa-app/go-pdfium), pure Go
// and offline. It renders pages and extracts their text and page boxes. It
// is imported by tests only, so the posterkit binary does not carry it.
package pdfcheck

import (
	"image"
	"sync"
	"testing"
	"time"

	pdfium "github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
)

var (
	once sync.Once
	inst pdfium.Pdfium
	err  error
	mu   sync.Mutex // one pdfium instance: calls are serialised
)

func reader(t testing.TB) pdfium.Pdfium {
	t.Helper()
	once.Do(func() {
		var pool pdfium.Pool
		pool, err = webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
		if err == nil {
			inst, err = pool.GetInstance(2 * time.Minute)
		}
	})
	if err != nil {
		t.Fatalf("pdfium: %v", err)
	}
	return inst
}

// Doc is an open one-page-or-more PDF; its pages are read by index.
type Doc struct {
	t   testing.TB
	p   pdfium.Pdfium
	doc references.FPDF_DOCUMENT
	// Pages is the page count.
	Pages int
}

// Open opens data, failing the test if pdfium cannot.
func Open(t testing.TB, data []byte) *Doc {
	t.Helper()
	p := reader(t)
	mu.Lock()
	defer mu.Unlock()
	doc, err := p.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		t.Fatalf("pdfium cannot open the PDF: %v", err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	})
	n, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		t.Fatal(err)
	}
	return &Doc{t: t, p: p, doc: doc.Document, Pages: n.PageCount}
}

func (d *Doc) page(i int) requests.Page {
	return requests.Page{ByIndex: &requests.PageByIndex{Document: d.doc, Index: i}}
}

// Text is page i's text as pdfium extracts it.
func (d *Doc) Text(i int) string {
	d.t.Helper()
	mu.Lock()
	defer mu.Unlock()
	r, err := d.p.GetPageText(&requests.GetPageText{Page: d.page(i)})
	if err != nil {
		d.t.Fatal(err)
	}
	return r.Text
}

// TextObjects counts page i's text objects.
func (d *Doc) TextObjects(i int) int {
	d.t.Helper()
	mu.Lock()
	defer mu.Unlock()
	pg, err := d.p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: d.doc, Index: i})
	if err != nil {
		d.t.Fatal(err)
	}
	defer d.p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	ref := requests.Page{ByReference: &pg.Page}
	n, err := d.p.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
	if err != nil {
		d.t.Fatal(err)
	}
	texts := 0
	for k := 0; k < n.Count; k++ {
		obj, err := d.p.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: ref, Index: k})
		if err != nil {
			d.t.Fatal(err)
		}
		typ, err := d.p.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil {
			d.t.Fatal(err)
		}
		if typ.Type == enums.FPDF_PAGEOBJ_TEXT {
			texts++
		}
	}
	return texts
}

// Render draws page i at dpi. With print set, pdfium renders as for
// printing, which hides optional content that is off in print.
func (d *Doc) Render(i, dpi int, print bool) *image.RGBA {
	d.t.Helper()
	mu.Lock()
	defer mu.Unlock()
	var flags enums.FPDF_RENDER_FLAG
	if print {
		flags |= enums.FPDF_RENDER_FLAG_PRINTING
	}
	r, err := d.p.RenderPageInDPI(&requests.RenderPageInDPI{Page: d.page(i), DPI: dpi, RenderFlags: flags})
	if err != nil {
		d.t.Fatal(err)
	}
	defer r.CleanupFunc()
	src := r.Result.Image
	dst := image.NewRGBA(src.Bounds())
	copy(dst.Pix, src.Pix)
	return dst
}

// Box is a page box in points: left, bottom, right, top.
type Box struct{ Left, Bottom, Right, Top float64 }

// Boxes returns page i's MediaBox, TrimBox and BleedBox.
func (d *Doc) Boxes(i int) (media, trim, bleed Box) {
	d.t.Helper()
	mu.Lock()
	defer mu.Unlock()
	m, err := d.p.FPDFPage_GetMediaBox(&requests.FPDFPage_GetMediaBox{Page: d.page(i)})
	if err != nil {
		d.t.Fatal(err)
	}
	tr, err := d.p.FPDFPage_GetTrimBox(&requests.FPDFPage_GetTrimBox{Page: d.page(i)})
	if err != nil {
		d.t.Fatal(err)
	}
	b, err := d.p.FPDFPage_GetBleedBox(&requests.FPDFPage_GetBleedBox{Page: d.page(i)})
	if err != nil {
		d.t.Fatal(err)
	}
	return Box{float64(m.Left), float64(m.Bottom), float64(m.Right), float64(m.Top)},
		Box{float64(tr.Left), float64(tr.Bottom), float64(tr.Right), float64(tr.Top)},
		Box{float64(b.Left), float64(b.Bottom), float64(b.Right), float64(b.Top)}
}

// InOrder is the longest common subsequence of want and got (characters,
// or words: any comparable units), as a share of want's: how much of a
// text a reader gives back in its order.
func InOrder[T comparable](want, got []T) float64 {
	if len(want) == 0 {
		return 1
	}
	prev, cur := make([]int, len(got)+1), make([]int, len(got)+1)
	for i := 1; i <= len(want); i++ {
		for j := 1; j <= len(got); j++ {
			if want[i-1] == got[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(got)]) / float64(len(want))
}
