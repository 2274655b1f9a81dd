// Package layouts holds the bundled templates — one folder per template,
// each with layout.yaml and strings/<lang>.yaml (see the README's template
// format) — and opens a template by bundled name or by folder.
package layouts

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"posterkit/assets"
	"posterkit/render/geom"
	"posterkit/render/svg"
	"posterkit/render/template"
)

//go:embed */layout.yaml */strings/*.yaml
var files embed.FS

// Default is the template commands use when given none.
const Default = "wtisd-2009"

// FS returns the bundled templates, one folder per template.
func FS() fs.FS { return files }

// Names lists the bundled templates, sorted.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Bundled loads the bundled template name, with the bundled artwork.
func Bundled(name string) (*template.Template, error) {
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("layouts: no bundled template %q (there are %s)", name, strings.Join(Names(), ", "))
	}
	sub, err := fs.Sub(files, name)
	if err != nil {
		return nil, err
	}
	return template.Load(sub, "layouts/"+name, loadOptions())
}

// Open loads a template folder by path, or a bundled template by name. A
// bare name is a bundled template unless a folder of that name holds a
// layout.yaml (so running posterkit inside its own output folder, which
// has a wtisd-2009 folder of PNGs, still finds the bundled poster).
// Images are looked up in the folder, then in the bundled assets. A folder
// is read only inside itself: names and symbolic links that lead out of it
// are refused.
func Open(arg string) (*template.Template, error) {
	isBundled := slices.Contains(Names(), arg)
	hasFile := false
	if _, err := os.Stat(filepath.Join(arg, template.LayoutFile)); err == nil {
		hasFile = true
	}
	if hasFile || !isBundled {
		if st, err := os.Stat(arg); err == nil && st.IsDir() || strings.ContainsAny(arg, `/\`) {
			// Through an os.Root, so that no name in the template, nor a
			// symbolic link in its folder, reaches a file outside it. The
			// root stays open as long as the template reads strings from
			// it; it closes when the template is collected.
			root, err := os.OpenRoot(arg)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil, fmt.Errorf("%s: no such template (missing %s)", filepath.Clean(arg), template.LayoutFile)
				}
				return nil, fmt.Errorf("layouts: %w", err)
			}
			return template.Load(root.FS(), filepath.Clean(arg), loadOptions())
		}
		return nil, fmt.Errorf("layouts: no template %q: not a folder, nor a bundled template (%s)", arg, strings.Join(Names(), ", "))
	}
	return Bundled(arg)
}

// loadOptions are the bundled assets and the SVG reader templates load
// with.
func loadOptions() template.Options {
	return template.Options{Assets: assets.FS(), SVG: ReadSVG}
}

// ReadSVG is the template.SVGReader built on render/svg: it parses the
// file once, and the layout step draws the *svg.Drawing it keeps.
func ReadSVG(f template.SVGFile) (template.SVGInfo, error) {
	d, warns, err := svg.Parse(f.Data, svg.Options{Name: f.Name, Files: f.Files, Dir: f.Dir})
	if err != nil {
		return template.SVGInfo{}, err
	}
	const mmPerPx = 25.4 / 96 // CSS px, 96 per inch
	info := template.SVGInfo{Width: d.Width * mmPerPx, Height: d.Height * mmPerPx, Drawing: d}
	for _, fr := range d.Frames {
		info.Frames = append(info.Frames, template.SVGFrame{ID: fr.Name, Line: fr.Line,
			Box: geom.Rect{X: fr.Box.X * mmPerPx, Y: fr.Box.Y * mmPerPx, W: fr.Box.W * mmPerPx, H: fr.Box.H * mmPerPx}})
	}
	for _, w := range warns {
		info.Warnings = append(info.Warnings, template.SVGWarning{Line: w.Line, Element: w.Element, Message: w.Message})
	}
	return info, nil
}
