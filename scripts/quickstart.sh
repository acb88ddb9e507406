#!/usr/bin/env bash
# Quick start: build py, make a local mirror from a CPython already on this
# machine, serve it on 127.0.0.1, install from it into a sandbox HOME and
# launch the installed runtime. No internet needed; nothing outside
# ./quickstart-work is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$root/quickstart-work"
python="${QUICKSTART_PYTHON:-python3}"

echo "==> Building py (release, static Swift runtime)"
swift build -c release --static-swift-stdlib --product py >/dev/null
swift build -c release --static-swift-stdlib --product py-manage >/dev/null
py="$(swift build -c release --static-swift-stdlib --show-bin-path)/py"

rm -rf "$work"
mkdir -p "$work/mirror" "$work/home"

echo "==> Packing the CPython behind '$python' into a mirror archive"
read -r tag archive < <("$python" - "$work/mirror" <<'PY'
import hashlib, json, os, sys, sysconfig, tarfile
out = sys.argv[1]
prefix = sys.base_prefix
ver = "%d.%d" % sys.version_info[:2]
full = "%d.%d.%d" % sys.version_info[:3]
exe = os.path.realpath(os.path.join(prefix, "bin", "python" + ver))
if not os.path.exists(exe):
    exe = os.path.realpath(sys.executable)
stdlib = sysconfig.get_paths()["stdlib"]
skip = {"test", "tests", "site-packages", "dist-packages", "__pycache__", "idlelib", "tkinter", "turtledemo", "ensurepip"}
name = "cpython-%s-local.tar.gz" % full
path = os.path.join(out, name)
def keep(info):
    parts = info.name.split("/")
    return None if any(p in skip for p in parts) else info
with tarfile.open(path, "w:gz", compresslevel=6) as tar:
    tar.add(exe, arcname="python/bin/python" + ver)
    tar.add(stdlib, arcname="python/lib/python" + ver, filter=keep)
    libdir = sysconfig.get_config_var("LIBDIR") or ""
    ldlib = sysconfig.get_config_var("LDLIBRARY") or ""
    if sysconfig.get_config_var("Py_ENABLE_SHARED") and os.path.exists(os.path.join(libdir, ldlib)):
        tar.add(os.path.realpath(os.path.join(libdir, ldlib)), arcname="python/lib/" + ldlib)
digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
entry = {
    "schema": 1, "id": "pythoncore-%s-local" % ver, "sort-version": full, "company": "PythonCore",
    "tag": ver, "install-for": [full, ver, "3"],
    "run-for": [{"tag": ver, "target": "bin/python" + ver}, {"tag": "3", "target": "bin/python" + ver}],
    "alias": [{"name": "python" + ver, "target": "bin/python" + ver}],
    "display-name": "Python %s (local mirror)" % full, "executable": "bin/python" + ver,
    "url": name, "hash": {"sha256": digest},
}
json.dump({"versions": [entry]}, open(os.path.join(out, "index.json"), "w"), indent=2)
print(ver, name)
PY
)
ls -l "$work/mirror/$archive" | awk '{printf "    %s (%.1f MB)\n", $9, $5/1048576}'

echo "==> Serving the mirror on 127.0.0.1"
port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$python" -m http.server "$port" --bind 127.0.0.1 --directory "$work/mirror" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    "$python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.json')" 2>/dev/null && break
    sleep 0.1
done

export HOME="$work/home" XDG_DATA_HOME= XDG_CONFIG_HOME= XDG_CACHE_HOME= XDG_STATE_HOME=
export PYTHON_MANAGER_INCLUDE_UNMANAGED=0 PATH="$work/home/.local/bin:$PATH"
unset VIRTUAL_ENV PYTHON_MANAGER_CONFIG PYTHON_MANAGER_DEFAULT

echo "==> py install --source http://127.0.0.1:$port/index.json $tag"
"$py" install --source "http://127.0.0.1:$port/index.json" "$tag"
echo "==> py list"
"$py" list
echo "==> py -V:$tag -c 'import sys; print(...)'"
"$py" -V:"$tag" -c 'import sys; print("Hello from Python", sys.version.split()[0], "at", sys.prefix)'
echo "==> python$tag (global alias) -c 'print(6 * 7)'"
"python$tag" -c 'print(6 * 7)'
echo "Done. Everything lives in $work."
