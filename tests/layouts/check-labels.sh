#!/bin/sh
# The house's words: every label.* key replaces its default on the page and
# in the bookmarks, and an empty label.chapter leaves chapters unnumbered.
#   check-labels.sh BRIEFING SAMPLE.json LABELS-DIR WORK-DIR
set -u
bin=$1 sample=$2 dir=$3 work=$4
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
no() { echo "FAIL: $*"; fail=1; }
"$bin" build "$sample" -q -f -l "$dir/house.layout" --toc -o "$work/house.pdf" || no "house build"
"$bin" build "$sample" -q -f --toc -o "$work/plain.pdf" || no "plain build"
pdftotext "$work/house.pdf" "$work/house.txt"
pdftotext "$work/plain.pdf" "$work/plain.txt"
for w in 概要 結び ポイント 参考文献 もくじ 掲載日 問 答 "Chapter 3:" "Chapter 5:"; do
  grep -q "$w" "$work/house.txt" || no "'$w' is not on the house's pages"
done
# The defaults are gone where the data does not write them itself.
for w in 要約 まとめ 要点 出典一覧 目次 公開日 第3章 第4章; do
  n_house=$(grep -o "$w" "$work/house.txt" | wc -l)
  n_plain=$(grep -o "$w" "$work/plain.txt" | wc -l)
  [ "$n_plain" -gt 0 ] || no "'$w' is not on the default pages (the check proves nothing)"
  [ "$n_house" -lt "$n_plain" ] || no "'$w' is still set by the house layout ($n_house times)"
done
mutool show "$work/house.pdf" outline > "$work/house.outline" 2>/dev/null
grep -q "Chapter 3: " "$work/house.outline" || no "the bookmarks do not use label.chapter"
grep -q "ポイント" "$work/house.outline" || no "the bookmarks do not use label.key-points"
# An empty label.chapter: no number before the titles, nor in the bookmarks.
"$bin" build "$sample" -q -f -l "$dir/no-number.layout" -o "$work/none.pdf" || no "no-number build"
pdftotext "$work/none.pdf" "$work/none.txt"
grep -q "第3章" "$work/none.txt" && no "an empty label.chapter still numbers the chapters"
mutool show "$work/none.pdf" outline > "$work/none.outline" 2>/dev/null
grep -q "トランプ氏のロシア寄り発言" "$work/none.outline" || no "the bookmarks lost the chapter titles"
grep -q "第3章" "$work/none.outline" && no "an empty label.chapter still numbers the bookmarks"
[ $fail -eq 0 ] && echo "labels: all passed"
exit $fail
