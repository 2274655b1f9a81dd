package translation

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkReadMemory reads strings files of growing size (YAML and PO,
// entries of about 200 characters, as a translated poster's are) and
// reports the bytes allocated per input byte: what a big or hostile
// file costs, up to the file limits.
func BenchmarkReadMemory(b *testing.B) {
	entry := strings.Repeat("word ", 40)
	for _, size := range []int{64 << 10, 1 << 20, 8 << 20} {
		var y, po strings.Builder
		po.WriteString("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n")
		for i := 0; y.Len() < size-300; i++ { // just under the size: 8 MiB is the YAML limit
			fmt.Fprintf(&y, "e%d: %q\n", i, entry)
		}
		for i := 0; po.Len() < size-300; i++ {
			fmt.Fprintf(&po, "msgctxt \"e%d\"\nmsgid \"x\"\nmsgstr %q\n\n", i, entry)
		}
		for _, f := range []struct{ name, data string }{{"strings.yaml", y.String()}, {"strings.po", po.String()}} {
			b.Run(fmt.Sprintf("%s/%dKB", f.name, size>>10), func(b *testing.B) {
				data := []byte(f.data)
				b.ReportAllocs()
				var start, end runtime.MemStats
				runtime.ReadMemStats(&start)
				for b.Loop() {
					if _, err := Read(f.name, data); err != nil && !strings.Contains(err.Error(), "too many entries") {
						b.Fatal(err)
					}
				}
				runtime.ReadMemStats(&end)
				b.ReportMetric(float64(end.TotalAlloc-start.TotalAlloc)/float64(b.N)/float64(len(data)), "alloc-B/in-B")
			})
		}
	}
}
