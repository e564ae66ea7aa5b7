#!/usr/bin/env bash
# Regenerate geo/data/countries-50m.topojson from its published source.
#
# Source: countries-50m.json from the npm package world-atlas@2.0.2
# (Natural Earth 4.1.0 admin-0 countries, 1:50m, public domain; packaging
# by Mike Bostock, ISC licence, see geo/data/world-atlas-LICENSE.txt).
#
# The file is checked against a pinned sha256 *before* it replaces the
# committed copy, so a changed upstream tarball can never slip in silently.
#
# Usage: scripts/fetch_borders.sh      (from anywhere; needs npm, tar, sha256sum)
set -euo pipefail

PACKAGE="world-atlas@2.0.2"
MEMBER="package/countries-50m.json"
EXPECTED_SHA256="04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${repo_root}/geo/data/countries-50m.topojson"

die() {
    echo "fetch_borders.sh: ERROR: $*" >&2
    exit 1
}

for tool in npm tar sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found on PATH"
done

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

echo "fetch_borders.sh: npm pack ${PACKAGE} into ${workdir}" >&2
# npm pack prints the tarball file name as the last line of stdout.
tarball="$(cd "$workdir" && npm pack --silent "$PACKAGE" | tail -n 1)"
[[ -n "$tarball" && -f "${workdir}/${tarball}" ]] \
    || die "npm pack did not produce a tarball (got '${tarball}')"

tar -xzf "${workdir}/${tarball}" -C "$workdir" "$MEMBER" \
    || die "tarball ${tarball} has no member ${MEMBER}"

actual="$(sha256sum "${workdir}/${MEMBER}" | awk '{print $1}')"
if [[ "$actual" != "$EXPECTED_SHA256" ]]; then
    die "sha256 mismatch for ${PACKAGE} ${MEMBER}
    expected: ${EXPECTED_SHA256}
    actual:   ${actual}
refusing to overwrite ${dest}"
fi

mkdir -p "$(dirname "$dest")"
cp "${workdir}/${MEMBER}" "${dest}.tmp"
mv -f "${dest}.tmp" "$dest"
echo "fetch_borders.sh: wrote ${dest} (sha256 ${actual})" >&2

# The period fixes and the antimeridian repair, once, into the file the app reads.
(cd "$repo_root" && python3 -m geo.border_fixes)
