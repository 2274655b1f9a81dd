#!/usr/bin/env bash
# Builds posterkit for every platform an office may have, stamped with the
# version, into out/release/VERSION/, with a SHA256SUMS to check the downloads.
#
#   scripts/release.sh v1.2.0      # or: VERSION=v1.2.0 scripts/release.sh
#
# Each archive holds one program that runs on its own (fonts, templates and
# the translator's page are inside it): posterkit serve opens the page.
# GoReleaser is not used: the module proxy serves no GoReleaser that runs
# as a go tool here, and go build does all that is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}}"
case "$version" in *[!A-Za-z0-9._+-]*) echo "release: version $version: letters, digits and . _ + - only" >&2; exit 2;; esac
command -v zip >/dev/null || { echo "release: needs zip (apt-get install zip)" >&2; exit 2; }
out="out/release/$version" # out/ is ignored by git
rm -rf "$out"
mkdir -p "$out"
targets="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64"
for target in $targets; do
  goos="${target%/*}" goarch="${target#*/}"
  name="posterkit_${version}_${goos}_${goarch}"
  exe=posterkit
  [ "$goos" = windows ] && exe=posterkit.exe
  mkdir -p "$out/$name"
  # CGO off: one static program that needs nothing installed. -trimpath
  # and a fixed build ID keep the builds reproducible from the same source.
  CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" go build -trimpath \
    -ldflags "-s -w -buildid= -X main.releaseVersion=$version" \
    -o "$out/$name/$exe" ./cmd/posterkit
  cp fonts/licenses/*.txt "$out/$name/" 2>/dev/null || true
  printf 'posterkit %s\r\n\r\nStart the translator'"'"'s page:  %s serve\r\nIt opens in your browser; see README.txt in the translation kit.\r\n' \
    "$version" "$exe" > "$out/$name/README.txt"
  # Zip for Windows and macOS (Finder and Explorer open it), tar.gz for Linux.
  # Fixed times and owners keep the archives identical from build to build.
  touch -d 2009-05-17T00:00:00Z "$out/$name" "$out/$name"/*
  if [ "$goos" = linux ]; then
    tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner --mtime=2009-05-17T00:00:00Z -czf "$out/$name.tar.gz" "$name"
  else
    (cd "$out" && rm -f "$name.zip" && TZ=UTC zip -qrX "$name.zip" "$name")
  fi
  echo "built $out/$name ($exe)"
done
(cd "$out" && sha256sum -- *.tar.gz *.zip > SHA256SUMS)
echo "wrote $out/SHA256SUMS"
