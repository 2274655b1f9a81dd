package template

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"go.yaml.in/yaml/v3"

	"posterkit/render/geom"
)

// Options are what Load needs beyond the folder.
type Options struct {
	// Assets is where artwork files the folder does not have are looked
	// up (the bundled assets/); nil: only the folder.
	Assets fs.FS
	// SVG reads the SVG files the artwork names (svg: items). This
	// package does not parse SVG itself: package layouts passes a reader
	// built on render/svg. nil: an svg: item is an error.
	SVG SVGReader
}

// SVGReader reads an SVG artwork file: its size, the text frames it
// marks, what it cannot draw. It is called once per file name, however
// often the artwork draws the file.
type SVGReader func(f SVGFile) (SVGInfo, error)

// SVGFile is an SVG artwork file as Load read it.
type SVGFile struct {
	Name  string // the path shown in messages, e.g. layouts/x/artwork.svg
	Data  []byte // the file
	Files fs.FS  // the folder it was read from (the template's, or the assets), for the images it names
	Dir   string // its folder inside Files
}

// SVGInfo is what an SVGReader found in a file.
type SVGInfo struct {
	// Width, Height is the drawing's own size in mm (its CSS px at 96
	// per inch).
	Width, Height float64
	// Frames are the text frames the drawing marks (a rect with id
	// "frame:NAME" or data-frame="NAME"), in document order.
	Frames   []SVGFrame
	Warnings []SVGWarning
	// Drawing is the parsed drawing, kept for the layout step so that
	// the file is parsed once per template, not once per page. It is
	// opaque here: the reader and the layout step agree on its type.
	Drawing any `json:"-"` // Data, hashed in its place (package batch)
}

// SVGFrame is a text frame an SVG drawing marks.
type SVGFrame struct {
	ID   string
	Box  geom.Rect // mm, from the drawing's top-left corner at its own size
	Line int       // in the SVG file
}

// SVGWarning is something in an SVG file that is not drawn.
type SVGWarning struct {
	Line    int // in the SVG file
	Element string
	Message string
}

// SVG is an SVG drawing in the artwork.
type SVG struct {
	Name string    // the path the template gives
	File string    // the file as shown in messages (layouts/x/art.svg, assets/art.svg)
	Data []byte    // the file
	Box  geom.Rect // mm: the drawing is scaled into it, aspect kept and centred
	Alt  string    // what the drawing shows, for tagged PDF; "": artwork
	Info SVGInfo
	// Files and Dir are where the images the file names are read from:
	// the folder it was read from, and its folder inside that.
	Files fs.FS `json:"-"`
	Dir   string
}

// Place maps a rectangle of the drawing (mm at its own size, from its
// top-left corner) to the page (mm from the trim box), as the drawing is
// placed in Box: scaled by the smaller of the two ratios and centred, as
// SVG's preserveAspectRatio xMidYMid meet (and svg.Drawing.Place) does.
func (s *SVG) Place(r geom.Rect) geom.Rect {
	k := min(s.Box.W/s.Info.Width, s.Box.H/s.Info.Height)
	ox := s.Box.X + (s.Box.W-s.Info.Width*k)/2
	oy := s.Box.Y + (s.Box.H-s.Info.Height*k)/2
	return geom.Rect{X: ox + r.X*k, Y: oy + r.Y*k, W: r.W * k, H: r.H * k}
}

// maxSVGFile bounds one SVG file, as render/svg does: an SVG with a few
// large embedded photographs.
const maxSVGFile = 64 << 20

// svgFile is an SVG file as read and checked once per name.
type svgFile struct {
	file  string // as shown
	files fs.FS  // the folder it was read from
	data  []byte
	info  SVGInfo
	err   string // why it cannot be drawn; "" if it can
}

// svgFrame is a frame a drawing marks, where the artwork places it.
type svgFrame struct {
	box   geom.Rect // mm on the page
	from  string    // the SVG file, as shown
	line  int       // in it
	node  *yaml.Node
	field string // the artwork item
}

