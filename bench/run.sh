#!/usr/bin/env bash
# PyManager benchmarks (hyperfine). See bench/README.md for what each section
# measures, the targets, and the latest figures.
#
#   bench/run.sh [launch] [stores] [list] [online] [install] [unpack]     (default: all six)
#
# Environment:
#   PY          the py binary (default: .build-bench/release/py, built with
#               swift build -c release --static-swift-stdlib --scratch-path .build-bench)
#   BENCH_WORK  scratch folder for fake HOMEs, feeds and the archive (default /tmp/pymanager-bench)
#   RUNS        runs per command for the fast sections (default 300; install uses INSTALL_RUNS, default 10)
#   UV          the uv binary (default: uv on PATH, resolved past pyenv's shim)
#   PY_BASELINE a second py binary to compare against in the launch and list sections (optional)
#
# Results (hyperfine JSON and Markdown, plus summary.txt) go to bench/results/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.build-bench/release/py}"
W="${BENCH_WORK:-/tmp/pymanager-bench}"
RUNS="${RUNS:-300}"
WARMUP="${WARMUP:-30}"
INSTALL_RUNS="${INSTALL_RUNS:-10}"
OUT="$ROOT/bench/results"
SUMMARY="$OUT/summary.txt"
mkdir -p "$OUT" "$W"

[ -x "$PY" ] || { echo "No py binary at $PY; build it with: swift build -c release --static-swift-stdlib --scratch-path .build-bench" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 1; }

PY_BASELINE="${PY_BASELINE:-}"

note() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# A clean environment: no user config, no XDG overrides, no venv.
clean_env() {
    unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME VIRTUAL_ENV PYTHON_MANAGER_CONFIG \
        PYTHON_MANAGER_DEFAULT PYTHON_MANAGER_SOURCE_URL PYLAUNCHER_DRYRUN PYLAUNCHER_DEBUG PYMANAGER_VERBOSE \
        PYMANAGER_DEBUG || true
    export HOME="$1"
    export PYTHON_MANAGER_INCLUDE_UNMANAGED=0
    # Never the machine's /opt/pymanager: a system store only where a section makes one.
    export PYTHON_MANAGER_SYSTEM_INSTALL_DIR="$W/no-system-store"
}

# hyperfine wrapper: name, then hyperfine arguments.
bench() {
    local name="$1"; shift
    hyperfine -N --style basic --export-json "$OUT/$name.json" --export-markdown "$OUT/$name.md" "$@"
    python3 "$ROOT/bench/summarize.py" "$OUT/$name.json" | tee -a "$SUMMARY"
}

# perf stat: mean task-clock (CPU ms) over RUNS runs.
cpu_time() {
    local name="$1"; shift
    local ms
    ms="$(perf stat -x, -e task-clock -r "$RUNS" "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {printf "%.2f", $1}')"
    note "   cpu $name: task-clock $ms ms (perf stat, mean of $RUNS)"
}

machine_notes() {
    note "== $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    note "   py: $PY ($(stat -c %s "$PY") bytes, $(ldd "$PY" 2>/dev/null | wc -l) shared objects loaded)"
}

# A managed install whose bin/python3.N is a symlink to a real interpreter.
make_install() { # install_dir id tag version executable_name real_target
    local dir="$1/$2"
    mkdir -p "$dir/bin"
    ln -sfn "$6" "$dir/bin/$5"
    local minor="${4%.*}"
    cat >"$dir/__install__.json" <<EOF
{"schema": 1, "id": "$2", "company": "PythonCore", "tag": "$3", "sort-version": "$4",
 "display-name": "Python $4", "install-for": ["$4-64", "$minor-64", "3-64"],
 "run-for": [{"tag": "$4-64", "target": "bin/$5"}, {"tag": "$minor-64", "target": "bin/$5"}, {"tag": "3-64", "target": "bin/$5"}],
 "alias": [{"name": "$5", "target": "bin/$5"}],
 "executable": "bin/$5", "source": "bench", "url": "https://example.invalid/$2.tar.gz"}
EOF
}

