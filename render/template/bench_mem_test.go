package template

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkAliasExpansionMemory loads layouts whose artwork is one path
// item aliased n times (YAML's *alias), up to the artwork limit, and
// reports the bytes allocated per artwork item after expansion: aliases
// cost what the items they expand to cost, and no more items than the
// limit can be made.
func BenchmarkAliasExpansionMemory(b *testing.B) {
	path := "M 0 0 " + strings.Repeat("L 10 10 L 20 0 ", 50) + "Z"
	for _, n := range []int{10, 100, maxArtwork} {
		var y strings.Builder
		y.WriteString(good)
		fmt.Fprintf(&y, "artwork:\n  - &p {path: %q, fill: \"#123456\"}\n", path)
		for range n - 1 {
			y.WriteString("  - *p\n")
		}
		b.Run(fmt.Sprintf("%ditems", n), func(b *testing.B) {
			b.ReportAllocs()
			var start, end runtime.MemStats
			runtime.ReadMemStats(&start)
			for b.Loop() {
				tm, err := load(&testing.T{}, y.String())
				if err != nil || len(tm.Artwork) != n {
					b.Fatalf("%v", err)
				}
			}
			runtime.ReadMemStats(&end)
			b.ReportMetric(float64(end.TotalAlloc-start.TotalAlloc)/float64(b.N)/float64(n), "alloc-B/item")
		})
	}
}
