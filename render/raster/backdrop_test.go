package raster_test

import (
	"bytes"
	"image/color"
	"sync"
	"testing"
	"time"

	"posterkit/render/raster"
	"posterkit/render/scene"
)

// TestSharedBackdropsWriteTheSameFiles: the bundled poster's seven pages
// written through one Backdrops, each after the others have filled it, are
// byte for byte the files Write makes of them alone; and a page whose
// artwork differs by one colour is not given the others' bands.
func TestSharedBackdropsWriteTheSameFiles(t *testing.T) {
	scenes, err := posterScenes()
	if err != nil {
		t.Fatal(err)
	}
	// A copy of the English page with its artwork's first shape, deep in
	// the SVG's groups, in another colour.
	en := *scenes[3]
	en.Items = recolourFirst(en.Items, color.NRGBA{R: 200, G: 10, B: 10, A: 255})
	pages := append(scenes[:len(scenes):len(scenes)], &en)

	const dpi = 120 // three bands a page (bandRows), the pages in seconds
	bd := raster.NewBackdrops()
	for round := range 2 { // the second round finds every band kept
		for i, s := range pages {
			var alone, shared bytes.Buffer
			if err := raster.Write(&alone, s, dpi, raster.DefaultCompression); err != nil {
				t.Fatal(err)
			}
			if err := bd.Write(&shared, s, dpi, raster.DefaultCompression); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(alone.Bytes(), shared.Bytes()) {
				t.Errorf("round %d, page %d (%q): the PNG written through Backdrops differs from Write's", round, i, s.Lang)
			}
		}
	}
	// Written at once, as a batch's workers do: a page waits for a band
	// another is drawing, and the files are still Write's.
	bd2 := raster.NewBackdrops()
	var wg sync.WaitGroup
	for i, s := range pages {
		wg.Go(func() {
			var alone, shared bytes.Buffer
			if err := raster.Write(&alone, s, dpi, raster.DefaultCompression); err != nil {
				t.Error(err)
				return
			}
			if err := bd2.Write(&shared, s, dpi, raster.DefaultCompression); err != nil {
				t.Error(err)
				return
			}
			if !bytes.Equal(alone.Bytes(), shared.Bytes()) {
				t.Errorf("at once, page %d (%q): the PNG written through Backdrops differs from Write's", i, s.Lang)
			}
		})
	}
	wg.Wait()
	n, bands := bd.Kept()
	t.Logf("kept %d bands in %d bytes", bands, n)
	if bands == 0 {
		t.Error("Backdrops kept no band of the bundled poster's artwork")
	}
}

// recolourFirst returns a copy of items with the first path found, depth
// first, filled with c; the items it holds are shared with the original.
func recolourFirst(items []scene.Item, c color.NRGBA) []scene.Item {
	var walk func([]scene.Item) ([]scene.Item, bool)
	walk = func(items []scene.Item) ([]scene.Item, bool) {
		for i, it := range items {
			switch it := it.(type) {
			case *scene.Path:
				p := *it
				p.Fill.Color = c
				out := append([]scene.Item(nil), items...)
				out[i] = &p
				return out, true
			case *scene.Group:
				if sub, ok := walk(it.Items); ok {
					g := *it
					g.Items = sub
					out := append([]scene.Item(nil), items...)
					out[i] = &g
					return out, true
				}
			}
		}
		return items, false
	}
	out, _ := walk(items)
	return out
}

// TestBackdropThatFailsDoesNotHang: two pages sharing a backdrop whose
// drawing fails (an image that is not a PNG) both return the error; the
// page that waited for the other's band draws it itself.
func TestBackdropThatFailsDoesNotHang(t *testing.T) {
	f := notoSans(t)
	bad := &scene.Image{Box: scene.Rect{X: 10, Y: 10, W: 50, H: 50}, Format: "png", Data: []byte("not a png"), Name: "bad.png", Opacity: 1}
	bg := scene.Rectangle(scene.Rect{W: 200, H: 150}, scene.Paint{Color: color.NRGBA{R: 10, G: 42, B: 82, A: 255}, Opacity: 1})
	bd := raster.NewBackdrops()
	errs := make(chan error, 2)
	for _, word := range []string{"one", "two"} {
		s := page(200, 150, bg, bad, textRun(t, f, 20, 20, 100, word, scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 1}))
		go func() {
			var b bytes.Buffer
			errs <- bd.Write(&b, s, 150, raster.DefaultCompression)
		}()
	}
	for range 2 {
		select {
		case err := <-errs:
			if err == nil {
				t.Error("a page with a broken image was written without an error")
			}
		case <-time.After(30 * time.Second):
			t.Fatal("a page waited for a band that will never be kept")
		}
	}
}
