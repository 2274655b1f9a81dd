package text

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"posterkit/fonts"
)

// mixedText returns n characters of Latin, Arabic and Chinese text in
// paragraphs of a few hundred characters, as a long poster frame would hold.
func mixedText(n int) string {
	paras := []string{
		"In 2009, ITU is calling on policy makers, regulators, operators and industry to make the online world safe for children. ",
		"في عام 2009، يدعو الاتحاد الدولي للاتصالات واضعي السياسات والمنظمين والمشغلين والصناعة إلى جعل العالم الإلكتروني آمناً للأطفال. ",
		"2009年，国际电联呼吁决策机构、监管机构、运营商及全行业携手努力，为儿童营造安全的网络环境。",
	}
	var sb strings.Builder
	count, i := 0, 0
	for count < n {
		p := []rune(paras[i%len(paras)])
		if i%2 == 1 {
			p = append(p, '\n')
		}
		if count+len(p) > n {
			p = p[:n-count]
		}
		sb.WriteString(string(p))
		count += len(p)
		i++
	}
	return sb.String()
}

// BenchmarkShapeMemory shapes and copy-fits mixed-script text of growing
// length into a box it fits at about 12 pt, and reports the bytes allocated
// and the bytes the result keeps alive, both per input byte (UTF-8).
func BenchmarkShapeMemory(b *testing.B) {
	e := NewEngine(fonts.Default())
	for _, n := range []int{1000, 10000, MaxText} {
		txt := mixedText(n)
		if utf8.RuneCountInString(txt) != n {
			b.Fatalf("mixedText(%d) has %d characters", n, utf8.RuneCountInString(txt))
		}
		// About 0.6 em × 1.2 em per character at 12 pt in a 400 pt wide box.
		const w = 400.0
		h := float64(n)*0.6*12*1.2*12/w + 50
		// Parse the fonts before measuring: the engine keeps their faces.
		if _, err := e.Shape(txt, "en", Style{Role: fonts.Text}); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dchars", n), func(b *testing.B) {
			b.ReportAllocs()
			var live uint64
			var start, end runtime.MemStats
			runtime.ReadMemStats(&start)
			for i := 0; b.Loop(); i++ {
				var before runtime.MemStats
				if i == 0 {
					runtime.GC()
					runtime.ReadMemStats(&before)
				}
				blk, err := e.Shape(txt, "en", Style{Role: fonts.Text})
				if err != nil {
					b.Fatal(err)
				}
				fit, err := e.CopyFit(blk, w, h, 0, 6, 72)
				if err != nil {
					b.Fatal(err)
				}
				if i == 0 {
					if fit.Size <= 6 || fit.Size >= 72 {
						b.Fatalf("copy-fit chose %.1f pt: the box should fit between the sizes", fit.Size)
					}
					// What the result keeps alive: the block and the chosen fit.
					var after runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&after)
					live = after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
					runtime.KeepAlive(blk)
					runtime.KeepAlive(fit)
				}
			}
			runtime.ReadMemStats(&end)
			b.ReportMetric(float64(end.TotalAlloc-start.TotalAlloc)/float64(b.N)/float64(len(txt)), "alloc-B/in-B")
			b.ReportMetric(float64(live)/float64(len(txt)), "live-B/in-B")
			b.ReportMetric(float64(len(txt)), "in-B")
		})
	}
}
