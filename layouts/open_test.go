package layouts

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenStaysInsideTheFolder: a template folder is read through an
// os.Root, so a symbolic link leading out of it (to a file, or to
// /dev/zero) is refused by name, and a FIFO inside it is refused without
// being opened.
func TestOpenStaysInsideTheFolder(t *testing.T) {
	const image = "\n  - image: own.png\n    box: {x: 0, y: 0, w: 10, h: 10}\n"
	for _, c := range []struct {
		name string
		make func(dir, mine string) error
		want string
	}{
		{"image linked outside", func(dir, mine string) error {
			os.WriteFile(filepath.Join(dir, "secret.png"), []byte("x"), 0o644)
			return os.Symlink("../secret.png", filepath.Join(mine, "own.png"))
		}, "mine/layout.yaml:47: artwork[2].image: mine/own.png: outside the template folder"},
		{"image linked to /dev/zero", func(dir, mine string) error {
			return os.Symlink("/dev/zero", filepath.Join(mine, "own.png"))
		}, "mine/layout.yaml:47: artwork[2].image: mine/own.png: outside the template folder"},
		{"image is a FIFO", func(dir, mine string) error {
			return syscall.Mkfifo(filepath.Join(mine, "own.png"), 0o644)
		}, "mine/layout.yaml:47: artwork[2].image: mine/own.png: not a regular file"},
		{"layout linked outside", func(dir, mine string) error {
			os.Rename(filepath.Join(mine, "layout.yaml"), filepath.Join(dir, "elsewhere.yaml"))
			return os.Symlink("../elsewhere.yaml", filepath.Join(mine, "layout.yaml"))
		}, "mine/layout.yaml: outside the template folder"},
		{"strings linked outside", func(dir, mine string) error {
			os.Rename(filepath.Join(mine, "strings/fr.yaml"), filepath.Join(dir, "fr.yaml"))
			return os.Symlink("../../fr.yaml", filepath.Join(mine, "strings/fr.yaml"))
		}, "mine/layout.yaml:9: languages[3]: mine/strings/fr.yaml: outside the template folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			mine := filepath.Join(dir, "mine")
			copyDir(t, Default, mine)
			// The image item goes after the bundled artwork, before frames.
			layout, _ := os.ReadFile(filepath.Join(mine, "layout.yaml"))
			y := strings.Replace(string(layout), "\n\nframes:", image+"\nframes:", 1)
			os.WriteFile(filepath.Join(mine, "layout.yaml"), []byte(y), 0o644)
			if err := c.make(dir, mine); err != nil {
				t.Skip(err)
			}
			t.Chdir(dir)
			var err error
			done := make(chan error, 1)
			go func() { _, err := Open("mine"); done <- err }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Open still running after 10 s")
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
		})
	}
}
