#!/usr/bin/env bash
# Refreshes the README's gallery from the default profile's results: copies every figure's PNG
# from figures/out/default/ to docs/figures/ and puts the claims table (figures/out/default/claims.md)
# between the README's <!-- claims:begin --> and <!-- claims:end --> markers.
# Run after `make figures` (the Makefile's `gallery` target does both).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-default}
out="figures/out/$profile"
[ -f "$out/claims.md" ] || { echo "update-gallery: $out/claims.md is missing; run \`make figures PROFILE=$profile\` first" >&2; exit 2; }
mkdir -p docs/figures
rm -f docs/figures/*.png
cp "$out"/*.png docs/figures/
python3 - "$out/claims.md" <<'PY'
import re, sys
claims = open(sys.argv[1], encoding="utf-8").read()
# The table and its lists, without the file's own title and intro.
body = claims[claims.index("| claim |"):].strip()
readme = open("README.md", encoding="utf-8").read()
begin, end = "<!-- claims:begin -->", "<!-- claims:end -->"
if begin not in readme or end not in readme:
    sys.exit("update-gallery: README.md has no <!-- claims:begin --> / <!-- claims:end --> markers")
head, rest = readme.split(begin, 1)
_, tail = rest.split(end, 1)
open("README.md", "w", encoding="utf-8").write(head + begin + "\n" + body + "\n" + end + tail)
PY
echo "docs/figures/: $(ls docs/figures | wc -l) PNGs; README claims table updated from $out/claims.md"
