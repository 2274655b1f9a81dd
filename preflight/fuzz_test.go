package preflight

import (
	"testing"
)

// FuzzCheck feeds the parser and every check arbitrary bytes, seeded with
// the hand-written test files (whole, truncated, empty) and the bundled
// poster; it must never panic, and always return a report.
func FuzzCheck(f *testing.F) {
	seeds := [][]byte{
		nil,
		[]byte("%PDF-1.7\n"),
		onePage(boxes, "q 283.465 0 0 283.465 100 100 cm /Im1 Do Q 1 0 0 rg 0 0 1 1 re f", "<</XObject<</Im1 6 0 R>>>>", gray(10, 10)),
		onePage(boxes, "q 72 0 0 72 100 100 cm BI /W 4 /H 4 /CS /G /BPC 8 ID \nEI EI EI EI EI \nEI Q /Fm1 Do", "<</XObject<</Fm1 6 0 R>>>>",
			streamObj("/Type/XObject/Subtype/Form/BBox[0 0 1 1]/Resources<</XObject<</Fm1 6 0 R>>>>", "/Fm1 Do (a\\(b\\)c) Tj <414> Tj")),
		pdfx4(),
	}
	// The bundled poster's blank PDF is a seed in testdata/fuzz (rendering
	// it here would run the text engine under the fuzzer's coverage
	// instrumentation in every worker, which takes minutes).
	for _, s := range seeds {
		f.Add(s)
		if len(s) > 10 {
			f.Add(s[:len(s)/2])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := Check("fuzz.pdf", data, noGS)
		if len(rep.Findings) == 0 {
			t.Fatal("no findings")
		}
	})
}
