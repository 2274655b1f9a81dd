package preflight

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Ink coverage is measured on a Ghostscript rendering.
const (
	// inkDPI is the rendering's resolution: total ink is judged over
	// areas of a few millimetres (a 0.5 mm pixel here), not over single
	// hairlines, and a 50 dpi A0 page is only 1,650 × 2,340 pixels.
	inkDPI = 50
	// inkTimeout bounds Ghostscript's run: a poster renders in seconds at
	// 50 dpi; a file that takes minutes is hostile or broken.
	inkTimeout = 3 * time.Minute
	// maxInkPages bounds the pages rendered: past it, ink is not checked.
	maxInkPages = 200
	// maxPAMPixels bounds one rendered page read back: A0 with bleed at
	// 50 dpi is 4 million pixels; the bound leaves room for larger formats.
	maxPAMPixels = 64 << 20
)

func (c *checker) checkInk(data []byte, pages []*page) {
	limit := c.opt.MaxInk
	if c.opt.Ghostscript == "-" {
		c.add(Warn, CheckInk, 0, "", "ink coverage not checked: disabled")
		return
	}
	gs := c.opt.Ghostscript
	if gs == "" {
		gs = "gs"
	}
	path, err := exec.LookPath(gs)
	if err != nil {
		c.add(Warn, CheckInk, 0, "", "ink coverage not checked: Ghostscript (gs) is not installed")
		return
	}
	if len(pages) > maxInkPages {
		c.add(Warn, CheckInk, 0, "", fmt.Sprintf("ink coverage not checked: more than %d pages", maxInkPages))
		return
	}
	dir, err := os.MkdirTemp("", "preflight-ink-")
	if err != nil {
		c.add(Warn, CheckInk, 0, "", "ink coverage not checked: "+err.Error())
		return
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		c.add(Warn, CheckInk, 0, "", "ink coverage not checked: "+err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), inkTimeout)
	defer cancel()
	// pamcmyk32 writes 8-bit CMYK as PAM: the simplest raster to read
	// back. Spot colours are rendered through their alternate spaces,
	// RGB through Ghostscript's default conversion.
	cmd := exec.CommandContext(ctx, path, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
		"-sDEVICE=pamcmyk32", "-r"+strconv.Itoa(inkDPI), "-o", filepath.Join(dir, "p%d.pam"), in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			msg = fmt.Sprintf("it took longer than %v", inkTimeout)
		}
		c.add(Fail, CheckInk, 0, "", fmt.Sprintf("ink coverage not checked: Ghostscript could not render the file (%v %s)", err, msg))
		return
	}
	worst := 0.0
	for i, pg := range pages {
		n := i + 1
		m, x, y, err := maxInk(filepath.Join(dir, fmt.Sprintf("p%d.pam", n)), inkArea(pg))
		if err != nil {
			c.add(Warn, CheckInk, n, "", "ink coverage not checked: "+err.Error())
			continue
		}
		worst = max(worst, m)
		where := fmt.Sprintf("%.0f mm from the left and %.0f mm from the top of the media box", float64(x)/inkDPI*25.4, float64(y)/inkDPI*25.4)
		switch {
		case m > limit+0.5 && c.cmyk:
			c.add(Fail, CheckInk, n, "", fmt.Sprintf("total ink reaches %.0f %% at %s; the limit is %.0f %%: too much ink does not dry and marks the next sheet — reduce the rich blacks and dark mixes", m, where, limit))
		case m > limit+0.5:
			c.add(Warn, CheckInk, n, "", fmt.Sprintf("total ink would reach %.0f %% at %s after Ghostscript's default RGB-to-CMYK conversion (limit %.0f %%); the print shop's conversion decides the real value", m, where, limit))
		default:
			c.add(Pass, CheckInk, n, "", fmt.Sprintf("total ink at most %.0f %% (limit %.0f %%)", m, limit))
		}
	}
}

// inkArea is the part of a page's rendering the ink limit applies to, in
// pixels from its top-left corner: the bleed box, which is what is
// printed and kept. Printer's marks stand outside it in the registration
// colour, 400 % by design (the "marks" check looks at them); without a
// bleed box, the trim box; without either, everything.
func inkArea(pg *page) image.Rectangle {
	all := image.Rect(0, 0, math.MaxInt32, math.MaxInt32)
	box := pg.bleed
	if box == nil {
		box = pg.trim
	}
	if box == nil || pg.media == nil {
		return all
	}
	px := func(v float64) int { return int(math.Floor(v / 72 * inkDPI)) }
	m := pg.media
	// One pixel in from each edge: Ghostscript's anti-aliasing and
	// rounding put a mark's edge pixel astride the box.
	return image.Rect(px(box.x0-m.x0)+1, px(m.y1-box.y1)+1, px(box.x1-m.x0)-1, px(m.y1-box.y0)-1)
}

// maxInk reads a Ghostscript PAM (P7, TUPLTYPE CMYK, 8-bit) and returns
// the largest C+M+Y+K in percent within area (pixels) and the first pixel
// where it occurs.
func maxInk(path string, area image.Rectangle) (pct float64, x, y int, err error) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("no rendering of this page")
	}
	defer fh.Close()
	r := bufio.NewReader(fh)
	line, _ := r.ReadString('\n')
	if strings.TrimSpace(line) != "P7" {
		return 0, 0, 0, fmt.Errorf("the rendering is not a PAM file")
	}
	var w, h, depth, maxval int
	for range 32 { // a PAM header has six or seven lines
		line, err = r.ReadString('\n')
		if err != nil {
			return 0, 0, 0, fmt.Errorf("the rendering's header is cut short")
		}
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if f[0] == "ENDHDR" {
			break
		}
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "WIDTH":
			w = v
		case "HEIGHT":
			h = v
		case "DEPTH":
			depth = v
		case "MAXVAL":
			maxval = v
		}
	}
	if depth != 4 || maxval != 255 || w <= 0 || h <= 0 || w*h > maxPAMPixels {
		return 0, 0, 0, fmt.Errorf("the rendering is not 8-bit CMYK of a sensible size")
	}
	row := make([]byte, 4*w)
	best := -1
	for yy := range h {
		if _, err := io.ReadFull(r, row); err != nil {
			return 0, 0, 0, fmt.Errorf("the rendering is cut short")
		}
		if yy < area.Min.Y || yy >= area.Max.Y {
			continue
		}
		for xx := max(0, area.Min.X); xx < min(w, area.Max.X); xx++ {
			p := row[4*xx : 4*xx+4]
			s := int(p[0]) + int(p[1]) + int(p[2]) + int(p[3])
			if s > best {
				best, x, y = s, xx, yy
			}
		}
	}
	if best < 0 {
		best = 0
	}
	return float64(best) * 100 / 255, x, y, nil
}