// svg reads an svg: item: the file, and its box (x and y alone, or none,
// keep the drawing's own size).
func (l *loader) svg(n, v *yaml.Node, m map[string]*yaml.Node, field string, op float64) *Shape {
	d := l.decoder
	name := d.str(v, field+".svg")
	if name == "" {
		d.errf(v, field+".svg", "must name an SVG file")
		return nil
	}
	if _, ok := m["fill"]; ok {
		d.errf(m["fill"], field+".fill", "an SVG drawing has its own colours")
	}
	if l.opts.SVG == nil {
		d.errf(v, field+".svg", "this program reads no SVG artwork")
		return nil
	}
	f := l.svgFile(name)
	if f.err != "" {
		d.errf(v, field+".svg", "%s", f.err)
		return nil
	}
	s := &SVG{Name: name, File: f.file, Data: f.data, Info: f.info, Files: f.files, Dir: path.Dir(name),
		Box: geom.Rect{W: f.info.Width, H: f.info.Height}}
	if bv, ok := m["box"]; ok {
		before := len(d.errs)
		bm := d.mapping(bv, field+".box", "x", "y", "w", "h")
		_, hasW := bm["w"]
		_, hasH := bm["h"]
		if hasW || hasH {
			x, y, w, h := d.box(bv, field+".box")
			s.Box = geom.Rect{X: x, Y: y, W: w, H: h}
		} else {
			for _, k := range []string{"x", "y"} {
				if kv := d.required(bm, bv, field+".box", k); kv != nil {
					if k == "x" {
						s.Box.X = d.length(kv, field+".box.x")
					} else {
						s.Box.Y = d.length(kv, field+".box.y")
					}
				}
			}
		}
		if len(d.errs) > before {
			return nil
		}
	}
	if av, ok := m["alt"]; ok {
		s.Alt = d.str(av, field+".alt")
	}
	for _, fr := range f.info.Frames {
		if prev, dup := l.svgFrames[fr.ID]; dup {
			d.errf(v, field+".svg", "%s: line %d: frame %q is marked twice (first at %s line %d)", f.file, fr.Line, fr.ID, prev.from, prev.line)
			continue
		}
		l.svgFrames[fr.ID] = &svgFrame{box: s.Place(fr.Box), from: f.file, line: fr.Line, node: v, field: field + ".svg"}
	}
	return &Shape{Line: n.Line, Opacity: op, SVG: s}
}

// svgFile reads name from the template folder, or from the assets when
// the folder has no such file, and has the reader check it: once per
// name.
func (l *loader) svgFile(name string) *svgFile {
	if f, ok := l.svgs[name]; ok {
		return f
	}
	f := l.readSVG(name)
	l.svgs[name] = f
	return f
}

func (l *loader) readSVG(name string) *svgFile {
	if !fs.ValidPath(name) {
		return &svgFile{err: fmt.Sprintf("%q must be a relative path inside the template folder or assets/", name)}
	}
	files, shown := l.t.fsys, path.Join(l.t.dir, name)
	data, err := readLimited(files, name, maxSVGFile)
	if errors.Is(err, fs.ErrNotExist) && l.opts.Assets != nil {
		files, shown = l.opts.Assets, path.Join("assets", name)
		data, err = readLimited(files, name, maxSVGFile)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &svgFile{err: fmt.Sprintf("cannot read %q from the template folder or assets/", name)}
	case err != nil:
		return &svgFile{err: fmt.Sprintf("%s: %s", shown, fileProblem(err))}
	}
	info, err := l.opts.SVG(SVGFile{Name: shown, Data: data, Files: files, Dir: path.Dir(name)})
	if err != nil {
		return &svgFile{err: err.Error()}
	}
	if !(info.Width > 0 && info.Height > 0) {
		return &svgFile{err: fmt.Sprintf("%s: the drawing has no size", shown)}
	}
	return &svgFile{file: shown, files: files, data: data, info: info}
}

// drawingFrames gives the frames listed without a box the box their
// drawing marks, and refuses drawing frames no entry lists: a frame needs
// a style, which only layout.yaml gives.
func (l *loader) drawingFrames(t *Template, listed map[string]bool) {
	d := l.decoder
	for _, f := range t.Frames {
		if !f.boxless {
			continue
		}
		sf := l.svgFrames[f.ID]
		if sf == nil {
			d.errf(f.node, f.field, "missing box (no SVG artwork marks a frame %q)", f.ID)
			continue
		}
		f.Box = sf.box
		d.place(f, f.node, f.field+".box")
	}
	ids := make([]string, 0, len(l.svgFrames))
	for id := range l.svgFrames {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if sf := l.svgFrames[id]; !listed[id] {
			d.errf(sf.node, sf.field, "%s: line %d: the drawing marks frame %q, which frames: does not list: add {id: %s, style: STYLE} (a frame needs a style)", sf.from, sf.line, id, id)
		}
	}
}
