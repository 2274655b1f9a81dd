// Package assets embeds the artwork the bundled templates use (SVG, PNG, JPEG).
// Templates name an asset by its file name; a layout folder's own file of
// the same name takes precedence.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed *.svg
var files embed.FS

// FS returns the bundled artwork.
func FS() fs.FS { return files }

//go:embed icc/FOGRA39-posterkit.icc
var cmykProfile []byte

// CMYKProfileName is the bundled CMYK output profile's file name, for
// errors and PDF output intents (see icc/README.md for how it was made).
const CMYKProfileName = "FOGRA39-posterkit.icc"

// CMYKProfile returns the bundled CMYK output profile (FOGRA39, coated
// offset, 300 % total ink). The slice is shared: callers must not modify it.
func CMYKProfile() []byte { return cmykProfile }
