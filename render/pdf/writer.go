package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// objWriter writes numbered objects and remembers their offsets for the
// cross-reference table. Object numbers are handed out by alloc in a fixed
// order, so the same scene always gives the same file.
type objWriter struct {
	buf     bytes.Buffer
	offsets []int // offsets[n-1] is object n's offset; 0 while unwritten
}

func (w *objWriter) alloc() int {
	w.offsets = append(w.offsets, 0)
	return len(w.offsets)
}

// obj writes object n with the given body (a dictionary, array, ...).
func (w *objWriter) obj(n int, body string) {
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes object n as a stream; dict holds the entries other than
// /Length and /Filter. With compress set the data is deflated.
func (w *objWriter) stream(n int, dict string, data []byte, compress bool) {
	if compress {
		w.deflated(n, dict, deflate(data))
		return
	}
	w.raw(n, dict, data)
}

// deflated writes object n as a stream of data already deflated (zlib).
func (w *objWriter) deflated(n int, dict string, data []byte) {
	w.raw(n, dict+"/Filter/FlateDecode", data)
}

func (w *objWriter) raw(n int, dict string, data []byte) {
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<<%s/Length %d>>\nstream\n", n, dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// zlibWriters reuses compressors across streams and documents: a new one
// allocates some 600 KB of tables, more than most streams it writes. A
// reset writer writes the same bytes as a new one.
var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.DefaultCompression)
	return zw
}}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	zw := zlibWriters.Get().(*zlib.Writer)
	zw.Reset(&b)
	zw.Write(data)
	zw.Close()
	zw.Reset(nil)
	zlibWriters.Put(zw)
	return b.Bytes()
}

// num formats a number with at most 3 decimals (1/1000 pt is far below
// any device's resolution) and no trailing zeros.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	s := strconv.FormatFloat(math.Round(v*1000)/1000, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// textString encodes s as a PDF text string: PDFDocEncoding-safe ASCII as
// a literal, anything else as UTF-16BE with a byte order mark, in hex.
func textString(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
		return "(" + r.Replace(s) + ")"
	}
	return "<FEFF" + utf16Hex(s) + ">"
}

// utf16Hex is s in UTF-16BE, as hex digits.
func utf16Hex(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// name encodes a PDF name object's characters (after the slash).
func name(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || strings.IndexByte("#()<>[]{}/%", c) >= 0 {
			fmt.Fprintf(&b, "#%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
