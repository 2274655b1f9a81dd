// Package layouts embeds the bundled templates: one folder per layout,
// each with layout.yaml and strings/<lang>.yaml (see the README's template
// format). It is data only; package template reads it.
package layouts

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed */layout.yaml */strings/*.yaml
var files embed.FS

// FS returns the bundled layouts, one folder per layout.
func FS() fs.FS { return files }

// Names lists the bundled layouts, sorted.
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
