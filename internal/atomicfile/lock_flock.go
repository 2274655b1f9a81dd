//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// maxLockTries bounds the retries when the lock file is removed between
// our open and our flock (its holder unlocked meanwhile): each retry means
// another process got and released the lock, which does not go on for
// long.
const maxLockTries = 100

// lockFile takes an exclusive flock on path and returns the locked file,
// or a *LockedError with the holder's PID if another holds it.
//
// Unlock removes the file while holding the lock, so a file we open may
// be one its holder has just removed: locking it would lock nothing
// anyone else sees. Hence the check that path is still the file we
// locked, and the retry if not.
func lockFile(path string) (*os.File, error) {
	for range maxLockTries {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		err = flock(f, syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid := readPID(f)
			f.Close()
			return nil, &LockedError{PID: pid}
		}
		if err != nil {
			f.Close()
			return nil, &os.PathError{Op: "flock", Path: path, Err: err}
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return f, nil
		}
		f.Close()
	}
	return nil, &os.PathError{Op: "lock", Path: path, Err: errors.New("the lock file keeps being replaced")}
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

// unlockFile removes path while f still holds it (see lockFile), then
// closes f, which releases the lock.
func unlockFile(f *os.File, path string) error {
	err := os.Remove(path)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
