package template

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // image.Decode of JPEG artwork
	_ "image/png"  // and PNG
	"io"
	"io/fs"
	"path"
	"strings"
)

// Bounds on the image files a template draws.
const (
	// maxImageFile bounds one image file: a 60 Mpx camera JPEG at the
	// highest quality is about 30 MB.
	maxImageFile = 64 << 20
	// maxImageBytes bounds all image files of a template together, which
	// are held in memory for the backends: a few full-page photos.
	maxImageBytes = 256 << 20
	// maxImagePixels bounds a decoded image: the PNG backend decodes at
	// most 1<<26 pixels (256 MiB as RGBA), above a 60 Mpx camera's frame.
	// It is checked on the header, before decoding.
	maxImagePixels = 1 << 26
)

var (
	errNotRegular = errors.New("not a regular file")
	errTooLarge   = errors.New("file too large")
)

// readLimited reads the file name of fsys if it is a regular file of at
// most limit bytes. The limit applies while reading, so a file that grows
// (or lies about its size) stops there; devices, FIFOs and folders are
// refused before they are opened, since opening a FIFO blocks until
// someone writes to it and reading /dev/zero never ends.
func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if err := statFile(fsys, name); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Again on the open file: the name may have been replaced since.
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, errNotRegular
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w (more than %d bytes)", errTooLarge, limit)
	}
	return data, nil
}

// statFile returns nil if name is a regular file of fsys (symbolic links
// followed, as far as fsys allows: an os.Root refuses those leaving it).
func statFile(fsys fs.FS, name string) error {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errNotRegular
	}
	return nil
}

// fileProblem says in a few words why readLimited or statFile failed, for
// a message that names the file before it.
func fileProblem(err error) string {
	var pe *fs.PathError
	switch {
	case escapes(err):
		return "outside the template folder"
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

// escapes reports whether err is an os.Root refusing a path (a symbolic
// link, usually) that leads out of its folder. The os package does not
// export that error, only its text.
func escapes(err error) bool {
	return err != nil && strings.Contains(err.Error(), "path escapes from parent")
}

// imageFile is an artwork image file as read, checked and decoded once.
type imageFile struct {
	data   []byte
	format string // "png" or "jpeg"
	err    string // why it cannot be drawn; "" if it can
}

// imageFile reads name from the template folder, or from the assets when
// the folder has no such file, and checks it: once per name, however
// often the artwork draws it.
func (l *loader) imageFile(name string) *imageFile {
	if f, ok := l.images[name]; ok {
		return f
	}
	f := l.readImage(name)
	l.images[name] = f
	return f
}

func (l *loader) readImage(name string) *imageFile {
	if !fs.ValidPath(name) {
		return &imageFile{err: fmt.Sprintf("%q must be a relative path inside the template folder or assets/", name)}
	}
	shown := path.Join(l.t.dir, name)
	budget := min(maxImageFile, maxImageBytes-l.imageBytes)
	data, err := readLimited(l.t.fsys, name, budget)
	if errors.Is(err, fs.ErrNotExist) && l.opts.Assets != nil {
		shown = path.Join("assets", name)
		data, err = readLimited(l.opts.Assets, name, budget)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &imageFile{err: fmt.Sprintf("cannot read %q from the template folder or assets/", name)}
	case errors.Is(err, errTooLarge) && budget < maxImageFile:
		return &imageFile{err: fmt.Sprintf("%s: the template's images together are more than %d bytes", shown, maxImageBytes)}
	case err != nil:
		return &imageFile{err: fmt.Sprintf("%s: %s", shown, fileProblem(err))}
	}
	l.imageBytes += int64(len(data))
	format, msg := checkImage(data)
	if msg != "" {
		return &imageFile{err: fmt.Sprintf("%s: %s", shown, msg)}
	}
	return &imageFile{data: data, format: format}
}

// checkImage decodes an image file fully, so that a broken one is refused
// here rather than passed through to a PDF (JPEG is embedded as it is),
// and returns its format or what is wrong with it.
func checkImage(data []byte) (format, problem string) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if format != "png" && format != "jpeg" {
		return "", "not a PNG or JPEG image"
	}
	if err != nil {
		return "", fmt.Sprintf("broken %s image: %v", strings.ToUpper(format), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImagePixels/cfg.Height {
		return "", fmt.Sprintf("%d×%d pixels is empty or more than %d pixels", cfg.Width, cfg.Height, maxImagePixels)
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return "", fmt.Sprintf("broken %s image: %v", strings.ToUpper(format), err)
	}
	if format == "jpeg" {
		if o := exifOrientation(data); o >= 2 && o <= 8 {
			return "", fmt.Sprintf("EXIF orientation %d: the pixels are stored %s from upright and posterkit draws them as stored; turn them upright first (exiftran -ai, or jpegtran -%s -copy none)",
				o, orientations[o].stored, orientations[o].jpegtran)
		}
	}
	return format, ""
}

// orientations describes EXIF orientations 2–8 (Exif 2.32, tag 0x0112),
// with the jpegtran transform that makes the pixels upright.
var orientations = [9]struct{ stored, jpegtran string }{
	2: {"mirrored left to right", "flip horizontal"},
	3: {"rotated 180°", "rotate 180"},
	4: {"mirrored top to bottom", "flip vertical"},
	5: {"mirrored and turned 90°", "transpose"},
	6: {"turned 90° counter-clockwise", "rotate 90"},
	7: {"mirrored and turned 90°", "transverse"},
	8: {"turned 90° clockwise", "rotate 270"},
}

// maxJPEGSegments bounds the markers exifOrientation walks before giving
// up: Exif's APP1 comes right after SOI (or after a JFIF APP0), and a
// camera file has a handful of APPn segments before the frame.
const maxJPEGSegments = 64

// exifOrientation returns the orientation tag of a JPEG's Exif data (1–8;
// 1 is upright), or 0 when there is none or it cannot be read. It reads
// the marker segments up to the start of scan (ITU T.81 B.1.1) and, in the
// APP1 "Exif" segment, the TIFF header and IFD0 (Exif 2.32 4.5–4.6).
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 0
	}
	i := 2
	for range maxJPEGSegments {
		if i+4 > len(data) || data[i] != 0xFF {
			return 0
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return 0
		}
		n := int(binary.BigEndian.Uint16(data[i+2:])) // length, itself included
		if n < 2 || i+2+n > len(data) {
			return 0
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 0
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	count := int64(bo.Uint16(t[off:]))
	// Entries are 12 bytes: tag, type, count, value (or its offset).
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 { // one SHORT
			return 0
		}
		return int(bo.Uint16(t[e+8:]))
	}
	return 0
}
