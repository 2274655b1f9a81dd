package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadRefusesWhatIsNotAPlainFileInBoundedTime(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "sw.po")
	os.WriteFile(plain, []byte("msgid \"\"\n"), 0o644)
	big := filepath.Join(dir, "big.po")
	os.WriteFile(big, make([]byte, 2<<20), 0o644)
	fifo := filepath.Join(dir, "fifo.po")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.po")
	os.Symlink("/dev/zero", zero)
	for _, c := range []struct{ name, want string }{
		{plain, ""},
		{big, "too large for a strings file"},
		{fifo, "not a regular file (a strings file must be a file, not a named pipe)"},
		{zero, "not a regular file (a strings file must be a file, not a device)"},
		{dir, "not a regular file (a strings file must be a file, not a folder)"},
		{filepath.Join(dir, "none.po"), "no such file"},
	} {
		done := make(chan error, 1)
		go func() { _, err := Read(c.name, 1<<20, "strings file"); done <- err }()
		select {
		case err := <-done:
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("%s: %v, want %q", filepath.Base(c.name), err, c.want)
			}
			if c.name == big && !errors.Is(err, ErrTooLarge) {
				t.Errorf("a large file's error is not ErrTooLarge: %v", err)
			}
		case <-time.After(10 * time.Second): // a hang detector, not a measurement
			t.Fatalf("%s: Read hangs", filepath.Base(c.name))
		}
	}
}
