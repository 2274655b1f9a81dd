package text

import (
	"testing"

	"posterkit/fonts"
)

// BenchmarkCopyFitBody shapes and copy-fits the bundled bodies as the
// layout does (360 × 130 mm, 14–40 pt).
func BenchmarkCopyFitBody(b *testing.B) {
	e := NewEngine(fonts.Default())
	var texts []string
	for _, lang := range []string{"en", "fr", "es", "ru", "ar", "zh"} {
		texts = append(texts, bundledText(&testing.T{}, lang, "body"))
	}
	langs := []string{"en", "fr", "es", "ru", "ar", "zh"}
	for b.Loop() {
		for i, t := range texts {
			blk, err := e.Shape(t, langs[i], Style{Role: fonts.Text})
			if err != nil {
				b.Fatal(err)
			}
			e.CopyFit(blk, 360/mmPerPt, 130/mmPerPt, 0, 14, 40)
		}
	}
}
