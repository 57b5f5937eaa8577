#!/usr/bin/env bash
# Vendor the world map used by the web app's map (src/vigie/web/static/map.js).
#
# Fetches the npm package world-atlas@2 (Mike Bostock, ISC license; Natural Earth 1:110m
# country outlines, public domain) with `npm pack` into a temporary directory and copies:
#   countries-110m.json -> src/vigie/web/static/world-110m.json   (TopoJSON, ~105 KB)
#   LICENSE             -> src/vigie/web/static/world-atlas-LICENSE.txt
# The result is committed with the project so the app works with no internet; rerun this
# only to upgrade. Needs npm and network access to the npm registry.
#
# Usage: scripts/vendor_world_atlas.sh   (from anywhere)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/src/vigie/web/static"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$dest"
(cd "$tmp" && npm pack --silent world-atlas@2 >/dev/null)
tarball="$(ls "$tmp"/world-atlas-*.tgz)"
tar -xzf "$tarball" -C "$tmp"

src="$tmp/package"
test -s "$src/countries-110m.json" || { echo "countries-110m.json missing from $tarball" >&2; exit 1; }
cp "$src/countries-110m.json" "$dest/world-110m.json"
cp "$src/LICENSE" "$dest/world-atlas-LICENSE.txt"

version="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -n1)"
echo "world-atlas $version -> $dest/world-110m.json ($(wc -c <"$dest/world-110m.json") bytes)"
