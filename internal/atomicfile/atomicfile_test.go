package atomicfile

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// names lists dir's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestReaderSeesOldFileUntilTheWholeNewOneIsRenamed(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "en.pdf")
	if err := os.WriteFile(name, []byte("old poster"), 0o644); err != nil {
		t.Fatal(err)
	}
	newData := []byte(strings.Repeat("new poster ", 10000))
	var sawTemp string
	testHookBeforeRename = func(tmp, final string) error {
		sawTemp = tmp
		// The moment before the rename: a reader of the final name
		// still gets the old file, and the new one is whole.
		if got, _ := os.ReadFile(final); string(got) != "old poster" {
			t.Errorf("before the rename %s holds %q, want the old file", final, got)
		}
		if got, _ := os.ReadFile(tmp); string(got) != string(newData) {
			t.Errorf("before the rename the temporary file holds %d bytes, want all %d", len(got), len(newData))
		}
		return nil
	}
	defer func() { testHookBeforeRename = nil }()
	if err := WriteFile(name, newData); err != nil {
		t.Fatal(err)
	}
	if final, ok := TempFor(filepath.Base(sawTemp)); !ok || final != "en.pdf" {
		t.Errorf("TempFor(%q) = %q, %v; want en.pdf, true: Sweep would not find WriteFile's own temporary files", filepath.Base(sawTemp), final, ok)
	}
	if got, _ := os.ReadFile(name); string(got) != string(newData) {
		t.Errorf("after WriteFile %s holds %d bytes, want %d", name, len(got), len(newData))
	}
	if got := names(t, dir); !slices.Equal(got, []string{"en.pdf"}) {
		t.Errorf("folder holds %v, want only en.pdf", got)
	}
}

func TestFailedWriteLeavesOldFileAndNoTemp(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "en.pdf")
	if err := os.WriteFile(name, []byte("old poster"), 0o644); err != nil {
		t.Fatal(err)
	}
	full := errors.New("disk full")
	testHookBeforeRename = func(tmp, final string) error { return full }
	defer func() { testHookBeforeRename = nil }()
	if err := WriteFile(name, []byte("new poster")); !errors.Is(err, full) {
		t.Fatalf("WriteFile = %v, want the writer's error", err)
	}
	if got, _ := os.ReadFile(name); string(got) != "old poster" {
		t.Errorf("after a failed write %s holds %q, want the old file", name, got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"en.pdf"}) {
		t.Errorf("folder holds %v, want only en.pdf (no temporary file)", got)
	}
}

func TestFailedRenameLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	// A non-empty folder under the final name: the rename cannot replace it.
	if err := os.MkdirAll(filepath.Join(dir, "en.png", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "en.png"), []byte("png")); err == nil {
		t.Fatal("WriteFile over a non-empty folder succeeded")
	}
	if got := names(t, dir); !slices.Equal(got, []string{"en.png"}) {
		t.Errorf("folder holds %v, want only en.png (no temporary file)", got)
	}
}

func TestTempForKnowsOnlyWriteFilesPattern(t *testing.T) {
	for _, c := range []struct {
		base, final string
	}{
		{".en.pdf.123456.tmp", "en.pdf"},
		{".wtisd-2009-kit.zip.4294967295.tmp", "wtisd-2009-kit.zip"},
		{".a.0.tmp", "a"},
		{".en.pdf.tmp", ""},     // no number
		{".notes.tmp", ""},      // a user's hidden file
		{".en.pdf.12a.tmp", ""}, // not a number
		{"en.pdf.123.tmp", ""},  // not hidden
		{"..123.tmp", ""},       // no final name
		{".en.pdf.123.tmp~", ""},
		{"en.pdf", ""},
	} {
		final, ok := TempFor(c.base)
		if final != c.final || ok != (c.final != "") {
			t.Errorf("TempFor(%q) = %q, %v; want %q", c.base, final, ok, c.final)
		}
	}
}

func TestSweepRemovesOnlyOurTemporaries(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"en.pdf", ".en.pdf.123.tmp", ".en.png.99.tmp", ".notes.tmp", ".kit.zip.7.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	swept, err := Sweep(dir, func(final string) bool { return final == "kit.zip" })
	if err != nil || len(swept) != 1 || filepath.Base(swept[0]) != ".kit.zip.7.tmp" {
		t.Errorf("Sweep for kit.zip = %v, %v; want only .kit.zip.7.tmp", swept, err)
	}
	swept, err = Sweep(dir, nil)
	if err != nil || len(swept) != 2 {
		t.Errorf("Sweep = %v, %v; want the two temporaries of en.pdf and en.png", swept, err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{".notes.tmp", "en.pdf"}) {
		t.Errorf("after Sweep the folder holds %v, want .notes.tmp and en.pdf", got)
	}
	if swept, err := Sweep(filepath.Join(dir, "missing"), nil); swept != nil || err != nil {
		t.Errorf("Sweep of a missing folder = %v, %v; want nothing", swept, err)
	}
}

func TestLockDirRefusesASecondHolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "wtisd-2009")
	l, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockDir(dir)
	var le *LockedError
	if !errors.As(err, &le) || le.Dir != dir {
		t.Fatalf("second LockDir = %v, want a *LockedError for %s", err, dir)
	}
	if runtime.GOOS != "windows" && le.PID != os.Getpid() {
		t.Errorf("LockedError.PID = %d, want the holder's %d", le.PID, os.Getpid())
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("after Unlock the folder holds %v, want nothing (no lock file)", got)
	}
	l2, err := LockDir(dir)
	if err != nil {
		t.Fatalf("LockDir after Unlock = %v", err)
	}
	l2.Unlock()
	l2.Unlock() // a second Unlock is harmless
}

// TestHelperHoldLock is not a test: run by TestKilledHoldersLockIsReleased
// as a child process, it locks the folder, says so, and waits to be killed.
func TestHelperHoldLock(t *testing.T) {
	dir := os.Getenv("ATOMICFILE_HOLD_LOCK")
	if dir == "" {
		t.Skip("helper process only")
	}
	if _, err := LockDir(dir); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	os.Stdin.Read(make([]byte, 1)) // until killed
}

func TestKilledHoldersLockIsReleased(t *testing.T) {
	dir := t.TempDir()
	child := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	child.Env = append(os.Environ(), "ATOMICFILE_HOLD_LOCK="+dir)
	stdin, _ := child.StdinPipe()
	defer stdin.Close()
	stdout, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		child.Process.Kill()
		child.Wait()
		t.Fatalf("helper said %q, want locked", line)
	}
	_, err := LockDir(dir)
	var le *LockedError
	if !errors.As(err, &le) {
		t.Errorf("LockDir while another process holds it = %v, want a *LockedError", err)
	} else if runtime.GOOS != "windows" && le.PID != child.Process.Pid {
		t.Errorf("LockedError.PID = %d, want the holder's %d", le.PID, child.Process.Pid)
	}
	child.Process.Kill()
	child.Wait()
	// The kernel released the dead process's lock; its lock file is left
	// and is taken over.
	l, err := LockDir(dir)
	if err != nil {
		t.Fatalf("LockDir after the holder was killed = %v", err)
	}
	l.Unlock()
}
