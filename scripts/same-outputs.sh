#!/usr/bin/env bash
# Checks that a change leaves posterkit's outputs byte-identical: builds
# REV (default HEAD~1) and the working tree, renders with each every kind
# of output — all languages as PDF and PNG, with guides, the kit, three
# languages posterkit does not bundle from YAML and PO strings with their
# fonts, and a PDF without SOURCE_DATE_EPOCH — and compares the SHA-256 of
# every file. Usage: scripts/same-outputs.sh [REV]. Exit 1 on a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-HEAD~1}"
tmp="$(mktemp -d)"
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add -q --detach "$tmp/old" "$rev"
(cd "$tmp/old" && go build -buildvcs=false -o "$tmp/posterkit-old" ./cmd/posterkit)
go build -buildvcs=false -o "$tmp/posterkit-new" ./cmd/posterkit
strings=cmd/posterkit/testdata/strings
fonts=fonts/testdata
render() { # render BINARY OUT
  local b=$1 o=$2
  export SOURCE_DATE_EPOCH=1242518400
  "$b" render --out "$o/all" >/dev/null 2>&1
  "$b" render --guides --out "$o/guides" >/dev/null 2>&1
  "$b" kit --out "$o/kit" >/dev/null 2>&1
  "$b" render --lang hi --strings "$strings/hi.yaml" --font "$fonts/NotoSansDevanagari-Regular.ttf" --out "$o/hi" >/dev/null 2>&1
  "$b" render --lang th --strings "$strings/th.yaml" --font "$fonts/NotoSansThai-Regular.ttf" --out "$o/th" >/dev/null 2>&1
  "$b" render --lang he --strings "$strings/he.yaml" --font "$fonts/NotoSansHebrew-Regular.ttf" --format pdf --out "$o/he" >/dev/null 2>&1
  unset SOURCE_DATE_EPOCH
  "$b" render --lang en --format pdf --out "$o/nodate" >/dev/null 2>&1
  # The campaign manifest names the program's version; the posters do not.
  (cd "$o" && find . -type f ! -name manifest.json ! -name SHA256SUMS ! -name '*.json' | sort | xargs sha256sum)
}
render "$tmp/posterkit-old" "$tmp/old-out" > "$tmp/old.txt"
render "$tmp/posterkit-new" "$tmp/new-out" > "$tmp/new.txt"
if diff "$tmp/old.txt" "$tmp/new.txt"; then
  echo "identical: $(wc -l < "$tmp/new.txt") files"
else
  echo "outputs differ (above: < $rev, > working tree)"
  exit 1
fi
