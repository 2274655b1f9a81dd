package raster_test

import (
	"bytes"
	"image/color"
	"testing"

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
