/// The python3 program behind `ArchiveBuilder`. argv: spec.json. The spec is
/// `{"format": "tar.gz"|"tar.xz"|"tar"|"zip", "output": path, "entries": [...]}`, each entry
/// `{"kind", "path", "mode", "data" (base64), "target", "major", "minor"}`. Names are written exactly
/// as given (`../x`, `/abs`), which is the point: tests need hostile archives.
let archiveBuilderScript = #"""
import base64, io, json, stat, sys, tarfile, zipfile

spec = json.load(open(sys.argv[1]))
fmt, output, entries = spec["format"], spec["output"], spec["entries"]
MTIME = 1700000000

if fmt == "zip":
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for e in entries:
            kind, name, mode = e["kind"], e["path"], e.get("mode", 0)
            if kind == "directory":
                info = zipfile.ZipInfo(name if name.endswith("/") else name + "/", date_time=(2024, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = ((stat.S_IFDIR | (mode or 0o755)) << 16) | 0x10
                archive.writestr(info, b"")
            elif kind == "file":
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = (stat.S_IFREG | (mode or 0o644)) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, base64.b64decode(e.get("data", "")))
            elif kind == "symlink":
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, e["target"].encode())
            else:
                sys.exit("zip archives cannot hold a %s entry (%s)" % (kind, name))
    sys.exit(0)

modes = {"tar.gz": "w:gz", "tar.xz": "w:xz", "tar": "w"}
with tarfile.open(output, modes[fmt], format=tarfile.PAX_FORMAT) as archive:
    for e in entries:
        kind, name, mode = e["kind"], e["path"], e.get("mode", 0)
        info = tarfile.TarInfo(name)
        info.mtime = MTIME
        data = None
        if kind == "file":
            data = base64.b64decode(e.get("data", ""))
            info.type, info.mode, info.size = tarfile.REGTYPE, mode or 0o644, len(data)
        elif kind == "directory":
            info.type, info.mode = tarfile.DIRTYPE, mode or 0o755
        elif kind == "symlink":
            info.type, info.mode, info.linkname = tarfile.SYMTYPE, 0o777, e["target"]
        elif kind == "hardlink":
            info.type, info.mode, info.linkname = tarfile.LNKTYPE, mode or 0o644, e["target"]
        elif kind == "fifo":
            info.type, info.mode = tarfile.FIFOTYPE, mode or 0o644
        elif kind == "characterDevice":
            info.type, info.mode = tarfile.CHRTYPE, mode or 0o644
            info.devmajor, info.devminor = e.get("major", 1), e.get("minor", 3)
        else:
            sys.exit("unknown entry kind %s" % kind)
        # TarInfo keeps the name verbatim (no stripping of "/" or ".."): addfile writes it as is.
        archive.addfile(info, io.BytesIO(data) if data is not None else None)
"""#
