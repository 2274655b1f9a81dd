#!/bin/sh
# Rebuilds FOGRA39-posterkit.icc from Fogra's FOGRA39L characterization
# data as Debian ships it. Needs the Debian packages icc-profiles-free
# (the data, and sRGB.icc as the source gamut) and argyll (colprof);
# made with Argyll 2.3.1 and icc-profiles-free 2.0.1+dfsg-1.1.
#   apt-get install -y icc-profiles-free argyll
#   sh assets/icc/make-icc.sh
# The result is byte-identical to the committed file except for the
# creation date and time in the header (bytes 24–35).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=/usr/share/color/icc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/FOGRA39L.ti3" "$src/sRGB.icc" "$tmp/"
cd "$tmp"
# -qm        medium quality: A2B 9^4 and B2A 17^3 grids, 228 KB (-qh is
#            ~1.5 MB for no visible gain on posters)
# -kr        black generation: K ramps from none at white to full at black
# -l300      total ink limit 300 % (coated offset; the ti3 sets none)
# -L100      black ink limit 100 %
# -nc        do not embed the 127 KB of measurement data
# -S sRGB.icc  gamut-map the perceptual and saturation B2A tables from sRGB,
#            the gamut posterkit's artwork is in
# -cmt -dpp  viewing conditions: monitor in a typical room → practical
#            reflection print (ISO 3664 P2)
colprof -v -qm -kr -l300 -L100 -nc -S sRGB.icc -cmt -dpp \
	-D "FOGRA39 coated offset, TAC 300% (posterkit)" \
	-C "Made from FOGRA39L characterization data (Fogra, www.fogra.org; packaged by Kai-Uwe Behrmann, zlib licence)" \
	-A "posterkit" -O FOGRA39-posterkit.icc FOGRA39L > colprof.log 2>&1 ||
	{ cat colprof.log >&2; exit 1; }
tail -1 colprof.log
cp FOGRA39-posterkit.icc "$here/FOGRA39-posterkit.icc"
ls -l "$here/FOGRA39-posterkit.icc"
