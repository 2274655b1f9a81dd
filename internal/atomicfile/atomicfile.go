// Package atomicfile writes files so that a reader sees either the old file
// or the whole new one, never a half-written file: the data goes to a
// temporary file in the same folder, is synced to disk, and is renamed over
// the final name.
package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
)

// tmpSuffix ends the name of every temporary file WriteFile makes, so that
// a sweep can recognise its own leftovers (a process killed mid-write).
const tmpSuffix = ".tmp"

// TempPrefix starts the name of every temporary file WriteFile makes for
// name: a dot (hidden in listings) and the final name.
func TempPrefix(name string) string { return "." + filepath.Base(name) + "." }

// IsTemp reports whether base (a file name without folder) is one of
// WriteFile's temporary files.
func IsTemp(base string) bool {
	return strings.HasPrefix(base, ".") && strings.HasSuffix(base, tmpSuffix) && strings.Count(base, ".") >= 3
}

// WriteFile writes data to name atomically, creating its folder. The file
// gets mode 0644.
func WriteFile(name string, data []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, TempPrefix(name)+"*"+tmpSuffix)
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		// Without the sync a crash after the rename can leave an empty
		// or partial file under the final name on some file systems.
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
