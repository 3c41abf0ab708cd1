#!/usr/bin/env bash
# Refreshes a gallery of the README from a profile's results (run after `make figures PROFILE=P`;
# the Makefile's `gallery` target does both):
#   default   → docs/figures/*.png, the claims table between <!-- claims:begin --> and <!-- claims:end -->
#   extended  → docs/extended/*.png, claims.md, claims.json and MANIFEST (the run's stage → content hash,
#               with the commit and code versions), the table between <!-- claims-extended:begin/end -->
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-default}
out="figures/out/$profile"
binary=.build/release/timescales
[ -f "$out/claims.md" ] || { echo "update-gallery: $out/claims.md is missing; run \`make figures PROFILE=$profile\` first" >&2; exit 2; }
case "$profile" in
  default) dest=docs/figures; marker=claims ;;
  extended) dest=docs/extended; marker=claims-extended ;;
  *) echo "update-gallery: the README has galleries for the default and extended profiles, not $profile" >&2; exit 2 ;;
esac
mkdir -p "$dest"
rm -f "$dest"/*.png
cp "$out"/*.png "$dest"/
if [ "$profile" != default ]; then
  cp "$out/claims.md" "$dest/claims.md"
  "$binary" claims --profile "$profile" --json > "$dest/claims.json"
  "$binary" manifest --profile "$profile" > "$dest/MANIFEST"
fi
python3 - "$out/claims.md" "$marker" <<'PY'
import sys
claims, marker = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
# The table and its lists, without the file's own title and intro.
body = claims[claims.index("| claim |"):].strip()
readme = open("README.md", encoding="utf-8").read()
begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
if begin not in readme or end not in readme:
    sys.exit(f"update-gallery: README.md has no {begin} / {end} markers")
head, rest = readme.split(begin, 1)
_, tail = rest.split(end, 1)
open("README.md", "w", encoding="utf-8").write(head + begin + "\n" + body + "\n" + end + tail)
PY
echo "$dest/: $(ls "$dest"/*.png | wc -l) PNGs; README $marker table updated from $out/claims.md"
