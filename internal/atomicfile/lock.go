package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockName is the file in a folder that LockDir locks. It exists only while
// a process holds the lock, or after one was killed holding it (the kernel
// has released the lock then; the next LockDir takes the file over).
const LockName = ".posterkit.lock"

// Lock is a folder held by this process. Not safe for concurrent use.
type Lock struct {
	dir  string
	path string
	f    *os.File
}

// LockedError is LockDir's error for a folder another process holds.
type LockedError struct {
	Dir string
	PID int // the holder's process id; 0 if it is not known
}

func (e *LockedError) Error() string {
	holder := "another posterkit"
	if e.PID > 0 {
		holder = fmt.Sprintf("another posterkit (PID %d)", e.PID)
	}
	return fmt.Sprintf("atomicfile: %s is writing %s: wait for it to finish, or write elsewhere", holder, e.Dir)
}

// LockDir creates dir if needed and locks it for this process, without
// waiting: if another process (or another Lock of this one) holds it, it
// returns a *LockedError. The lock is the kernel's (flock(2); on Windows a
// file opened with no sharing), so it is released when the process exits
// or is killed, and a stale lock file never blocks anyone. Unlock releases
// it. Where the system has no such lock, LockDir locks nothing.
func LockDir(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	l := &Lock{dir: dir, path: filepath.Join(dir, LockName)}
	f, err := lockFile(l.path)
	if le, ok := err.(*LockedError); ok {
		le.Dir = dir
	}
	if err != nil {
		return nil, err
	}
	l.f = f
	if f != nil {
		// Only for the message of a process that finds the folder
		// locked; the lock itself is the kernel's.
		f.Truncate(0)
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return l, nil
}

// Dir is the folder l holds.
func (l *Lock) Dir() string { return l.dir }

// Unlock releases the folder and removes the lock file. It is safe to call
// more than once.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f, l.path)
	l.f = nil
	return err
}

// readPID reads the holder's PID from an open lock file; 0 if there is
// none yet (the holder has not written it) or it is not a number.
func readPID(f *os.File) int {
	b := make([]byte, 24) // a PID has at most 20 digits (uint64)
	n, _ := f.ReadAt(b, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
