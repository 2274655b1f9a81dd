// Package safefile reads a user's file (a font, a strings file) the
// careful way: only a regular file — never a FIFO that would block, a
// device such as /dev/zero that never ends, or a folder — and no more of
// it than a limit, checked while reading rather than after.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTooLarge is returned (wrapped) for a file over the limit.
var ErrTooLarge = errors.New("too large")

// Read returns the contents of the regular file name, refusing anything
// else and files over limit bytes; what names the kind of file in the
// message ("font", "strings file").
func Read(name string, limit int64, what string) ([]byte, error) {
	// Stat before opening: opening a FIFO blocks until a writer comes.
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (a %s must be a file, not a %s)", name, what, kind(st.Mode()))
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The name may have been replaced between the Stat and the Open.
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w for a %s (more than %d MB)", name, ErrTooLarge, what, limit>>20)
	}
	return data, nil
}

func kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	case m&os.ModeNamedPipe != 0:
		return "named pipe"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		return "device"
	case m&os.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}
