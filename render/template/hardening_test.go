package template

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// within runs f and fails the test if it has not returned after d: a hang
// detector, not a measurement.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// loadDir loads the template in dir through os.DirFS, which (unlike the
// os.Root of layouts.Open) follows every symbolic link.
func loadDir(t *testing.T, dir string) (tm *Template, err error) {
	t.Helper()
	within(t, 10*time.Second, func() { tm, err = Load(os.DirFS(dir), "my-layout", Options{}) })
	return tm, err
}

func testJPEG(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testPNG(t testing.TB, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withExif inserts an APP1 Exif segment holding orientation o right after
// the JPEG's SOI, as a camera writes it (big- or little-endian TIFF).
func withExif(jpg []byte, o uint16, bo binary.ByteOrder) []byte {
	tiff := make([]byte, 8+2+12+4)
	if bo == binary.LittleEndian {
		copy(tiff, "II")
	} else {
		copy(tiff, "MM")
	}
	bo.PutUint16(tiff[2:], 42)
	bo.PutUint32(tiff[4:], 8) // IFD0
	bo.PutUint16(tiff[8:], 1) // one entry
	e := tiff[10:]
	bo.PutUint16(e, 0x0112) // Orientation
	bo.PutUint16(e[2:], 3)  // SHORT
	bo.PutUint32(e[4:], 1)
	bo.PutUint16(e[8:], o)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(2+len(seg)))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// countingFS counts the files opened.
type countingFS struct {
	fs.FS
	opens map[string]int
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opens[name]++
	return c.FS.Open(name)
}

func (c countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

const imageItem = "artwork:\n  - &img {image: a.png, box: {x: 0, y: 0, w: 10, h: 10}}\n"

// TestAliasesAreBoundedAfterExpanding: a few bytes of aliases may not
// become thousands of items of work, and an image item aliased many times
// is one file read.
func TestAliasesAreBoundedAfterExpanding(t *testing.T) {
	aliases := func(n int, item string) string {
		return good + item + strings.Repeat("  - *img\n", n)
	}
	longPath := "M0 0" + strings.Repeat(" L1 1", maxPathCommands-1)
	for _, c := range []struct {
		name, yaml, want string
	}{
		{"artwork items", aliases(maxArtwork, imageItem), "my-layout/layout.yaml:12: artwork: 1001 items (aliases counted as often as they are used), more than 1000"},
		{"100,000 aliases", aliases(100_000, imageItem), "my-layout/layout.yaml:12: artwork: 100001 items"},
		{"path commands", aliases(99, "artwork:\n  - &img {path: \""+longPath+"\", fill: \"#000000\"}\n"), "my-layout/layout.yaml:16: artwork[4]: the artwork has more than 400000 path segments"},
		{"frames", good + strings.Repeat("  - *f\n", maxFrames), "frames: 201 frames, more than 200"},
		{"languages", strings.Replace(good, "[en]", "[&l en"+strings.Repeat(", *l", maxLanguages)+"]", 1), "my-layout/layout.yaml:3: languages: 201 languages, more than 200"},
	} {
		t.Run(c.name, func(t *testing.T) {
			y := strings.Replace(c.yaml, "  - id: a\n", "  - &f\n    id: a\n", 1)
			m := fstest.MapFS{LayoutFile: {Data: []byte(y)}, "strings/en.yaml": {Data: []byte("a: x\n")}, "a.png": {Data: testPNG(t, 4, 4)}}
			var err error
			within(t, 20*time.Second, func() { _, err = Load(m, "my-layout", Options{}) })
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
		})
	}
	t.Run("image aliased 999 times is read once", func(t *testing.T) {
		m := countingFS{fstest.MapFS{
			LayoutFile:        {Data: []byte(aliases(maxArtwork-1, imageItem))},
			"strings/en.yaml": {Data: []byte("a: x\n")},
			"a.png":           {Data: testPNG(t, 4, 4)},
		}, map[string]int{}}
		tm, err := Load(m, "my-layout", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(tm.Artwork) != maxArtwork || m.opens["a.png"] != 1 {
			t.Fatalf("%d items, a.png opened %d times; want %d items, opened once", len(tm.Artwork), m.opens["a.png"], maxArtwork)
		}
		for _, s := range tm.Artwork {
			if &s.Image.Data[0] != &tm.Artwork[0].Image.Data[0] {
				t.Fatal("the items do not share the image's data")
			}
		}
	})
}

// TestSpecialFilesAreRefused: devices, FIFOs and files over the limit are
// refused by name, before they are read (or opened, for a FIFO).
func TestSpecialFilesAreRefused(t *testing.T) {
	const withImage = good + "artwork:\n  - image: a.png\n    box: {x: 0, y: 0, w: 10, h: 10}\n"
	for _, c := range []struct {
		name    string
		layout  string
		special string // the file made a link to /dev/zero, or a FIFO
		fifo    bool
		want    string
	}{
		{"layout is /dev/zero", good, "layout.yaml", false, "my-layout/layout.yaml: not a regular file"},
		{"layout is a FIFO", good, "layout.yaml", true, "my-layout/layout.yaml: not a regular file"},
		{"strings are /dev/zero", good, "strings/en.yaml", false, "my-layout/layout.yaml:3: languages[0]: my-layout/strings/en.yaml: not a regular file"},
		{"strings are a FIFO", good, "strings/en.yaml", true, "my-layout/layout.yaml:3: languages[0]: my-layout/strings/en.yaml: not a regular file"},
		{"image is /dev/zero", withImage, "a.png", false, "my-layout/layout.yaml:11: artwork[0].image: my-layout/a.png: not a regular file"},
		{"image is a FIFO", withImage, "a.png", true, "my-layout/layout.yaml:11: artwork[0].image: my-layout/a.png: not a regular file"},
		{"image is a folder", withImage, "a.png/", false, "my-layout/layout.yaml:11: artwork[0].image: my-layout/a.png: not a regular file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.Mkdir(filepath.Join(dir, "strings"), 0o755)
			files := map[string][]byte{"layout.yaml": []byte(c.layout), "strings/en.yaml": []byte("a: x\n"), "a.png": testPNG(t, 4, 4)}
			for name, data := range files {
				if strings.TrimSuffix(c.special, "/") != name {
					os.WriteFile(filepath.Join(dir, name), data, 0o644)
				}
			}
			target := filepath.Join(dir, strings.TrimSuffix(c.special, "/"))
			var err error
			switch {
			case strings.HasSuffix(c.special, "/"):
				err = os.Mkdir(target, 0o755)
			case c.fifo:
				err = syscall.Mkfifo(target, 0o644)
			default:
				err = os.Symlink("/dev/zero", target)
			}
			if err != nil {
				t.Skip(err)
			}
			_, err = loadDir(t, dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
		})
	}
}

// TestReadLimitedStopsAtTheLimit: the limit applies while reading, whatever
// the file's size says.
func TestReadLimitedStopsAtTheLimit(t *testing.T) {
	m := fstest.MapFS{"f": {Data: make([]byte, 101)}, "g": {Data: make([]byte, 100)}}
	if _, err := readLimited(m, "f", 100); err == nil || !strings.Contains(err.Error(), "file too large (more than 100 bytes)") {
		t.Errorf("101 bytes with a limit of 100: %v", err)
	}
	if data, err := readLimited(m, "g", 100); err != nil || len(data) != 100 {
		t.Errorf("100 bytes with a limit of 100: %d bytes, %v", len(data), err)
	}
	big := good + "# " + strings.Repeat("x", maxFileSize) + "\n"
	if _, err := load(t, big); err == nil || !strings.Contains(err.Error(), "my-layout/layout.yaml: file too large") {
		t.Errorf("layout over %d bytes: %v", maxFileSize, err)
	}
}

// TestBrokenImagesAreRefused: every image is decoded at load, and a JPEG
// that a camera stored sideways (EXIF orientation) is refused rather than
// drawn sideways.
func TestBrokenImagesAreRefused(t *testing.T) {
	jpg, pngData := testJPEG(t, 64, 48), testPNG(t, 64, 48)
	layout := good + "artwork:\n  - image: a.img\n    box: {x: 0, y: 0, w: 10, h: 10}\n"
	const at = "my-layout/layout.yaml:11: artwork[0].image: my-layout/a.img: "
	for _, c := range []struct {
		name string
		data []byte
		want string // "" loads
	}{
		{"whole JPEG", jpg, ""},
		{"whole PNG", pngData, ""},
		{"truncated JPEG", jpg[:len(jpg)/2], at + "broken JPEG image: "},
		// The PNG backend's decoder (image/jpeg) refuses it too.
		{"JPEG without its end", jpg[:len(jpg)-2], at + "broken JPEG image: unexpected EOF"},
		{"truncated PNG", pngData[:len(pngData)-20], at + "broken PNG image"},
		{"header only", jpg[:200], at + "broken JPEG image: unexpected EOF"},
		{"not an image", []byte("GIF89a"), at + "not a PNG or JPEG image"},
		{"upright Exif, big-endian", withExif(jpg, 1, binary.BigEndian), ""},
		{"upright Exif, little-endian", withExif(jpg, 1, binary.LittleEndian), ""},
		{"orientation 6", withExif(jpg, 6, binary.BigEndian), at + "EXIF orientation 6: the pixels are stored turned 90° counter-clockwise from upright and posterkit draws them as stored; turn them upright first (exiftran -ai, or jpegtran -rotate 90 -copy none)"},
		{"orientation 3, little-endian", withExif(jpg, 3, binary.LittleEndian), at + "EXIF orientation 3"},
		{"orientation 2", withExif(jpg, 2, binary.BigEndian), at + "EXIF orientation 2: the pixels are stored mirrored left to right"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm, err := load(t, layout, "a.img", string(c.data))
			if c.want == "" {
				if err != nil || len(tm.Artwork) != 1 {
					t.Fatalf("%v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
		})
	}
}

func TestExifOrientation(t *testing.T) {
	jpg := testJPEG(t, 8, 8)
	o6 := withExif(jpg, 6, binary.BigEndian)
	for _, c := range []struct {
		name string
		data []byte
		want int
	}{
		{"none", jpg, 0},
		{"6, big-endian", o6, 6},
		{"8, little-endian", withExif(jpg, 8, binary.LittleEndian), 8},
		{"after a JFIF APP0", append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 'J', 'F'}, o6[2:]...), 6},
		{"Exif cut short", o6[:20], 0},
		{"IFD offset past the end", bytes.Replace(o6, []byte{0, 0, 0, 8}, []byte{0x7F, 0, 0, 8}, 1), 0},
		{"PNG", testPNG(t, 2, 2), 0},
		{"empty", nil, 0},
	} {
		if got := exifOrientation(c.data); got != c.want {
			t.Errorf("%s: orientation %d, want %d", c.name, got, c.want)
		}
	}
}

// TestGeometryIsChecked: sizes that are unit mistakes, frames off the
// page and language names the command line reserves are errors at load.
func TestGeometryIsChecked(t *testing.T) {
	frame := func(x, y, w, h float64) string {
		return strings.Replace(good, "{x: 10, y: 10, w: 100, h: 50}", fmt.Sprintf("{x: %g, y: %g, w: %g, h: %g}", x, y, w, h), 1)
	}
	for _, c := range []struct {
		name, yaml, want string // want "" loads
	}{
		{"frame touching the trim edges", frame(0, 0, 210, 297), ""},
		{"frame partly off the right edge", frame(150, 10, 100, 50), "my-layout/layout.yaml:8: frames[0].box: x 150..250, y 10..60 mm is not inside the trim box (0..210, 0..297 mm)"},
		{"frame in the bleed", frame(-1, 10, 100, 50), "my-layout/layout.yaml:8: frames[0].box: x -1..99"},
		{"frame wholly off the page", frame(1000, 1000, 10, 10), "my-layout/layout.yaml:8: frames[0].box: x 1000..1010, y 1000..1010 mm is not inside"},
		{"frame below the page", frame(10, 290, 10, 10), "frames[0].box: x 10..20, y 290..300 mm"},
		{"page of 0.001 mm", strings.Replace(good, "{size: A4}", "{size: 0.001x0.001}", 1), "my-layout/layout.yaml:2: page.size: 0.001x0.001 mm: a page must be at least 10 mm a side"},
		{"page of 10 mm", strings.Replace(frame(0, 0, 10, 10), "{size: A4}", "{size: 10x10}", 1), ""},
		{"page of zero", strings.Replace(good, "{size: A4}", "{size: 0x100}", 1), "page.size: 0x100 mm: a page must be at least 10 mm a side"},
		{"font of 0.0002 pt", strings.Replace(good, "min: 10, max: 20", "min: 0.0002, max: 0.0002", 1), "my-layout/layout.yaml:5: styles.s.size.min: 0.0002 pt is below the smallest size, 1 pt"},
		{"font of 1 pt", strings.Replace(good, "min: 10, max: 20", "min: 1, max: 1", 1), ""},
		{"empty image name", good + "artwork:\n  - image: \"\"\n    box: {x: 0, y: 0, w: 1, h: 1}\n", "my-layout/layout.yaml:11: artwork[0].image: must name an image file"},
		{"language blank", strings.Replace(good, "[en]", "[en, blank]", 1), "my-layout/layout.yaml:3: languages[1]: \"blank\" is a word of the command line (blank, all), not a language"},
		{"language all", strings.Replace(good, "[en]", "[all]", 1), "my-layout/layout.yaml:3: languages[0]: \"all\" is a word of the command line"},
		{"source all", good + "source: all\n", "my-layout/layout.yaml:10: source: \"all\" is a word of the command line"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := load(t, c.yaml, "strings/blank.yaml", "a: x\n", "strings/all.yaml", "a: x\n")
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
		})
	}
}

// FuzzImage feeds the load-time image check arbitrary files: it must
// accept or refuse them, never panic, and never accept what image.Decode
// cannot decode.
func FuzzImage(f *testing.F) {
	emblem := testPNG(f, 600, 600)
	jpg := testJPEG(f, 16, 16)
	for _, s := range [][]byte{emblem, emblem[:len(emblem)/2], jpg, jpg[:len(jpg)/2], withExif(jpg, 6, binary.BigEndian), withExif(jpg, 1, binary.LittleEndian), testPNG(f, 3, 5), nil} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format, problem := checkImage(data)
		if problem == "" {
			if format != "png" && format != "jpeg" {
				t.Fatalf("accepted format %q", format)
			}
			if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
				t.Fatalf("accepted an image that does not decode: %v", err)
			}
		}
		exifOrientation(data)
	})
}
