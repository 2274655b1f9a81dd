#!/usr/bin/env bash
# Measures posterkit's speed and memory on the bundled poster (all six
# languages and blank, 300 DPI): `posterkit render` for PDF only, PNG only
# and both, each RUNS times under /usr/bin/time -v, reporting the median
# wall time with that run's CPU time (user+system) and peak RSS; then the
# Go benchmarks of each stage (layout, PDF writing, subsetting, drawing and
# encoding PNGs, a banner's memory).
# Usage: scripts/bench.sh [RUNS]   (default 5). Machines are shared and
# noisy: compare medians, CPU times, and ratios between runs on the same
# machine. BENCH=0 skips the Go benchmarks. POSTERKIT=path measures that
# binary instead of building this tree's (to compare two builds).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [ -n "${POSTERKIT:-}" ]; then
  cp "$POSTERKIT" "$out/posterkit"
else
  go build -o "$out/posterkit" ./cmd/posterkit
fi
for fmt in pdf png pdf,png; do
  for i in $(seq "$runs"); do
    rm -rf "$out/o"
    /usr/bin/time -v -o "$out/time.$i" "$out/posterkit" render --format "$fmt" --out "$out/o" >/dev/null 2>&1
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + t[k]; w = s }
      /User time/ { u = $2 } /System time/ { y = $2 } /Maximum resident/ { m = $2 }
      END { printf "%.2f %.2f %d\n", w, u + y, m / 1024 }' "$out/time.$i" >>"$out/runs.$fmt"
  done
  sort -n "$out/runs.$fmt" | awk -v n="$runs" -v f="$fmt" '{ w[NR] = $1; c[NR] = $2; m[NR] = $3 } END {
    mid = int((n + 1) / 2)
    printf "%-8s median wall %.2f s (min %.2f, max %.2f); that run: CPU %.2f s, peak RSS %d MB\n", f, w[mid], w[1], w[n], c[mid], m[mid] }'
done
du -ch "$out"/o/*/*.pdf | tail -1 | sed 's/^/PDFs: /'
du -ch "$out"/o/*/*.png | tail -1 | sed 's/^/PNGs: /'
if [ "${BENCH:-1}" != 0 ]; then
  echo "== go benchmarks (count=$runs)"
  go test -run '^$' -bench 'LayoutPoster|WritePoster' -benchmem -count "$runs" ./render/layout ./render/export | tee "$out/bench.txt" | grep -E '^Benchmark' || true
  go test -run '^$' -bench . -benchmem -count "$runs" ./fonts/subset | tee -a "$out/bench.txt" | grep -E '^Benchmark' || true
  go test -run '^$' -bench OutlineFace -benchmem -count "$runs" ./fonts | tee -a "$out/bench.txt" | grep -E '^Benchmark' || true
  go test -run '^$' -bench 'EncodePoster|RasterizeA2|BannerMemory' -benchtime 1x -count "$runs" ./render/raster | tee -a "$out/bench.txt" | grep -E '^Benchmark' || true
  if command -v benchstat >/dev/null; then benchstat "$out/bench.txt"; fi
fi
