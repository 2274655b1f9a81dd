#!/usr/bin/env bash
# Measures posterkit's speed and memory: the Go benchmarks (layout, PDF
# writing, rasterising, PNG encoding, subsetting), then the whole CLI batch
# (all six languages, PDF and PNG at 300 DPI) run RUNS times under
# /usr/bin/time, reporting the median wall time and peak memory.
# Usage: tools/bench.sh [RUNS]   (default 5). Machines are shared and noisy:
# compare medians, and ratios between runs on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
out="$(mktemp -d)"
echo "== go benchmarks (count=$runs)"
go test -run '^$' -bench . -benchmem -count "$runs" ./render/... ./fonts/subset | tee "$out/bench.txt" | grep -E '^Benchmark' || true
if command -v benchstat >/dev/null; then benchstat "$out/bench.txt"; fi
go build -o "$out/posterkit" ./cmd/posterkit
echo "== posterkit render (all languages, pdf+png, 300 DPI), $runs runs"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$out/time.$i" "$out/posterkit" render --out "$out/o" 2>/dev/null
done
cat "$out"/time.* | sort -n | awk -v n="$runs" '{t[NR]=$1; m[NR]=$2} END {
  mid=int((n+1)/2); printf "median wall %.2f s (min %.2f, max %.2f); peak RSS of that run %d MB\n", t[mid], t[1], t[n], m[mid]/1024 }'
du -ch "$out"/o/*/*.pdf | tail -1 | sed 's/^/PDFs: /'
du -ch "$out"/o/*/*.png | tail -1 | sed 's/^/PNGs: /'
rm -rf "$out"
