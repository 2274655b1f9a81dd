package color

import (
	"encoding/binary"
	"fmt"
	"math"
)

// A pipeline is one A2Bx or B2Ax tag: a chain of stages on values
// normalised to 0…1 in the tag's own encoding (§10.10–10.13). enc says how
// its PCS side is encoded: lut16 (mft2) uses the legacy 16-bit Lab encoding
// of ICC v2 even in v4 profiles (§10.11), lut8 (mft1) and lutAtoB/lutBtoA
// the v4 one (§6.3.4.2).
type pipeline struct {
	in, out int
	enc     pcsEncoding
	stages  []stage
}

type stage interface {
	// eval reads in and writes out; both have at least maxChannels
	// elements, of which the stage uses its own counts.
	eval(out, in []float64)
}

// eval runs the pipeline on in (len ≥ p.in) and writes p.out values to out.
func (p *pipeline) eval(out, in []float64) {
	var a, b [maxChannels]float64
	copy(a[:], in[:p.in])
	for _, s := range p.stages {
		s.eval(b[:], a[:])
		a, b = b, a
	}
	copy(out[:p.out], a[:p.out])
}

// curveSet applies one curve per channel.
type curveSet []curve

func (cs curveSet) eval(out, in []float64) {
	for i, c := range cs {
		out[i] = clamp01(c.eval(in[i]))
	}
}

// matrixStage is the 3×3 matrix (with the offsets of lutAtoB/lutBtoA,
// §10.12.5) applied to normalised values, as Little CMS does.
type matrixStage struct {
	m   [3][3]float64
	off [3]float64
}

func (s *matrixStage) eval(out, in []float64) {
	v := mul3(s.m, [3]float64{in[0], in[1], in[2]})
	for i := range 3 {
		out[i] = v[i] + s.off[i]
	}
}

// clut is a multidimensional colour lookup table (§10.12.3). The first
// input varies slowest. Inputs are clamped to 0…1.
type clut struct {
	grid   []int
	stride []int // in values, per input
	nOut   int
	values []float64
	// trilinear is set on the CLUTs of B2A tables with a Lab PCS: a Lab
	// cube's neutral axis is not its main diagonal, so tetrahedral
	// interpolation bends greys there. Little CMS interpolates these
	// tables trilinearly too (ChangeInterpolationToTrilinear); Argyll's
	// own lookup stays tetrahedral.
	trilinear bool
}

// eval interpolates: tetrahedrally over three inputs (trilinearly for
// Lab inputs, see trilinear); with more, linearly along the first input
// between interpolations of the rest (four inputs: linear in C between two
// tetrahedral interpolations in M, Y, K, the scheme of Little CMS, so
// results match the reference); with one or two, (bi)linearly.
func (c *clut) eval(out, in []float64) {
	var idx [maxChannels]int
	var frac [maxChannels]float64
	for d, g := range c.grid {
		pos := clamp01(in[d]) * float64(g-1)
		i := int(pos)
		if i >= g-1 {
			i = g - 2
		}
		idx[d], frac[d] = i, pos-float64(i)
	}
	c.interp(out, 0, 0, &idx, &frac)
}

func (c *clut) interp(out []float64, d, base int, idx *[maxChannels]int, frac *[maxChannels]float64) {
	n := len(c.grid) - d
	switch {
	case n == 0:
		copy(out[:c.nOut], c.values[base:base+c.nOut])
		return
	case n == 3 && !c.trilinear:
		c.tetra(out, d, base+idx[d]*c.stride[d]+idx[d+1]*c.stride[d+1]+idx[d+2]*c.stride[d+2], frac)
		return
	}
	lo := base + idx[d]*c.stride[d]
	c.interp(out, d+1, lo, idx, frac)
	f := frac[d]
	if f == 0 {
		return
	}
	var hi [maxChannels]float64
	c.interp(hi[:], d+1, lo+c.stride[d], idx, frac)
	for k := range c.nOut {
		out[k] += f * (hi[k] - out[k])
	}
}

