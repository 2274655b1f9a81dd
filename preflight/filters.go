package preflight

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
)

// maxStreamBytes bounds one decoded stream. A poster's content streams
// are a few megabytes; images are never decoded here (only their size is
// read). A stream that inflates beyond this is a decompression bomb or a
// file preflight does not need to read.
const maxStreamBytes = 128 << 20

// errUnsupportedFilter is returned for a filter preflight does not decode
// (image codecs such as DCTDecode and JPXDecode, LZW, RunLength…); callers
// say which.
var errUnsupportedFilter = errors.New("unsupported filter")

// decode applies a stream's filters in order.
func (f *file) decode(s *stream) ([]byte, error) {
	filters := f.resolve(s.dict["Filter"])
	parms := f.resolve(s.dict["DecodeParms"])
	var fl []object
	var pl []object
	switch v := filters.(type) {
	case nil:
		return s.raw, nil
	case name:
		fl = []object{v}
		pl = []object{parms}
	case array:
		fl = v
		if pa, ok := parms.(array); ok {
			pl = pa
		}
	default:
		return nil, fmt.Errorf("filter is not a name")
	}
	if len(fl) > 8 { // real files chain at most two or three filters
		return nil, fmt.Errorf("%d filters in a chain", len(fl))
	}
	data := s.raw
	for i, fo := range fl {
		fn, _ := f.resolve(fo).(name)
		var p dict
		if i < len(pl) {
			p, _ = f.resolve(pl[i]).(dict)
		}
		var err error
		switch fn {
		case "FlateDecode", "Fl":
			data, err = inflate(data)
			if err == nil {
				data, err = f.unpredict(data, p)
			}
		case "ASCIIHexDecode", "AHx":
			data, err = asciiHex(data)
		case "ASCII85Decode", "A85":
			data, err = ascii85Decode(data)
		default:
			return nil, fmt.Errorf("%w %s", errUnsupportedFilter, fn)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fn, err)
		}
	}
	return data, nil
}

func inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxStreamBytes+1))
	if len(out) > maxStreamBytes {
		return nil, fmt.Errorf("decodes to more than %d MiB", maxStreamBytes>>20)
	}
	if err != nil && len(out) == 0 {
		return nil, err
	}
	// A stream cut short (a missing checksum, a truncated tail) still gives
	// what it decoded, as readers do.
	return out, nil
}

// unpredict undoes the PNG predictors (Predictor ≥ 10) that
// cross-reference streams use (ISO 32000-1 §7.4.4.4). TIFF predictor 2 is
// only used on images, which are not decoded.
func (f *file) unpredict(b []byte, p dict) ([]byte, error) {
	if p == nil {
		return b, nil
	}
	pred, _ := f.resolve(p["Predictor"]).(int64)
	if pred < 10 {
		if pred == 2 {
			return nil, fmt.Errorf("%w TIFF predictor", errUnsupportedFilter)
		}
		return b, nil
	}
	cols, colors, bpc := int64(1), int64(1), int64(8)
	if v, ok := f.resolve(p["Columns"]).(int64); ok {
		cols = v
	}
	if v, ok := f.resolve(p["Colors"]).(int64); ok {
		colors = v
	}
	if v, ok := f.resolve(p["BitsPerComponent"]).(int64); ok {
		bpc = v
	}
	if cols < 1 || colors < 1 || bpc < 1 || cols > 1<<20 || colors > 32 || bpc > 16 {
		return nil, fmt.Errorf("bad predictor parameters")
	}
	bpp := int((colors*bpc + 7) / 8)
	row := int((cols*colors*bpc + 7) / 8)
	out := make([]byte, 0, len(b))
	prev := make([]byte, row)
	for i := 0; i+1 <= len(b); i += row + 1 {
		ft := b[i]
		end := i + 1 + row
		if end > len(b) {
			end = len(b)
		}
		cur := make([]byte, row)
		copy(cur, b[i+1:end])
		for x := 0; x < row; x++ {
			var a, c byte
			if x >= bpp {
				a = cur[x-bpp]
				c = prev[x-bpp]
			}
			up := prev[x]
			switch ft {
			case 0:
			case 1:
				cur[x] += a
			case 2:
				cur[x] += up
			case 3:
				cur[x] += byte((int(a) + int(up)) / 2)
			case 4:
				cur[x] += paeth(a, up, c)
			default:
				return nil, fmt.Errorf("bad PNG predictor %d", ft)
			}
		}
		out = append(out, cur[:end-i-1]...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func asciiHex(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b)/2)
	var hi byte
	half := false
	for _, c := range b {
		var v byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return out, nil
		case isSpace(c):
			continue
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return nil, fmt.Errorf("bad character %q", c)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, nil
}

func ascii85Decode(b []byte) ([]byte, error) {
	b = bytes.TrimSpace(b)
	b = bytes.TrimPrefix(b, []byte("<~"))
	if i := bytes.Index(b, []byte("~>")); i >= 0 {
		b = b[:i]
	}
	out := make([]byte, 4*len(b)+4) // "z" stands for four bytes
	n, _, err := ascii85.Decode(out, b, true)
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}
