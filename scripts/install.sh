#!/usr/bin/env bash
# Installs py from this source tree for one user (or, with --prefix /usr/local
# as root, for the machine). Running it again upgrades in place: every file is
# written beside its final name and renamed over it, so a py that is running
# (or a Python it started) is never left with a half-written binary.
#
#   scripts/install.sh [--prefix DIR] [--bin-dir DIR]
#
#   --prefix DIR   where to install (default ~/.local):
#                    DIR/bin/py, py-manage, py-shim, and pymanager (a link to py)
#                    DIR/share/pymanager/index-*.json      the bundled index feeds
#                    DIR/share/bash-completion/completions/py (and pymanager)
#                    DIR/share/zsh/site-functions/_py
#                    DIR/share/fish/vendor_completions.d/py.fish (and pymanager.fish)
#   --bin-dir DIR  install the binaries already built in DIR instead of
#                  building them (swift build -c release --static-swift-stdlib)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
prefix="${HOME:?HOME is not set}/.local"
bin_dir=""

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --bin-dir) [ $# -ge 2 ] || { echo "install.sh: --bin-dir needs a folder" >&2; exit 2; }; bin_dir="$2"; shift 2 ;;
        --bin-dir=*) bin_dir="${1#--bin-dir=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument '$1'. Run scripts/install.sh --help." >&2; exit 2 ;;
    esac
done
[ -n "$prefix" ] || { echo "install.sh: --prefix is empty" >&2; exit 2; }
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac

if [ -z "$bin_dir" ]; then
    echo "==> Building py (release, static Swift runtime; this takes a few minutes)"
    swift build -c release --static-swift-stdlib --product py
    swift build -c release --static-swift-stdlib --product py-manage
    swift build -c release --static-swift-stdlib --product py-shim
    bin_dir="$(swift build -c release --static-swift-stdlib --show-bin-path)"
fi
for program in py py-manage py-shim; do
    [ -x "$bin_dir/$program" ] || { echo "install.sh: $bin_dir/$program is missing; build it first." >&2; exit 1; }
done

# put SRC DEST MODE: copy beside DEST, then rename over it.
put() {
    local tmp
    tmp="$(dirname "$2")/.$(basename "$2").install-$$"
    install -m "$3" "$1" "$tmp"
    mv -f "$tmp" "$2"
}

share="$prefix/share"
mkdir -p "$prefix/bin" "$share/pymanager" "$share/bash-completion/completions" \
    "$share/zsh/site-functions" "$share/fish/vendor_completions.d"

echo "==> Installing into $prefix"
# py-manage first: a new py may need the new py-manage, an old py works with either.
for program in py-manage py-shim py; do
    put "$bin_dir/$program" "$prefix/bin/$program" 755
done
ln -sfn py "$prefix/bin/.pymanager.install-$$"
mv -fT "$prefix/bin/.pymanager.install-$$" "$prefix/bin/pymanager"

# The bundled feeds; a feed this version no longer ships is removed.
for feed in "$share/pymanager"/index-*.json; do
    [ -e "$feed" ] || continue
    [ -e "$root/Index/$(basename "$feed")" ] || rm -f "$feed"
done
for feed in "$root"/Index/index-*.json; do
    put "$feed" "$share/pymanager/$(basename "$feed")" 644
done

# Completions come from the installed py itself, so they match its options.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$prefix/bin/py" completion bash > "$tmp/py"
"$prefix/bin/py" completion zsh > "$tmp/_py"
"$prefix/bin/py" completion fish > "$tmp/py.fish"
put "$tmp/py" "$share/bash-completion/completions/py" 644
put "$tmp/_py" "$share/zsh/site-functions/_py" 644
put "$tmp/py.fish" "$share/fish/vendor_completions.d/py.fish" 644
# bash and fish load a completion by the command's name: pymanager gets the same file.
ln -sfn py "$share/bash-completion/completions/pymanager"
ln -sfn py.fish "$share/fish/vendor_completions.d/pymanager.fish"

"$prefix/bin/py" help >/dev/null
echo "==> Installed $("$prefix/bin/py" help | head -n 1 | sed 's/^Python install manager for Linux //') in $prefix/bin"
case ":${PATH:-}:" in
    *":$prefix/bin:"*) ;;
    *) echo "    $prefix/bin is not on PATH: add it in your shell profile, e.g. export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
