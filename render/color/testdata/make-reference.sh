#!/bin/sh
# Rebuilds reference.tsv: what Little CMS (transicc) and Argyll (xicclu)
# make of a set of sRGB colours with posterkit's FOGRA39 profile.
# Needs the Debian packages liblcms2-utils and argyll. Run from anywhere:
#   sh render/color/testdata/make-reference.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
icc="$here/../../../assets/icc/FOGRA39-posterkit.icc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The inputs: name and sRGB 0…255.
{
	# Primaries, secondaries, white, black.
	echo "white 255 255 255"; echo "black 0 0 0"
	echo "red 255 0 0"; echo "green 0 255 0"; echo "blue 0 0 255"
	echo "cyan 0 255 255"; echo "magenta 255 0 255"; echo "yellow 255 255 0"
	# Greys.
	for v in 16 32 64 96 128 160 192 224 240; do echo "grey$v $v $v $v"; done
	# Skin tones (light to dark).
	echo "skin1 255 224 196"; echo "skin2 241 194 161"; echo "skin3 224 172 130"
	echo "skin4 198 134 66"; echo "skin5 141 85 36"; echo "skin6 92 56 32"
	# The colours of layouts/wtisd-2009/layout.yaml.
	for h in 7fd3f7 0a2a52 1565b0 00a3e0 ffc20e f2f8fc 0072bc 005596; do
		echo "poster-$h $(printf '%d %d %d' 0x$(echo $h | cut -c1-2) 0x$(echo $h | cut -c3-4) 0x$(echo $h | cut -c5-6))"
	done
	# Random colours: a fixed linear congruential generator (integer awk
	# arithmetic, the same in mawk and gawk).
	awk 'BEGIN { s = 12345; for (i = 1; i <= 40; i++) { line = "random" i;
		for (c = 0; c < 3; c++) { s = (s * 1103515245 + 12345) % 2147483648; line = line " " int(s / 65536) % 256 }
		print line } }'
} > "$tmp/in.txt"

cut -d' ' -f2- "$tmp/in.txt" > "$tmp/rgb.txt"
lcms() { transicc -c0 -n "$@" 2>/dev/null | sed 's/ *$//'; }
# sRGB → CMYK, relative colorimetric and perceptual, both with black point compensation.
lcms -i '*sRGB' -o "$icc" -t1 -b < "$tmp/rgb.txt" > "$tmp/rel.txt"
lcms -i '*sRGB' -o "$icc" -t0 -b < "$tmp/rgb.txt" > "$tmp/perc.txt"
# Those CMYK values measured through the profile's A2B1.
lcms -i "$icc" -o '*Lab' -t1 < "$tmp/rel.txt" > "$tmp/rellab.txt"
lcms -i "$icc" -o '*Lab' -t1 < "$tmp/perc.txt" > "$tmp/perclab.txt"
# Back to sRGB for previews: relative colorimetric with BPC, clipped (-s).
lcms -i "$icc" -o '*sRGB' -t1 -b -s < "$tmp/rel.txt" > "$tmp/back.txt"
# The sRGB colours in Lab, then Argyll's own B2A1 lookup of that Lab:
# a check of the table evaluation alone, without black point compensation.
lcms -i '*sRGB' -o '*Lab' -t1 < "$tmp/rgb.txt" > "$tmp/lab.txt"
xicclu -v0 -fb -ir -pl -s100 "$icc" < "$tmp/lab.txt" | sed 's/^ *//; s/ *$//' > "$tmp/argyll.txt"

{
	echo "# Made by make-reference.sh with $(transicc -v 2>&1 | head -1 | sed 's/.*\[//; s/\].*//') and Argyll $(colprof 2>&1 | head -1 | sed 's/.*Version //')."
	echo "# name	sRGB 0-255	lcms rel+BPC CMYK %	its Lab (A2B1)	lcms perc+BPC CMYK %	its Lab	lcms CMYK->sRGB (rel+BPC)	sRGB Lab	Argyll B2A1 CMYK % of that Lab"
	paste -d'\t' "$tmp/in.txt" "$tmp/rel.txt" "$tmp/rellab.txt" "$tmp/perc.txt" "$tmp/perclab.txt" "$tmp/back.txt" "$tmp/lab.txt" "$tmp/argyll.txt" |
		sed 's/^\([^ ]*\) /\1\t/'
} > "$here/reference.tsv"