# 1. Launch overhead (issue #2): py -V:3.11 -c pass vs the runtime itself.
section_launch() {
    # A real interpreter binary, never a wrapper such as pyenv's shims (a shell script).
    local real="${LAUNCH_PYTHON:-}"
    [ -n "$real" ] || { [ -x /usr/bin/python3.11 ] && real=/usr/bin/python3.11; }
    [ -n "$real" ] || real="$(python3.11 -c 'import os, sys; print(os.path.realpath(sys.executable))')"
    real="$(readlink -f "$real")"
    local home="$W/launch/home"
    rm -rf "$W/launch"
    clean_env "$home"
    local idir="$home/.local/share/pymanager"
    make_install "$idir" pythoncore-3.11-64 3.11-64 3.11.2 python3.11 "$real"
    local direct="$idir/pythoncore-3.11-64/bin/python3.11"
    note "-- launch: runtime $real, managed install $idir/pythoncore-3.11-64"
    PYLAUNCHER_DRYRUN=1 "$PY" -V:3.11 | grep -qx "$direct" || { echo "py -V:3.11 does not choose $direct" >&2; exit 1; }
    local extra=() extra_dry=()
    [ -z "$PY_BASELINE" ] || extra=(-n "baseline py -V:3.11 -c pass" "$PY_BASELINE -V:3.11 -c pass")
    [ -z "$PY_BASELINE" ] || extra_dry=(-n "baseline PYLAUNCHER_DRYRUN=1 py -V:3.11" "$PY_BASELINE -V:3.11")
    bench launch -w "$WARMUP" -r "$RUNS" \
        -n "py -V:3.11 -c pass" "$PY -V:3.11 -c pass" \
        -n "python3.11 -c pass (direct)" "$direct -c pass" "${extra[@]}"
    PYLAUNCHER_DRYRUN=1 bench launch-dryrun -w "$WARMUP" -r "$RUNS" \
        -n "PYLAUNCHER_DRYRUN=1 py -V:3.11" "$PY -V:3.11" \
        -n "/bin/true" "/bin/true" "${extra_dry[@]}"
    # CPU time (user+sys) is less disturbed by other load on the machine than wall time.
    if command -v perf >/dev/null; then
        cpu_time "py -V:3.11 -c pass" "$PY" -V:3.11 -c pass
        cpu_time "python3.11 -c pass (direct)" "$direct" -c pass
        [ -z "$PY_BASELINE" ] || cpu_time "baseline py -V:3.11 -c pass" "$PY_BASELINE" -V:3.11 -c pass
        PYLAUNCHER_DRYRUN=1 cpu_time "PYLAUNCHER_DRYRUN=1 py -V:3.11" "$PY" -V:3.11
    fi
}

