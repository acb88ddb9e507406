import Foundation

/// Merges uv's `download-metadata.json` with pbs-installer's `versions.json`.
///
/// Rules, in order:
/// 1. An archive is identified by its file name (the URL's last component,
///    percent-decoded), so `cpython-3.14.7%2B20260814-…` and
///    `cpython-3.14.7+20260814-…` are one archive.
/// 2. Where both sources list an archive, both digests must be equal; a
///    missing digest on one side is filled from the other. Unequal digests
///    stop the merge with `IndexError.conflictingDigest`.
/// 3. An archive only pbs-installer lists is added when its name says what
///    it is (`PBSInstallerMetadata.distribution`). uv's entry is kept as it
///    is otherwise: it alone knows libc, prereleases and GraalPy.
/// 4. The result holds one distribution per archive, sorted by key and URL.
///    Choosing the newest build of each version is the feed builder's job.
public enum MetadataMerge {
    /// Merges `installer` (from `installerFile`) into `uv` (from `uvFile`).
    /// Throws `IndexError.conflictingDigest`.
    public static func merge(
        uv: [PBSDistribution], uvFile: String, installer: [PBSInstallerFile], installerFile: String
    ) throws -> [PBSDistribution] {
        var merged: [String: PBSDistribution] = [:]
        for dist in uv {
            let name = archiveName(dist.url)
            if let seen = merged[name] {
                try check(name, seen.sha256, dist.sha256, uvFile, uvFile)
                if seen.sha256 == nil { merged[name] = dist }
                continue
            }
            merged[name] = dist
        }
        var fromInstaller: Set<String> = []
        for file in installer {
            let name = archiveName(file.url)
            if var known = merged[name] {
                let knownFile = fromInstaller.contains(name) ? installerFile : uvFile
                try check(name, known.sha256, file.sha256, knownFile, installerFile)
                if known.sha256 == nil, let sha = file.sha256 {
                    known.sha256 = sha
                    merged[name] = known
                }
                continue
            }
            guard let dist = PBSInstallerMetadata.distribution(file) else { continue }
            merged[name] = dist
            fromInstaller.insert(name)
        }
        return merged.values.sorted { ($0.key, $0.url) < ($1.key, $1.url) }
    }

    private static func check(_ name: String, _ a: String?, _ b: String?, _ fileA: String, _ fileB: String) throws {
        guard let a, let b, a != b else { return }
        throw IndexError.conflictingDigest(archive: name, first: fileA, firstDigest: a, second: fileB, secondDigest: b)
    }

    /// `cpython-3.14.7+20260814-x86_64-unknown-linux-gnu-install_only.tar.gz`
    /// for a URL ending in `cpython-3.14.7%2B20260814-…`.
    static func archiveName(_ url: String) -> String {
        let last = url.split(separator: "/").last.map(String.init) ?? url
        return last.removingPercentEncoding ?? last
    }
}
