package fonts

import (
	"fmt"
	"path/filepath"

	"posterkit/internal/safefile"
)

// maxFontFile bounds a font file read from disk. The largest fonts a
// poster uses are pan-CJK collections (Noto Sans CJK's OTC of every
// weight is about 120 MB); anything larger is not a font meant for text.
const maxFontFile = 256 << 20

// LoadFile reads and parses a user's font file (see Load): only a regular
// file, and no more of it than maxFontFile, is read.
func LoadFile(name string) (*Font, error) {
	data, err := safefile.Read(name, maxFontFile, "font")
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	return Load(filepath.Base(name), data)
}