# 1b. Launch with two stores (issue #9): 50 user installs and 50 system installs, the runtime
# in the system store (so both stores take part), against the runtime itself. Then the same with
# no launch memo (XDG_STATE_HOME unusable), which reads both store indexes.
section_stores() {
    local real="${LAUNCH_PYTHON:-}"
    [ -n "$real" ] || { [ -x /usr/bin/python3.11 ] && real=/usr/bin/python3.11; }
    [ -n "$real" ] || real="$(python3.11 -c 'import os, sys; print(os.path.realpath(sys.executable))')"
    real="$(readlink -f "$real")"
    local home="$W/stores/home" sys="$W/stores/system"
    rm -rf "$W/stores"
    clean_env "$home"
    export PYTHON_MANAGER_SYSTEM_INSTALL_DIR="$sys"
    local idir="$home/.local/share/pymanager" minor patch
    for minor in 4 5 6 7 8 9 10 11 13 14; do
        for patch in 0 1 2 3 4; do
            make_install "$idir" "pythoncore-3.$minor.$patch-64" "3.$minor.$patch-64" "3.$minor.$patch" "python3.$minor" "$real"
        done
    done
    for minor in 15 16 17 18 19 20 21 22 23 24; do
        for patch in 0 1 2 3 4; do
            [ "$minor.$patch" = 24.4 ] || make_install "$sys" "pythoncore-3.$minor.$patch-64" "3.$minor.$patch-64" "3.$minor.$patch" "python3.$minor" "$real"
        done
    done
    make_install "$sys" pythoncore-3.12-64 3.12-64 3.12.1 python3.12 "$real"
    local direct="$sys/pythoncore-3.12-64/bin/python3.12"
    [ "$(ls "$idir" | wc -l) $(ls "$sys" | wc -l)" = "50 50" ] || { echo "expected 50 + 50 installs" >&2; exit 1; }
    PYLAUNCHER_DRYRUN=1 "$PY" -V:3.12 | grep -qx "$direct" || { echo "py -V:3.12 does not choose $direct" >&2; exit 1; }
    # The indexes and the memo are written once the stores are a clock tick old.
    sleep 0.1
    "$PY" list >/dev/null
    "$PY" -V:3.12 -c pass
    [ -s "$idir/.index/installs" ] && [ -s "$sys/.index/installs" ] && [ -s "$home/.local/state/pymanager/launch-memo" ] \
        || { echo "the store indexes or the launch memo were not written" >&2; exit 1; }
    note "-- stores: runtime $real; 50 installs in $idir, 50 in $sys (the chosen one, pythoncore-3.12-64)"
    bench stores -w "$WARMUP" -r "$RUNS" \
        -n "py -V:3.12 -c pass (50 user + 50 system installs)" "$PY -V:3.12 -c pass" \
        -n "python3.12 -c pass (direct)" "$direct -c pass"
    XDG_STATE_HOME=/dev/null/no-state bench stores-no-memo -w "$WARMUP" -r "$RUNS" \
        -n "py -V:3.12 -c pass (50 + 50, store indexes only, no launch memo)" "$PY -V:3.12 -c pass" \
        -n "python3.12 -c pass (direct)" "$direct -c pass"
    if command -v perf >/dev/null; then
        cpu_time "py -V:3.12 -c pass (50 + 50)" "$PY" -V:3.12 -c pass
        cpu_time "python3.12 -c pass (direct)" "$direct" -c pass
    fi
    # Instructions are not disturbed by other load at all (valgrind's count of one dry run).
    if command -v valgrind >/dev/null; then
        instructions "PYLAUNCHER_DRYRUN=1 py -V:3.12 (50 + 50, launch memo)" env PYLAUNCHER_DRYRUN=1 "$PY" -V:3.12
        instructions "PYLAUNCHER_DRYRUN=1 py -V:3.12 (50 + 50, store indexes only)" \
            env PYLAUNCHER_DRYRUN=1 XDG_STATE_HOME=/dev/null/no-state "$PY" -V:3.12
        local one="$W/stores/one"
        mkdir -p "$one/home/.local/share/pymanager"
        cp -a "$sys/pythoncore-3.12-64" "$one/home/.local/share/pymanager/"
        sleep 0.1
        env HOME="$one/home" PYTHON_MANAGER_SYSTEM_INSTALL_DIR="$one/none" "$PY" list >/dev/null
        env HOME="$one/home" PYTHON_MANAGER_SYSTEM_INSTALL_DIR="$one/none" PYLAUNCHER_DRYRUN=1 "$PY" -V:3.12 >/dev/null
        instructions "PYLAUNCHER_DRYRUN=1 py -V:3.12 (1 install)" \
            env HOME="$one/home" PYTHON_MANAGER_SYSTEM_INSTALL_DIR="$one/none" PYLAUNCHER_DRYRUN=1 "$PY" -V:3.12
    fi
}

# valgrind (callgrind) instruction count of one run of a command; `env` itself is not counted.
instructions() {
    local name="$1"; shift
    local count
    count="$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --trace-children=yes "$@" 2>&1 >/dev/null \
        | awk '/Collected/ {n = $NF} END {print n}')"
    note "   instructions $name: $count (callgrind)"
}

# 2. py list with 50 managed installs, table and json.
section_list() {
    local home="$W/list/home"
    rm -rf "$W/list"
    clean_env "$home"
    local idir="$home/.local/share/pymanager" n=0
    for minor in 5 6 7 8 9 10 11 12 13 14; do
        for patch in 0 1 2 3 4; do
            make_install "$idir" "pythoncore-3.$minor.$patch-64" "3.$minor.$patch-64" "3.$minor.$patch" "python3.$minor" /bin/true
            n=$((n + 1))
        done
    done
    [ "$("$PY" list -f json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["versions"]))')" = 50 ] \
        || { echo "py list does not show the 50 installs" >&2; exit 1; }
    note "-- list: $n managed installs in $idir"
    local extra=()
    [ -z "$PY_BASELINE" ] || extra=(-n "baseline py list" "$PY_BASELINE list")
    bench list -w "$WARMUP" -r "$RUNS" \
        -n "py list" "$PY list" \
        -n "py list -f json" "$PY list -f json" "${extra[@]}"
}

