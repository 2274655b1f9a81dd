//go:build windows

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// errorSharingViolation is Windows' ERROR_SHARING_VIOLATION: another
// handle has the file open without sharing it.
const errorSharingViolation syscall.Errno = 32

// lockFile opens path with no sharing (a *LockedError if another has it): until the handle is closed (by
// Unlock, or by the system when the process ends) no other open succeeds.
// The holder's PID cannot be read through such a lock, so it is never
// known here.
func lockFile(path string) (*os.File, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if errors.Is(err, errorSharingViolation) {
		return nil, &LockedError{}
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}

// unlockFile closes f, then removes path unless another process has
// opened it meanwhile (then the removal fails, harmlessly).
func unlockFile(f *os.File, path string) error {
	err := f.Close()
	os.Remove(path)
	return err
}
