package export

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	stdcolor "image/color"
	"image/draw"
	_ "image/jpeg" // decoding artwork to convert it
	_ "image/png"
	"math"
	"os"
	"sync"

	"posterkit/assets"
	"posterkit/render/color"
	"posterkit/render/scene"
)

// Print is how PDFs are made for a CMYK press: the output profile every
// colour and image is converted through, the printing condition it
// stands for, and the rendering intent. Make one with NewPrint (or
// BundledPrint) and share it: it is safe for concurrent use.
type Print struct {
	Profile   *color.Profile
	Condition string // OutputConditionIdentifier, e.g. "FOGRA39"
	Registry  string // where the condition is registered, e.g. "http://www.color.org"
	Intent    color.Intent

	tr   *color.Transform
	grid func() *color.Grid // built on first use, for images
}

// NewPrint prepares conversion from sRGB to profile's CMYK with intent
// (relative colorimetric with black-point compensation, or perceptual
// where the profile has B2A0).
func NewPrint(profile *color.Profile, condition string, intent color.Intent) (*Print, error) {
	tr, err := color.NewTransform(color.SRGB(), profile, color.Options{Intent: intent, BlackPointCompensation: true})
	if err != nil {
		return nil, err
	}
	if condition == "" {
		return nil, fmt.Errorf("export: the profile %s needs the name of its printing condition (e.g. FOGRA39)", profile.Name)
	}
	return &Print{Profile: profile, Condition: condition, Registry: "http://www.color.org", Intent: intent, tr: tr, grid: sync.OnceValue(tr.Grid)}, nil
}

// BundledCondition is the printing condition of posterkit's own profile:
// offset on coated paper, ISO 12647-2 (FOGRA39), which most European
// shops print to or can match.
const BundledCondition = "FOGRA39"

// BundledPrint is NewPrint with posterkit's FOGRA39 profile (see
// assets/icc/README.md).
func BundledPrint(intent color.Intent) (*Print, error) {
	p, err := color.ParseOutputProfile(assets.CMYKProfileName, assets.CMYKProfile())
	if err != nil {
		return nil, err
	}
	return NewPrint(p, BundledCondition, intent)
}

// LoadPrint is NewPrint with a shop's profile read from file; a profile
// that is not an output-class CMYK profile is refused.
func LoadPrint(file, condition string, intent color.Intent) (*Print, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	p, err := color.ParseOutputProfile(file, data)
	if err != nil {
		return nil, err
	}
	return NewPrint(p, condition, intent)
}

// preview is the Print that previews inks on screen when the output has
// none: the bundled profile, which a template's cmyk() colours are meant
// for unless a shop's profile is given.
var preview = sync.OnceValues(func() (*Print, error) { return BundledPrint(color.RelativeColorimetric) })

// black is the sRGB black a template writes #000000: it prints as black
// ink alone (K 100), never as a four-colour black, so that text and thin
// lines stay sharp whatever the registration. A template that wants a
// rich black on a large area writes it as cmyk().
var black = stdcolor.NRGBA{A: 255}

// ink converts an sRGB paint to process CMYK (a gradient's stops too);
// inks are kept as they are.
func (p *Print) ink(pt scene.Paint) scene.Paint {
	if g := pt.Gradient; g != nil {
		c := *g
		c.Stops = make([]scene.Stop, len(g.Stops))
		for i, st := range g.Stops {
			st.Ink = p.ink(scene.Paint{Color: st.Color, Opacity: 1}).Ink
			c.Stops[i] = st
		}
		pt.Gradient = &c
	}
	if pt.Ink.Kind != scene.NoInk {
		return pt
	}
	c := pt.Color
	c.A = 255
	if c == black {
		pt.Ink = scene.Ink{Kind: scene.Process, K: 1}
		return pt
	}
	v := p.tr.CMYK([3]float64{float64(c.R) / 255, float64(c.G) / 255, float64(c.B) / 255})
	// Rounding to 1/1000 keeps near-zero inks from being written as
	// specks of colour (and makes a K-only grey stay K only).
	r := func(x float64) float64 { return math.Round(x*1000) / 1000 }
	pt.Ink = scene.Ink{Kind: scene.Process, C: r(v[0]), M: r(v[1]), Y: r(v[2]), K: r(v[3])}
	return pt
}

// previewed sets the sRGB preview of an ink paint through p's profile.
func (p *Print) previewed(pt scene.Paint) scene.Paint {
	var cmyk [4]float64
	switch i := pt.Ink; i.Kind {
	case scene.NoInk:
		return pt
	case scene.Process:
		cmyk = [4]float64{i.C, i.M, i.Y, i.K}
	case scene.Spot:
		cmyk = [4]float64{i.C * i.Tint, i.M * i.Tint, i.Y * i.Tint, i.K * i.Tint}
	}
	rgb := p.tr.RGB(cmyk)
	b := func(x float64) uint8 { return uint8(math.Round(math.Min(math.Max(x, 0), 1) * 255)) }
	pt.Color = stdcolor.NRGBA{R: b(rgb[0]), G: b(rgb[1]), B: b(rgb[2]), A: 255}
	return pt
}

// kOnly reports whether a process ink is black ink alone.
func kOnly(i scene.Ink) bool {
	return i.Kind == scene.Process && i.C == 0 && i.M == 0 && i.Y == 0 && i.K > 0
}

// toCMYK returns a copy of s with every colour and image as print inks:
// no RGB is left. With overprint, text in black ink alone overprints.
func (p *Print) toCMYK(s *scene.Scene, overprint bool) (*scene.Scene, error) {
	var err error
	out := mapScene(s, func(pt scene.Paint, text bool) scene.Paint {
		pt = p.ink(pt)
		pt.Overprint = pt.Overprint || text && overprint && kOnly(pt.Ink)
		return pt
	}, func(im *scene.Image) *scene.Image {
		c, e := p.image(im)
		if e != nil {
			err = cmp.Or(err, e)
			return im
		}
		return c
	})
	return out, err
}

