// Package assets embeds the artwork the bundled templates use (PNG, JPEG).
// Templates name an asset by its file name; a layout folder's own file of
// the same name takes precedence.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed *.png
var files embed.FS

// FS returns the bundled artwork.
func FS() fs.FS { return files }
