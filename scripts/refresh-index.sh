#!/usr/bin/env bash
# Refreshes the bundled feeds in Index/ from the newest python-build-standalone
# metadata (see Index/README.md, "Regenerating"):
#   1. `pip download` fetches the newest pbs-installer wheel from PyPI (or the
#      index pip is configured for) and takes its pbs_installer/versions.json;
#   2. the copy beside the feeds, Index/metadata/pbs-installer-versions.json.xz,
#      is replaced, and Index/metadata/pbs-installer.txt records the wheel;
#   3. pymanager-index merges it with uv's metadata
#      (Tests/Fixtures/pbs-download-metadata.json) and rewrites every feed;
#   4. the versions each host's feed gained and lost are printed.
# Nothing in Index/ changes when a step fails. Review with `git diff Index/`,
# run `swift test --filter PyManagerIndexTests`, and commit Index/ as a whole.
#
# uv's metadata is not on PyPI; refresh it by copying a newer
# download-metadata.json over the fixture before running this script.
#
# Usage: scripts/refresh-index.sh
set -euo pipefail
cd "$(dirname "$0")/.."

UV_METADATA=Tests/Fixtures/pbs-download-metadata.json
case "${1:-}" in
    "") ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "refresh-index.sh: unknown argument '$1'. Run with --help for usage." >&2; exit 64 ;;
esac
for tool in pip xz unzip swift; do
    command -v "$tool" >/dev/null || { echo "refresh-index.sh: '$tool' is needed but not on PATH." >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Fetching the newest pbs-installer with pip..." >&2
pip download --no-deps --no-cache-dir --only-binary=:all: pbs-installer -d "$work/wheel" >&2
wheel="$(ls "$work"/wheel/pbs_installer-*.whl)"
unzip -q -o "$wheel" pbs_installer/versions.json -d "$work"
xz -9 -c "$work/pbs_installer/versions.json" > "$work/pbs-installer-versions.json.xz"

swift build --product pymanager-index >&2
bin="$(swift build --show-bin-path)/pymanager-index"
# Generate into a scratch copy first, so a failed merge leaves Index/ untouched.
mkdir -p "$work/out"
cp Index/index-*.json "$work/out/"
"$bin" --metadata "$UV_METADATA" --pbs-installer "$work/pbs-installer-versions.json.xz" --output "$work/out"

rm -f Index/index-*.json
cp "$work"/out/index-*.json Index/
cp "$work/pbs-installer-versions.json.xz" Index/metadata/
name="$(basename "$wheel")"
echo "$name sha256=$(sha256sum "$wheel" | cut -d' ' -f1)" > Index/metadata/pbs-installer.txt
echo "Index/ now comes from $name and $UV_METADATA." >&2
