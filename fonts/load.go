package fonts

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// maxFontFile bounds a font file read from disk. The largest fonts a
// poster uses are pan-CJK collections (Noto Sans CJK's OTC of every
// weight is about 120 MB); anything larger is not a font meant for text.
const maxFontFile = 256 << 20

// LoadFile reads and parses a user's font file (see Load): only a regular
// file, and no more of it than maxFontFile, is read.
func LoadFile(name string) (*Font, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("fonts: %s is not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFontFile+1))
	if err != nil {
		return nil, fmt.Errorf("fonts: %s: %w", name, err)
	}
	if len(data) > maxFontFile {
		return nil, fmt.Errorf("fonts: %s is larger than %d MB, too large for a font", name, maxFontFile>>20)
	}
	return Load(filepath.Base(name), data)
}
