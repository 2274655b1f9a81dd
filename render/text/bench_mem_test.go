package text

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
// length into a box it fits at about 12 pt, and reports per input byte
// (UTF-8): the bytes allocated (alloc), the most live at once (peak:
// sampled with the collector running at GOGC=5, so it is the live heap
// rather than what garbage a process would let pile up) and what the
// result keeps alive (live: the block and the chosen fit).
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
			shapeAndFit := func() (*Block, Fit) {
				blk, err := e.Shape(txt, "en", Style{Role: fonts.Text})
				if err != nil {
					b.Fatal(err)
				}
				fit, err := e.CopyFit(blk, w, h, 0, 6, 72)
				if err != nil {
					b.Fatal(err)
				}
				return blk, fit
			}
			// Peak and live memory of one run, before the timed ones.
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			stop := samplePeak()
			blk, fit := shapeAndFit()
			peak := stop() - min(stop(), before.HeapAlloc)
			runtime.GC()
			runtime.ReadMemStats(&after)
			live := after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
			runtime.KeepAlive(blk)
			if fit.Size <= 6 || fit.Size >= 72 {
				b.Fatalf("copy-fit chose %.1f pt: the box should fit between the sizes", fit.Size)
			}

			b.ReportAllocs()
			var start, end runtime.MemStats
			runtime.ReadMemStats(&start)
			for b.Loop() {
				shapeAndFit()
			}
			runtime.ReadMemStats(&end)
			b.ReportMetric(float64(end.TotalAlloc-start.TotalAlloc)/float64(b.N)/float64(len(txt)), "alloc-B/in-B")
			b.ReportMetric(float64(peak)/float64(len(txt)), "peak-B/in-B")
			b.ReportMetric(float64(live)/float64(len(txt)), "live-B/in-B")
			b.ReportMetric(float64(len(txt)), "in-B")
		})
	}
}

// samplePeak sets GOGC to 5 and samples the heap's live objects until the
// function it returns is called, which restores GOGC and returns the most
// bytes seen.
func samplePeak() func() uint64 {
	old := debug.SetGCPercent(5)
	done := make(chan struct{})
	result := make(chan uint64, 1)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var most uint64
		for {
			metrics.Read(s)
			most = max(most, s[0].Value.Uint64())
			select {
			case <-done:
				result <- most
				return
			default:
				runtime.Gosched()
			}
		}
	}()
	var peak uint64
	stopped := false
	return func() uint64 {
		if !stopped {
			close(done)
			peak = <-result
			debug.SetGCPercent(old)
			stopped = true
		}
		return peak
	}
}