// mapScene returns a copy of s whose paints (fills, strokes, text) are
// paint's and whose images are image's (nil: kept), groups followed as
// deep as the SVG importer makes them (the backends stop there too).
func mapScene(s *scene.Scene, paint func(p scene.Paint, text bool) scene.Paint, image func(*scene.Image) *scene.Image) *scene.Scene {
	out := *s
	var conv func(items []scene.Item, depth int) []scene.Item
	conv = func(items []scene.Item, depth int) []scene.Item {
		res := make([]scene.Item, len(items))
		for i, it := range items {
			res[i] = it
			switch it := it.(type) {
			case *scene.Path:
				c := *it
				c.Fill = paint(it.Fill, false)
				if it.Stroke != nil {
					st := *it.Stroke
					st.Paint = paint(st.Paint, false)
					c.Stroke = &st
				}
				res[i] = &c
			case *scene.GlyphRun:
				c := *it
				c.Fill = paint(it.Fill, true)
				res[i] = &c
			case *scene.Image:
				if image != nil {
					res[i] = image(it)
				}
			case *scene.Group:
				c := *it
				if depth < 256 {
					c.Items = conv(it.Items, depth+1)
				}
				res[i] = &c
			}
		}
		return res
	}
	out.Items, out.Marks, out.Guides = conv(s.Items, 0), conv(s.Marks, 0), conv(s.Guides, 0)
	return &out
}

// image returns im with its pixels as print inks, unless it is a JPEG
// already in CMYK or grey (both print as they are).
func (p *Print) image(im *scene.Image) (*scene.Image, error) {
	if im.CMYK != nil {
		return im, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data))
	if err != nil {
		return nil, fmt.Errorf("export: image %s: %w", im.Name, err)
	}
	if im.Format == "jpeg" && (cfg.ColorModel == stdcolor.CMYKModel || cfg.ColorModel == stdcolor.GrayModel) {
		return im, nil
	}
	src, _, err := image.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return nil, fmt.Errorf("export: image %s: %w", im.Name, err)
	}
	r := src.Bounds()
	nrgba, ok := src.(*image.NRGBA)
	if !ok {
		nrgba = image.NewNRGBA(r)
		draw.Draw(nrgba, r, src, r.Min, draw.Src)
	}
	grid := p.grid()
	out := image.NewCMYK(image.Rect(0, 0, r.Dx(), r.Dy()))
	alpha := image.NewAlpha(out.Rect)
	opaque := true
	memo := map[[3]uint8][4]uint8{} // artwork repeats few colours
	for y := 0; y < r.Dy(); y++ {
		row := nrgba.Pix[y*nrgba.Stride : y*nrgba.Stride+4*r.Dx()]
		for x := 0; x < r.Dx(); x++ {
			px := row[4*x : 4*x+4]
			key := [3]uint8{px[0], px[1], px[2]}
			v, ok := memo[key]
			if !ok {
				if key == [3]uint8{} {
					v = [4]uint8{0, 0, 0, 255} // black ink alone, as for paths
				} else {
					v = grid.CMYK8(px[0], px[1], px[2])
				}
				if len(memo) < 1<<16 { // a photograph: stop remembering
					memo[key] = v
				}
			}
			copy(out.Pix[y*out.Stride+4*x:], v[:])
			alpha.Pix[y*alpha.Stride+x] = px[3]
			opaque = opaque && px[3] == 255
		}
	}
	c := *im
	c.CMYK = out
	if !opaque {
		c.Alpha = alpha
	}
	return &c, nil
}

// hasInk reports whether any item of s is painted with a print ink.
func hasInk(s *scene.Scene) bool {
	var any func(items []scene.Item, depth int) bool
	any = func(items []scene.Item, depth int) bool {
		for _, it := range items {
			switch it := it.(type) {
			case *scene.Path:
				if it.Fill.Ink.Kind != scene.NoInk || it.Stroke != nil && it.Stroke.Paint.Ink.Kind != scene.NoInk {
					return true
				}
			case *scene.GlyphRun:
				if it.Fill.Ink.Kind != scene.NoInk {
					return true
				}
			case *scene.Group:
				if depth < 256 && any(it.Items, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return any(s.Items, 0) || any(s.Marks, 0) || any(s.Guides, 0)
}

// previews returns a copy of s whose ink paints show their sRGB previews.
func (p *Print) previews(s *scene.Scene) *scene.Scene {
	return mapScene(s, func(pt scene.Paint, _ bool) scene.Paint { return p.previewed(pt) }, nil)
}

// ParsePrint makes the Print a command line asks for: the bundled profile,
// or a shop's (icc, which needs its condition's name), with intent
// "relative" (relative colorimetric with black-point compensation) or
// "perceptual".
func ParsePrint(icc, condition, intent string) (*Print, error) {
	var in color.Intent
	switch intent {
	case "relative", "":
		in = color.RelativeColorimetric
	case "perceptual":
		in = color.Perceptual
	default:
		return nil, fmt.Errorf("export: intent %q: want relative or perceptual", intent)
	}
	switch {
	case icc == "" && condition == "":
		return BundledPrint(in)
	case icc == "":
		return nil, fmt.Errorf("export: --condition %s names the printing condition of a profile: give the profile with --icc FILE", condition)
	case condition == "":
		return nil, fmt.Errorf("export: --icc %s needs the name of its printing condition with --condition (ask the print shop; e.g. FOGRA51, GRACoL2013)", icc)
	}
	return LoadPrint(icc, condition, in)
}
