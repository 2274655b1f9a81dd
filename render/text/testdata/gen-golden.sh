#!/usr/bin/env bash
# Regenerates hb-golden.json: HarfBuzz's own shaping (hb-shape, Debian package
# libharfbuzz-bin) of runs in the bundled fonts, which TestShapingMatchesHarfBuzz
# replays against go-text. Run from this folder: ./gen-golden.sh > hb-golden.json
set -euo pipefail
fonts=../../../fonts
cases=(
  # font | dir | script | lang | text
  "NotoNaskhArabic-Regular|rtl|Arab|ar|لا"
  "NotoNaskhArabic-Regular|rtl|Arab|ar|الأطفال"
  "NotoNaskhArabic-Regular|rtl|Arab|ar|مُحَمَّدٌ يَكْتُبُ"
  "NotoNaskhArabic-Bold|rtl|Arab|ar|لإعلان السلام"
  "NotoKufiArabic-Black|rtl|Arab|ar|حماية الأطفال في الفضاء السيبراني"
  "NotoKufiArabic-Bold|rtl|Arab|ar|اليوم العالمي للاتصالات"
  "NotoSans-Regular|ltr|Cyrl|ru|Те"
  "NotoSans-Black|ltr|Cyrl|ru|Защита детей в киберпространстве"
  "NotoSans-Regular|ltr|Latn|en|Protecting children in cyberspace"
  "NotoSans-Bold|ltr|Latn|fr|AVATAR Tâche «Wy» fi ffl"
  "NotoSansSC-Regular|ltr|Hani|zh|保障儿童网上安全，国际电联——2009年。"
  "NotoSansSC-Black|ltr|Hani|zh|世界电信和信息社会日"
)
echo "["
n=${#cases[@]}
for i in "${!cases[@]}"; do
  IFS='|' read -r font dir script lang text <<<"${cases[$i]}"
  hb=$(hb-shape --output-format=json --no-glyph-names --font-size=upem \
    --direction="$dir" --script="$script" --language="$lang" "$fonts/$font.ttf" "$text")
  sep=","; [ "$i" -eq $((n-1)) ] && sep=""
  printf '{"font":"%s","dir":"%s","script":"%s","lang":"%s","text":"%s","hb":%s}%s\n' \
    "$font" "$dir" "$script" "$lang" "$text" "$hb" "$sep"
done
echo "]"