// tetra interpolates in the tetrahedron of the cube at base that holds
// the point: it walks from the cube's low corner to its high one along the
// axes in decreasing order of their fractions.
func (c *clut) tetra(out []float64, d, base int, frac *[maxChannels]float64) {
	ax := [3]int{d, d + 1, d + 2}
	// Sort the three axes by fraction, largest first.
	if frac[ax[0]] < frac[ax[1]] {
		ax[0], ax[1] = ax[1], ax[0]
	}
	if frac[ax[1]] < frac[ax[2]] {
		ax[1], ax[2] = ax[2], ax[1]
	}
	if frac[ax[0]] < frac[ax[1]] {
		ax[0], ax[1] = ax[1], ax[0]
	}
	fa, fb, fc := frac[ax[0]], frac[ax[1]], frac[ax[2]]
	v0 := base
	v1 := v0 + c.stride[ax[0]]
	v2 := v1 + c.stride[ax[1]]
	v3 := v2 + c.stride[ax[2]]
	vals := c.values
	for k := range c.nOut {
		p0, p1, p2, p3 := vals[v0+k], vals[v1+k], vals[v2+k], vals[v3+k]
		out[k] = p0 + fa*(p1-p0) + fb*(p2-p1) + fc*(p3-p2)
	}
}

func clamp01(x float64) float64 {
	if x > 0 {
		if x < 1 {
			return x
		}
		return 1
	}
	return 0 // also NaN
}

// newCLUT checks the grid and allocates the table; precision is 1 or 2
// bytes a value; raw holds the values.
func newCLUT(grid []int, nOut, precision int, raw []byte) (*clut, int, error) {
	c := &clut{grid: grid, stride: make([]int, len(grid)), nOut: nOut}
	total := nOut
	for d := len(grid) - 1; d >= 0; d-- {
		g := grid[d]
		if g < 2 {
			return nil, 0, fmt.Errorf("CLUT has %d grid points for input %d, need at least 2", g, d+1)
		}
		c.stride[d] = total
		total *= g
		if total > maxCLUTValues {
			return nil, 0, fmt.Errorf("CLUT of more than %d values is over the limit", maxCLUTValues)
		}
	}
	need := total * precision
	if need > len(raw) {
		return nil, 0, fmt.Errorf("CLUT needs %d bytes, %d remain", need, len(raw))
	}
	c.values = make([]float64, total)
	for i := range c.values {
		if precision == 1 {
			c.values[i] = float64(raw[i]) / 255
		} else {
			c.values[i] = float64(binary.BigEndian.Uint16(raw[2*i:])) / 65535
		}
	}
	return c, need, nil
}

// curve is a curveType (§10.6) or parametricCurveType (§10.18).
type curve struct {
	kind  curveKind
	gamma float64
	table []float64 // normalised entries
	fn    int       // parametric function type 0…4
	p     [7]float64
}

type curveKind uint8

const (
	curveIdentity curveKind = iota
	curveGamma
	curveTable
	curveParam
)

func (c *curve) eval(x float64) float64 {
	switch c.kind {
	case curveGamma:
		if x <= 0 {
			return 0
		}
		return math.Pow(x, c.gamma)
	case curveTable:
		t := c.table
		if x <= 0 {
			return t[0]
		}
		if x >= 1 {
			return t[len(t)-1]
		}
		pos := x * float64(len(t)-1)
		i := int(pos)
		f := pos - float64(i)
		if i+1 >= len(t) {
			return t[len(t)-1]
		}
		return t[i] + f*(t[i+1]-t[i])
	case curveParam:
		return c.param(x)
	}
	return x
}

// param evaluates the parametric functions of §10.18 table 68.
func (c *curve) param(x float64) float64 {
	g, a, b, cc, d, e, f := c.p[0], c.p[1], c.p[2], c.p[3], c.p[4], c.p[5], c.p[6]
	pow := func(v float64) float64 {
		if v <= 0 {
			return 0
		}
		return math.Pow(v, g)
	}
	switch c.fn {
	case 0:
		return pow(x)
	case 1:
		if a != 0 && x >= -b/a {
			return pow(a*x + b)
		}
		return 0
	case 2:
		if a != 0 && x >= -b/a {
			return pow(a*x+b) + cc
		}
		return cc
	case 3:
		if x >= d {
			return pow(a*x + b)
		}
		return cc * x
	case 4:
		if x >= d {
			return pow(a*x+b) + e
		}
		return cc*x + f
	}
	return x
}

