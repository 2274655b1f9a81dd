package raster_test

import (
	"image/color"
	"runtime"
	"sync"
	"testing"
	"time"

	"posterkit/fonts"
	"posterkit/layouts"
	"posterkit/render/layout"
	"posterkit/render/raster"
	"posterkit/render/scene"
	"posterkit/render/text"
)

// posterScenes lays out the bundled poster in each of its languages and
// blank, once: the seven pages `posterkit render` draws by default.
var posterScenes = sync.OnceValues(func() ([]*scene.Scene, error) {
	tm, err := layouts.Bundled(layouts.Default)
	if err != nil {
		return nil, err
	}
	eng := text.NewEngine(fonts.Default())
	out := []*scene.Scene{layout.BlankPage(tm)}
	for _, lang := range tm.Languages {
		strs, err := tm.LoadStrings(lang)
		if err != nil {
			return nil, err
		}
		s, _, err := layout.Page(tm, lang, strs, eng, layout.Options{})
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
})

// countWriter counts what is written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(b []byte) (int, error) { w.n += int64(len(b)); return len(b), nil }

// BenchmarkEncodePoster writes the bundled poster's seven PNGs at 300 dpi,
// one after the other, at each compression (drawing included: Write
// draws and encodes band by band).
func BenchmarkEncodePoster(b *testing.B) {
	scenes, err := posterScenes()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		c    raster.Compression
	}{{"Fast", raster.FastCompression}, {"Default", raster.DefaultCompression}, {"Best", raster.BestCompression}} {
		b.Run(c.name, func(b *testing.B) {
			var w countWriter
			for b.Loop() {
				w.n = 0
				for _, s := range scenes {
					if err := raster.Write(&w, s, 300, c.c); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(w.n)/float64(len(scenes)), "file-bytes/page")
		})
	}
	// Shared: the default compression, the seven pages sharing their
	// artwork through one Backdrops, as `posterkit render` does.
	b.Run("Shared", func(b *testing.B) {
		var w countWriter
		var kept int64
		for b.Loop() {
			w.n = 0
			bd := raster.NewBackdrops()
			for _, s := range scenes {
				if err := bd.Write(&w, s, 300, raster.DefaultCompression); err != nil {
					b.Fatal(err)
				}
			}
			kept, _ = bd.Kept()
		}
		b.ReportMetric(float64(w.n)/float64(len(scenes)), "file-bytes/page")
		b.ReportMetric(float64(kept)/(1<<20), "kept-MB")
	})
}

// BenchmarkBannerMemory writes an 850 × 2000 mm roll-up banner at 300 dpi
// (10039 × 23622 px, 237 Mpx; 950 MB as one RGBA image) with a full-page
// background, large translucent shapes and text, and reports the peak of
// the Go heap while it does, sampled every millisecond.
func BenchmarkBannerMemory(b *testing.B) {
	w, h := 850*scene.MM, 2000*scene.MM
	s := page(w, h, scene.Rectangle(scene.Rect{W: w, H: h}, scene.Paint{Color: color.NRGBA{10, 42, 82, 255}, Opacity: 1}))
	for i := range 8 {
		fill := scene.Paint{Color: color.NRGBA{0, 163, 224, 255}, Opacity: 0.2 + float64(i)/10}
		s.Items = append(s.Items, scene.Ellipse(w/2, h*float64(i+1)/9, w*0.6, h/10, fill))
	}
	bold := fonts.Default().Family(fonts.NotoSans, fonts.Bold)
	for i := range 20 {
		s.Items = append(s.Items, textRun(b, bold, 60+float64(i)*10, 100, 300+float64(i)*260, "Roll-up banner 2026", scene.Paint{Color: color.NRGBA{255, 255, 255, 255}, Opacity: 1}))
	}
	for b.Loop() {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		peak := base.HeapAlloc
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			// ReadMemStats stops the world: sampled in a busy loop it took
			// the benchmark from seconds to 85 s.
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			var m runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		})
		var out countWriter
		err := raster.Write(&out, s, 300, raster.DefaultCompression)
		close(done)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(peak-base.HeapAlloc)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(out.n)/(1<<20), "file-MB")
	}
}
