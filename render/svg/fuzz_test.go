package svg

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"posterkit/render/geom"
)

// seedCases adds a few suite documents, whole and truncated.
func seedCases(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5" style="fill:red"/></svg>`))
	f.Add([]byte(""))
	files, _ := filepath.Glob(filepath.Join(*suiteDir, "*.svg"))
	for i, p := range files {
		if i%20 != 0 {
			continue
		}
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
			f.Add(b[:len(b)/2])
		}
	}
}

func FuzzParse(f *testing.F) {
	seedCases(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		d, _, err := Parse(data, Options{Name: "fuzz.svg"})
		if err == nil && d == nil {
			t.Fatal("no drawing and no error")
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("took %v", time.Since(start))
		}
	})
}

func FuzzCSS(f *testing.F) {
	f.Add("rect { fill: red !important } #a.b > c d[e='f'] :first-child { stroke: blue }")
	f.Add("@media print { a { fill: red } } @import url(x.css); g{")
	f.Add("/* comment */ *{opacity:.5}")
	f.Fuzz(func(t *testing.T, css string) {
		rules, _ := parseSheet(css, 0)
		root := &node{name: "svg", attrs: map[string]string{"class": "b", "id": "a", "style": css}}
		root.children = []*node{{name: "c", parent: root, attrs: map[string]string{"e": "f"}}}
		cascade(root, rules)
	})
}

func FuzzPathData(f *testing.F) {
	f.Add("M 10 10 L 20 20 H 5 V 7 C 1 2 3 4 5 6 S 1 2 3 4 Q 1 2 3 4 T 5 6 A 5 5 30 1 0 20 20 Z")
	f.Add("m1e2.5.5-1-1zl")
	f.Add("M0 0a1 1 0 1101 1")
	f.Fuzz(func(t *testing.T, d string) {
		p, _ := geom.ParsePathData(d, 100000, maxCoord)
		if len(p.Segments) > 4*len(d)+4 {
			t.Fatalf("%d segments from %d bytes", len(p.Segments), len(d))
		}
	})
}
