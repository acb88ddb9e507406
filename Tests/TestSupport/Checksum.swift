import Foundation

/// The lowercase hex SHA-256 of the file at `path` (via `sha256sum`; swift-crypto is not a
/// TestSupport dependency).
public func sha256Hex(of path: String) throws -> String {
    let result = try runProcess("sha256sum", ["--", path])
    guard result.status == 0, let hex = result.stdout.split(separator: " ").first, hex.count == 64 else {
        throw TestSupportError("sha256sum \(path) failed: \(result.stderr)")
    }
    return String(hex)
}
