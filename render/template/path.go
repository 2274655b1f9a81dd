package template

import (
	"errors"

	"posterkit/render/geom"
)

// Limits on path data, with their reasons.
const (
	// maxPathCommands bounds the SVG path data one artwork item may hold;
	// the bundled artwork uses a few hundred.
	maxPathCommands = 100000
	// maxPathCoord: like every length in a layout, ±100 m is far beyond
	// any poster and keeps coordinates within what PDF readers accept.
	maxPathCoord = 1e5
)

// parsePathData reads an artwork item's SVG path data in the template's
// units. Unlike an SVG file, which draws a path up to its first error, a
// template refuses a path with an error, saying where.
func parsePathData(d string) (geom.Path, error) {
	p, err := geom.ParsePathData(d, maxPathCommands, maxPathCoord)
	if err != nil {
		return geom.Path{}, err
	}
	if len(p.Segments) == 0 {
		return geom.Path{}, errors.New("empty path data")
	}
	return p, nil
}
