package svg

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// pngHeader returns the start of a PNG whose header claims w × h pixels
// (no pixel data follows: the importer must refuse it from the header).
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.WriteString("IHDR")
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
	return b.Bytes()
}

func TestHostileDocumentsAreRefusedInBoundedTime(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "inside.svg"), []byte("<svg/>"), 0o644)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "leak.png")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()

	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>`
	deep := strings.Repeat("<g>", 1000000) + strings.Repeat("</g>", 1000000)
	// Each level uses the previous one ten times: 10^12 elements to draw.
	var bomb strings.Builder
	bomb.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><rect id="l0" width="1" height="1"/>`)
	for i := 1; i <= 12; i++ {
		bomb.WriteString(`<g id="l` + string(rune('a'+i)) + `">`)
		prev := "l0"
		if i > 1 {
			prev = "l" + string(rune('a'+i-1))
		}
		for range 10 {
			bomb.WriteString(`<use xlink:href="#` + prev + `"/>`)
		}
		bomb.WriteString(`</g>`)
	}
	bomb.WriteString(`</defs><use xlink:href="#lm"/></svg>`)
	image := func(href string) string {
		return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image width="10" height="10" xlink:href="` + href + `"/></svg>`
	}
	huge := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngHeader(100000, 100000))

	tests := []struct {
		name string
		doc  string
		want error
		msg  string
	}{
		{"BillionLaughsEntitiesAreRefused", laughs, ErrUnsafe, "DOCTYPE"},
		{"MillionDeepNestingIsRefused", `<svg xmlns="http://www.w3.org/2000/svg">` + deep + `</svg>`, ErrLimit, "nested more than"},
		{"UseBombIsRefused", bomb.String(), ErrLimit, "use"},
		{"HrefToEtcPasswdIsRefused", image("/etc/passwd"), ErrUnsafe, "outside the folder"},
		{"HrefUpAndOutIsRefused", image("../../etc/passwd"), ErrUnsafe, "outside the folder"},
		{"HrefToTheNetworkIsRefused", image("http://example.com/a.png"), ErrUnsafe, "never the network"},
		{"HrefToFileURLIsRefused", image("file:///etc/passwd"), ErrUnsafe, "never the network"},
		{"HugeEmbeddedPNGIsRefused", image(huge), ErrLimit, "100000 × 100000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, _, err := Parse([]byte(tc.doc), Options{Name: "hostile.svg", Files: root.FS()})
			took := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want %v mentioning %q", err, tc.want, tc.msg)
			}
			if took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<30 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			t.Logf("%v in %v", err, took)
		})
	}

	// A symlink out of the folder: os.Root refuses to follow it, so the
	// image is not drawn and says why.
	d, warns, err := Parse([]byte(image("leak.png")), Options{Name: "hostile.svg", Files: root.FS()})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Items) != 0 || len(warns) != 1 || !strings.Contains(warns[0].Message, "escapes") && !strings.Contains(warns[0].Message, "leak.png") {
		t.Errorf("symlink out of the folder: items %v, warnings %v", d.Items, warns)
	}
	t.Logf("symlink: %v", warns)
}

func TestUnsupportedElementsAreWarnedWithTheirLine(t *testing.T) {
	doc := `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<text>Hi</text>
<filter id="f"/>
<rect width="5" height="5" filter="url(#f)" mask="url(#m)"/>
<mask id="m"/>
<foreignObject/>
<pattern id="p"/>
<path d="M0 0 L 5 5" marker-end="url(#mk)" stroke="black"/>
</svg>`
	_, warns, err := Parse([]byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"line 2: <text>", "line 3: <filter>", "line 4: <rect>: mask", "line 4: <rect>: filter", "line 5: <mask>", "line 6: <foreignObject>", "line 7: <pattern>", "line 8: <path>: markers"}
	all := ""
	for _, w := range warns {
		all += w.String() + "\n"
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("no warning %q in\n%s", w, all)
		}
	}
}