// inverse returns x with eval(x) = y for a monotone curve: analytically
// for gamma and the sRGB-style parametric functions, by bisection for the
// rest (60 halvings reach float64 precision on 0…1).
func (c *curve) inverse(y float64) float64 {
	switch c.kind {
	case curveIdentity:
		return y
	case curveGamma:
		if y <= 0 || c.gamma == 0 {
			return 0
		}
		return math.Pow(y, 1/c.gamma)
	case curveParam:
		g, a, b, cc, d, e, f := c.p[0], c.p[1], c.p[2], c.p[3], c.p[4], c.p[5], c.p[6]
		if (c.fn == 3 || c.fn == 4) && a != 0 && g != 0 && cc != 0 {
			if c.fn == 3 {
				e, f = 0, 0
			}
			if y >= c.param(d) {
				v := y - e
				if v <= 0 {
					return -b / a
				}
				return (math.Pow(v, 1/g) - b) / a
			}
			return (y - f) / cc
		}
	}
	lo, hi := 0.0, 1.0
	rising := c.eval(1) >= c.eval(0)
	for range 60 {
		mid := (lo + hi) / 2
		if (c.eval(mid) < y) == rising {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// parseCurve reads a curv or para element at the start of t and returns it
// with the number of bytes it takes (unpadded).
func parseCurve(t []byte) (curve, int, error) {
	be := binary.BigEndian
	if len(t) < 12 {
		return curve{}, 0, fmt.Errorf("curve of %d bytes is truncated", len(t))
	}
	switch string(t[0:4]) {
	case "curv":
		n := be.Uint32(t[8:])
		if n > maxCurveEntries {
			return curve{}, 0, fmt.Errorf("curve of %d entries is over the %d this reader accepts", n, maxCurveEntries)
		}
		size := 12 + 2*int(n)
		if size > len(t) {
			return curve{}, 0, fmt.Errorf("curve of %d entries runs past its tag", n)
		}
		switch n {
		case 0:
			return curve{kind: curveIdentity}, size, nil
		case 1:
			return curve{kind: curveGamma, gamma: float64(be.Uint16(t[12:])) / 256}, size, nil
		}
		tab := make([]float64, n)
		for i := range tab {
			tab[i] = float64(be.Uint16(t[12+2*i:])) / 65535
		}
		return curve{kind: curveTable, table: tab}, size, nil
	case "para":
		fn := int(be.Uint16(t[8:]))
		counts := [...]int{1, 3, 4, 5, 7}
		if fn >= len(counts) {
			return curve{}, 0, fmt.Errorf("parametric curve of unknown function type %d", fn)
		}
		size := 12 + 4*counts[fn]
		if size > len(t) {
			return curve{}, 0, fmt.Errorf("parametric curve of type %d runs past its tag", fn)
		}
		c := curve{kind: curveParam, fn: fn}
		for i := range counts[fn] {
			c.p[i] = s15(t[12+4*i:])
		}
		return c, size, nil
	}
	return curve{}, 0, fmt.Errorf("curve type %q is neither curv nor para", t[0:4])
}

// parseCurves reads n curves starting at off in t, each padded to four
// bytes (§10.12.2).
func parseCurves(t []byte, off uint32, n int) (curveSet, error) {
	if uint64(off) >= uint64(len(t)) {
		return nil, fmt.Errorf("curves at offset %d are past the tag's %d bytes", off, len(t))
	}
	pos := int(off)
	cs := make(curveSet, n)
	for i := range n {
		if pos >= len(t) {
			return nil, fmt.Errorf("curve %d of %d is past the tag's end", i+1, n)
		}
		c, size, err := parseCurve(t[pos:])
		if err != nil {
			return nil, fmt.Errorf("curve %d: %v", i+1, err)
		}
		cs[i] = c
		pos += (size + 3) &^ 3
	}
	return cs, nil
}

// parseLut reads an A2Bx (toPCS) or B2Ax tag of type lut8, lut16,
// lutAtoB or lutBtoA into a pipeline.
func parseLut(t []byte, toPCS, pcsLab bool) (*pipeline, error) {
	if len(t) < 32 {
		return nil, fmt.Errorf("tag of %d bytes is too short for a LUT", len(t))
	}
	typ := string(t[0:4])
	in, out := int(t[8]), int(t[9])
	if in < 1 || in > maxChannels || out < 1 || out > maxChannels {
		return nil, fmt.Errorf("%s with %d inputs and %d outputs (1 to %d each)", typ, in, out, maxChannels)
	}
	var p *pipeline
	var err error
	switch typ {
	case "mft1", "mft2":
		p, err = parseLut816(t, in, out, typ == "mft2")
	case "mAB ":
		if !toPCS {
			return nil, fmt.Errorf("lutAtoBType in a B2A tag")
		}
		p, err = parseMAB(t, in, out)
	case "mBA ":
		if toPCS {
			return nil, fmt.Errorf("lutBtoAType in an A2B tag")
		}
		p, err = parseMBA(t, in, out)
	default:
		return nil, fmt.Errorf("tag type %q is not a LUT this reader knows (mft1, mft2, mAB, mBA)", typ)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", typ, err)
	}
	pcsChannels := p.out
	if !toPCS {
		pcsChannels = p.in
	}
	if pcsChannels != 3 {
		return nil, fmt.Errorf("%s has %d channels on its PCS side, want 3", typ, pcsChannels)
	}
	if pcsLab && !toPCS {
		for _, s := range p.stages {
			if c, ok := s.(*clut); ok && len(c.grid) == 3 {
				c.trilinear = true
			}
		}
	}
	switch {
	case !pcsLab:
		p.enc = encXYZ
	case typ == "mft2":
		p.enc = encLabV2
	default:
		p.enc = encLabV4
	}
	return p, nil
}

func parseLut816(t []byte, in, out int, is16 bool) (*pipeline, error) {
	be := binary.BigEndian
	grid := int(t[10])
	var m matrixStage
	for i := range 9 {
		m.m[i/3][i%3] = s15(t[12+4*i:])
	}
	nIn, nOut, pos, prec := 256, 256, 48, 1
	if is16 {
		if len(t) < 52 {
			return nil, fmt.Errorf("header truncated")
		}
		nIn, nOut, pos, prec = int(be.Uint16(t[48:])), int(be.Uint16(t[50:])), 52, 2
		// §10.11: 2 to 4096 entries a table.
		if nIn < 2 || nIn > 4096 || nOut < 2 || nOut > 4096 {
			return nil, fmt.Errorf("table sizes %d and %d are outside 2…4096", nIn, nOut)
		}
	}
	readTables := func(n, entries int) (curveSet, error) {
		need := n * entries * prec
		if pos+need > len(t) {
			return nil, fmt.Errorf("tables of %d×%d entries run past the tag", n, entries)
		}
		cs := make(curveSet, n)
		for i := range n {
			tab := make([]float64, entries)
			for j := range tab {
				if is16 {
					tab[j] = float64(be.Uint16(t[pos+2*(i*entries+j):])) / 65535
				} else {
					tab[j] = float64(t[pos+i*entries+j]) / 255
				}
			}
			cs[i] = curve{kind: curveTable, table: tab}
		}
		pos += need
		return cs, nil
	}
	inCurves, err := readTables(in, nIn)
	if err != nil {
		return nil, fmt.Errorf("input %v", err)
	}
	grids := make([]int, in)
	for i := range grids {
		grids[i] = grid
	}
	cl, n, err := newCLUT(grids, out, prec, t[pos:])
	if err != nil {
		return nil, err
	}
	pos += n
	outCurves, err := readTables(out, nOut)
	if err != nil {
		return nil, fmt.Errorf("output %v", err)
	}
	p := &pipeline{in: in, out: out}
	// The matrix is used with three inputs only (§10.10: "only used when
	// the input colour space is XYZ"); Little CMS likewise skips identity.
	if in == 3 && m.m != [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} {
		p.stages = append(p.stages, &m)
	}
	p.stages = append(p.stages, inCurves, cl, outCurves)
	return p, nil
}

type mabOffsets struct{ b, matrix, m, clut, a uint32 }

func readMABOffsets(t []byte) mabOffsets {
	be := binary.BigEndian
	return mabOffsets{be.Uint32(t[12:]), be.Uint32(t[16:]), be.Uint32(t[20:]), be.Uint32(t[24:]), be.Uint32(t[28:])}
}

func parseMatrix12(t []byte, off uint32) (*matrixStage, error) {
	if uint64(off)+48 > uint64(len(t)) {
		return nil, fmt.Errorf("matrix at offset %d runs past the tag", off)
	}
	var m matrixStage
	for i := range 9 {
		m.m[i/3][i%3] = s15(t[int(off)+4*i:])
	}
	for i := range 3 {
		m.off[i] = s15(t[int(off)+36+4*i:])
	}
	return &m, nil
}

func parseMABCLUT(t []byte, off uint32, in, out int) (*clut, error) {
	if uint64(off)+20 > uint64(len(t)) {
		return nil, fmt.Errorf("CLUT at offset %d runs past the tag", off)
	}
	o := int(off)
	grid := make([]int, in)
	for i := range in {
		grid[i] = int(t[o+i])
	}
	prec := int(t[o+16])
	if prec != 1 && prec != 2 {
		return nil, fmt.Errorf("CLUT precision %d is neither 1 nor 2 bytes", prec)
	}
	c, _, err := newCLUT(grid, out, prec, t[o+20:])
	return c, err
}

// parseMAB reads lutAtoBType (§10.12): A curves → CLUT → M curves →
// matrix → B curves.
func parseMAB(t []byte, in, out int) (*pipeline, error) {
	o := readMABOffsets(t)
	p := &pipeline{in: in, out: out}
	if o.b == 0 {
		return nil, fmt.Errorf("no B curves")
	}
	if o.clut == 0 && in != out {
		return nil, fmt.Errorf("%d inputs and %d outputs without a CLUT", in, out)
	}
	if o.a != 0 {
		cs, err := parseCurves(t, o.a, in)
		if err != nil {
			return nil, fmt.Errorf("A curves: %v", err)
		}
		p.stages = append(p.stages, cs)
	}
	if o.clut != 0 {
		c, err := parseMABCLUT(t, o.clut, in, out)
		if err != nil {
			return nil, err
		}
		p.stages = append(p.stages, c)
	}
	if o.m != 0 {
		cs, err := parseCurves(t, o.m, out)
		if err != nil {
			return nil, fmt.Errorf("M curves: %v", err)
		}
		p.stages = append(p.stages, cs)
	}
	if o.matrix != 0 {
		if out != 3 {
			return nil, fmt.Errorf("matrix with %d outputs", out)
		}
		m, err := parseMatrix12(t, o.matrix)
		if err != nil {
			return nil, err
		}
		p.stages = append(p.stages, m)
	}
	cs, err := parseCurves(t, o.b, out)
	if err != nil {
		return nil, fmt.Errorf("B curves: %v", err)
	}
	p.stages = append(p.stages, cs)
	return p, nil
}

// parseMBA reads lutBtoAType (§10.13): B curves → matrix → M curves →
// CLUT → A curves.
func parseMBA(t []byte, in, out int) (*pipeline, error) {
	o := readMABOffsets(t)
	p := &pipeline{in: in, out: out}
	if o.b == 0 {
		return nil, fmt.Errorf("no B curves")
	}
	if o.clut == 0 && in != out {
		return nil, fmt.Errorf("%d inputs and %d outputs without a CLUT", in, out)
	}
	cs, err := parseCurves(t, o.b, in)
	if err != nil {
		return nil, fmt.Errorf("B curves: %v", err)
	}
	p.stages = append(p.stages, cs)
	if o.matrix != 0 {
		if in != 3 {
			return nil, fmt.Errorf("matrix with %d inputs", in)
		}
		m, err := parseMatrix12(t, o.matrix)
		if err != nil {
			return nil, err
		}
		p.stages = append(p.stages, m)
	}
	if o.m != 0 {
		cs, err := parseCurves(t, o.m, in)
		if err != nil {
			return nil, fmt.Errorf("M curves: %v", err)
		}
		p.stages = append(p.stages, cs)
	}
	if o.clut != 0 {
		c, err := parseMABCLUT(t, o.clut, in, out)
		if err != nil {
			return nil, err
		}
		p.stages = append(p.stages, c)
	}
	if o.a != 0 {
		cs, err := parseCurves(t, o.a, out)
		if err != nil {
			return nil, fmt.Errorf("A curves: %v", err)
		}
		p.stages = append(p.stages, cs)
	}
	return p, nil
}