# 3. py list --online over local feeds (issue #5).
section_online() {
    local home="$W/online/home"
    rm -rf "$W/online"
    clean_env "$home"
    mkdir -p "$home" "$W/online/linux" "$W/online/windows"
    cp "$ROOT/Index/index-linux-x86_64-gnu.json" "$ROOT/Index/index-linux-x86_64-gnu-legacy.json" "$W/online/linux/"
    cp "$ROOT/Tests/Fixtures/index-windows-recent.json" "$ROOT/Tests/Fixtures/index-windows-legacy.json" "$W/online/windows/"
    local linux="$W/online/linux/index-linux-x86_64-gnu.json" windows="$W/online/windows/index-windows-recent.json"
    for f in "$linux" "$windows"; do
        local rows
        rows="$("$PY" list --online --source "$f" -f json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["versions"]))')"
        note "-- online: $f (+ next page): $rows entries, $(du -cb "$(dirname "$f")"/*.json | tail -1 | cut -f1) bytes"
    done
    bench online -w "$WARMUP" -r "$RUNS" \
        -n "py list --online (Index linux-x86_64-gnu, 2 pages)" "$PY list --online --source $linux" \
        -n "py list --online (python.org windows recent+legacy)" "$PY list --online --source $windows"
}

# uv: $UV, or uv on PATH (resolved past pyenv's shim).
find_uv() {
    local uv="${UV:-}"
    if [ -z "$uv" ]; then
        uv="$(command -v uv || true)"
        case "$uv" in */shims/*) uv="$(pyenv which uv 2>/dev/null || echo "$uv")" ;; esac
    fi
    [ -x "$uv" ] || { echo "uv not found (pip install uv, or set UV)" >&2; exit 1; }
    echo "$uv"
}

# A clean HOME for py under $1 and uv's folders beside it. Sets the caller's home, pystate and
# uvstate (what --prepare deletes before each run).
install_env() {
    home="$1/home"
    clean_env "$home"
    mkdir -p "$home"
    export UV_PYTHON_INSTALL_DIR="$1/uv-python" UV_CACHE_DIR="$1/uv-cache" UV_PYTHON_BIN_DIR="$1/uv-bin" \
        UV_PYTHON_CACHE_DIR="$1/uv-python-cache" UV_NO_PROGRESS=1 UV_PYTHON_DOWNLOADS=automatic
    pystate="$home/.local/share/pymanager $home/.cache/pymanager $home/.local/bin"
    uvstate="$1/uv-python $1/uv-cache $1/uv-bin $1/uv-python-cache"
}

# 4. Install one ~30 MB archive from a loopback server, py vs uv (issue #3).
section_install() {
    local src="${INSTALL_SOURCE_PREFIX:-/root/.pyenv/versions/3.11.7}"
    local d="$W/install" srv="$W/install/srv"
    local archive="$srv/cpython-3.11.7-linux-x86_64-gnu.tar.gz"
    mkdir -p "$srv"
    if [ ! -s "$archive" ]; then
        [ -x "$src/bin/python3.11" ] || { echo "No CPython 3.11 at $src (set INSTALL_SOURCE_PREFIX)" >&2; exit 1; }
        local stage="$d/stage"
        rm -rf "$stage"
        mkdir -p "$stage/python/bin" "$stage/python/lib"
        cp -a "$src/bin/python3.11" "$stage/python/bin/"
        ln -s python3.11 "$stage/python/bin/python3"
        cp -a "$src"/lib/libpython3*.so* "$stage/python/lib/" 2>/dev/null || true
        tar -C "$src/lib" --exclude=test --exclude=__pycache__ --exclude=site-packages -cf - python3.11 \
            | tar -C "$stage/python/lib" -xf -
        tar -C "$stage" -czf "$archive" python
        rm -rf "$stage"
    fi
    local sha size
    sha="$(sha256sum "$archive" | cut -d' ' -f1)"
    size="$(stat -c %s "$archive")"

    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    python3 -m http.server --bind 127.0.0.1 --directory "$srv" "$port" >"$d/http.log" 2>&1 &
    local server=$!
    trap 'kill '"$server"' 2>/dev/null || true' EXIT
    local base="http://127.0.0.1:$port"
    for _ in $(seq 50); do curl -fsI "$base/" >/dev/null 2>&1 && break; sleep 0.1; done

    cat >"$srv/index.json" <<EOF
{"versions": [{"schema": 1, "id": "pythoncore-3.11-64", "sort-version": "3.11.7", "company": "PythonCore",
  "tag": "3.11-64", "install-for": ["3.11.7-64", "3.11-64", "3-64"],
  "run-for": [{"tag": "3.11.7-64", "target": "bin/python3.11"}, {"tag": "3.11-64", "target": "bin/python3.11"}, {"tag": "3-64", "target": "bin/python3.11"}],
  "alias": [{"name": "python3.11", "target": "bin/python3.11"}],
  "display-name": "Python 3.11.7", "executable": "bin/python3.11",
  "url": "$base/$(basename "$archive")", "hash": {"sha256": "$sha"}}]}
EOF
    cat >"$srv/uv-downloads.json" <<EOF
{"cpython-3.11.7-linux-x86_64-gnu": {"name": "cpython", "arch": {"family": "x86_64", "variant": null},
  "os": "linux", "libc": "gnu", "major": 3, "minor": 11, "patch": 7, "prerelease": "",
  "url": "$base/$(basename "$archive")", "sha256": "$sha", "variant": null, "build": "bench"}}
EOF

    local uv
    uv="$(find_uv)"

    local home pystate uvstate
    install_env "$d"
    local pycmd="$PY install -y -q --force --source $base/index.json 3.11"
    local uvcmd="$uv python install -q --reinstall --python-downloads-json-url $base/uv-downloads.json 3.11.7"

    # Check both work before timing them.
    rm -rf $pystate $uvstate
    $pycmd
    "$home/.local/share/pymanager/pythoncore-3.11-64/bin/python3.11" -c 'import json, ssl' 2>/dev/null \
        || "$home/.local/share/pymanager/pythoncore-3.11-64/bin/python3.11" -c 'import json'
    $uvcmd
    ls "$d/uv-python" | grep -q cpython-3.11.7 || { echo "uv did not install into $d/uv-python" >&2; exit 1; }
    note "-- install: $(basename "$archive") $size bytes, sha256 $sha, served by python3 -m http.server at $base"
    note "   uv: $uv ($("$uv" --version))"

    bench install -w 1 -r "$INSTALL_RUNS" \
        -n "py install --force 3.11" --prepare "rm -rf $pystate" "$pycmd" \
        -n "uv python install --reinstall 3.11.7" --prepare "rm -rf $uvstate" "$uvcmd"
    kill "$server" 2>/dev/null || true
    trap - EXIT
}

# 5. Unpack cost (issue #13): install from a file:// feed, so that only verifying and unpacking is
#    measured: py against uv, GNU tar -xzf of the same archive and the previous py (PY_BASELINE).
#    Two archives: "small", 3.12 stripped like python-build-standalone's install_only_stripped
#    (12 MB packed, 37 MB and 732 members unpacked), and "big", 3.11.7 with its static library
#    (34 MB packed, 99 MB unpacked). BENCH_WORK=/dev/shm/... runs it on tmpfs.
pack_runtime() { # size output
    local src minor stage="$W/unpack/stage"
    case "$1" in
    small) src="${UNPACK_SMALL_PREFIX:-/root/.pyenv/versions/3.12.1}" minor=12 ;;
    big) src="${INSTALL_SOURCE_PREFIX:-/root/.pyenv/versions/3.11.7}" minor=11 ;;
    esac
    [ -x "$src/bin/python3.$minor" ] || { echo "No CPython 3.$minor at $src" >&2; exit 1; }
    rm -rf "$stage"
    mkdir -p "$stage/python/bin" "$stage/python/lib"
    cp -a "$src/bin/python3.$minor" "$stage/python/bin/"
    ln -s "python3.$minor" "$stage/python/bin/python3"
    cp -a "$src"/lib/libpython3*.so* "$stage/python/lib/"
    local excludes=(--exclude=test --exclude=__pycache__ --exclude=site-packages)
    if [ "$1" = small ]; then
        strip --strip-unneeded "$stage/python/bin/python3.$minor" "$stage/python/lib/libpython3.$minor.so.1.0"
        excludes+=(--exclude=idlelib --exclude=tkinter --exclude=turtledemo --exclude=ensurepip --exclude='config-3*')
    fi
    tar -C "$src/lib" "${excludes[@]}" -cf - "python3.$minor" | tar -C "$stage/python/lib" -xf -
    tar -C "$stage" -czf "$2" python
    rm -rf "$stage"
}

section_unpack() {
    local d="$W/unpack" srv="$W/unpack/srv"
    mkdir -p "$srv"
    local uv
    uv="$(find_uv)"
    local home pystate uvstate
    install_env "$d"
    note "-- unpack: $("$uv" --version) ($uv), work folder $d on $(df --output=fstype "$d" | tail -1)"

    local size minor patch archive sha
    for size in ${UNPACK_SIZES:-small big}; do
        case "$size" in
        small) minor=12 patch=1 ;;
        big) minor=11 patch=7 ;;
        *) echo "Unknown UNPACK_SIZES entry '$size' (small, big)" >&2; exit 2 ;;
        esac
        archive="$srv/cpython-3.$minor.$patch-$size.tar.gz"
        [ -s "$archive" ] || pack_runtime "$size" "$archive"
        sha="$(sha256sum "$archive" | cut -d' ' -f1)"
        cat >"$srv/index-$size.json" <<JSON
{"versions": [{"schema": 1, "id": "pythoncore-3.$minor-64", "sort-version": "3.$minor.$patch", "company": "PythonCore",
  "tag": "3.$minor-64", "install-for": ["3.$minor.$patch-64", "3.$minor-64", "3-64"],
  "run-for": [{"tag": "3.$minor-64", "target": "bin/python3.$minor"}],
  "alias": [{"name": "python3.$minor", "target": "bin/python3.$minor"}],
  "display-name": "Python 3.$minor.$patch", "executable": "bin/python3.$minor",
  "url": "file://$archive", "hash": {"sha256": "$sha"}}]}
JSON
        cat >"$srv/uv-$size.json" <<JSON
{"cpython-3.$minor.$patch-linux-x86_64-gnu": {"name": "cpython", "arch": {"family": "x86_64", "variant": null},
  "os": "linux", "libc": "gnu", "major": 3, "minor": $minor, "patch": $patch, "prerelease": "",
  "url": "file://$archive", "sha256": "$sha", "variant": null, "build": "bench"}}
JSON
        local pycmd="$PY install -y -q --force --source $srv/index-$size.json 3.$minor"
        local uvcmd="$uv python install -q --reinstall --python-downloads-json-url $srv/uv-$size.json 3.$minor.$patch"
        # Check both install a working runtime before timing them.
        rm -rf $pystate $uvstate
        $pycmd
        "$home/.local/share/pymanager/pythoncore-3.$minor-64/bin/python3.$minor" -c 'import json'
        $uvcmd
        ls "$d/uv-python" | grep -q "cpython-3.$minor.$patch" || { echo "uv did not install into $d/uv-python" >&2; exit 1; }
        note "   $size: $(basename "$archive"), $(stat -c %s "$archive") bytes packed, $(gzip -dc "$archive" | wc -c) as tar, $(tar -tzf "$archive" | wc -l) members"
        local extra=()
        [ -z "$PY_BASELINE" ] || extra=(-n "baseline py install ($size)" --prepare "rm -rf $pystate"
            "$PY_BASELINE install -y -q --force --source $srv/index-$size.json 3.$minor")
        bench "unpack-$size" -w 2 -r "$INSTALL_RUNS" \
            -n "py install ($size)" --prepare "rm -rf $pystate" "$pycmd" \
            -n "uv python install ($size)" --prepare "rm -rf $uvstate" "$uvcmd" \
            -n "tar -xzf ($size)" --prepare "sh -c 'rm -rf $d/tar; mkdir $d/tar'" "tar -C $d/tar -xzf $archive" \
            "${extra[@]}"
    done
}

sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(launch stores list online install unpack)
machine_notes
for s in "${sections[@]}"; do
    case "$s" in
    launch | stores | list | online | install | unpack) "section_$s" ;;
    *) echo "Unknown section '$s' (launch, stores, list, online, install, unpack)" >&2; exit 2 ;;
    esac
done
