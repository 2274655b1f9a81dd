// Package atomicfile writes files so that a reader sees either the old file
// or the whole new one, never a half-written file: the data goes to a
// temporary file in the same folder, is synced to disk, and is renamed over
// the final name, and the folder is synced so that the rename survives a
// crash. It also locks an output folder for one process at a time
// (LockDir), and sweeps the temporary files a killed process left behind
// (Sweep).
package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// tmpSuffix ends the name of every temporary file WriteFile makes, so that
// a sweep can recognise its own leftovers (a process killed mid-write).
const tmpSuffix = ".tmp"

// TempPrefix starts the name of every temporary file WriteFile makes for
// name: a dot (hidden in listings) and the final name.
func TempPrefix(name string) string { return "." + filepath.Base(name) + "." }

// TempFor reports whether base (a file name without folder) is one of
// WriteFile's temporary files, and if so the name of the file it was to
// become. The pattern is exactly the one WriteFile makes,
// ".<final>.<digits>.tmp" (os.CreateTemp puts a decimal number where the
// pattern has its "*"), so that a sweep never takes a user's own hidden
// ".something.tmp" for one of ours.
func TempFor(base string) (final string, ok bool) {
	rest, ok := strings.CutSuffix(base, tmpSuffix)
	if !ok || !strings.HasPrefix(rest, ".") {
		return "", false
	}
	dot := strings.LastIndexByte(rest, '.')
	digits := rest[dot+1:]
	if dot < 2 || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	return rest[1:dot], true
}

// IsTemp reports whether base (a file name without folder) is one of
// WriteFile's temporary files.
func IsTemp(base string) bool {
	_, ok := TempFor(base)
	return ok
}

// testHookBeforeRename, if set (by tests), runs when the temporary file is
// written and synced, just before it is renamed over name; an error from
// it fails the write there.
var testHookBeforeRename func(tmp, name string) error

// WriteFile writes data to name atomically, creating its folder. The file
// gets mode 0644. If it fails, name is as it was and no temporary file is
// left.
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
	if err == nil && testHookBeforeRename != nil {
		err = testHookBeforeRename(tmp.Name(), name)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return syncDir(dir)
}

// syncDir makes the renames in dir durable: until the folder itself is
// synced, a crash can bring back the old entry (or none) even though the
// new file's data is on disk.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		// A folder cannot be opened for syncing there; NTFS journals
		// the rename itself.
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		// Some file systems (network and FUSE ones) cannot sync a
		// folder; the rename is as durable there as they make it.
		return nil
	}
	return err
}

// Sweep removes the temporary files WriteFile left in dir for final names
// that match (nil: any) — the leftovers of a process killed mid-write — and
// returns their paths. A temporary file may be a live writer's, so call
// Sweep only while holding the lock every writer of those names takes
// (LockDir): then none of them is live. A missing dir has nothing to sweep.
func Sweep(dir string, match func(final string) bool) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var swept []string
	var errs []error
	for _, e := range entries {
		final, ok := TempFor(e.Name())
		if !ok || !e.Type().IsRegular() || (match != nil && !match(final)) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		swept = append(swept, name)
	}
	return swept, errors.Join(errs...)
}
