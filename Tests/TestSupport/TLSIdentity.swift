import Foundation

/// A self-signed certificate and key (PEM files) valid for `127.0.0.1` (subjectAltName IP) and `localhost`.
public struct TLSIdentity: Sendable {
    public var certificatePath: String
    public var keyPath: String

    /// Makes a fresh identity in `directory` with the `openssl` CLI; nil when openssl is missing
    /// (callers skip their test and say so).
    public static func selfSigned(in directory: String) throws -> TLSIdentity? {
        guard isToolAvailable("openssl") else { return nil }
        let identity = TLSIdentity(certificatePath: directory + "/cert.pem", keyPath: directory + "/key.pem")
        let result = try runProcess(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", identity.keyPath, "-out", identity.certificatePath, "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ])
        guard result.status == 0 else { throw TestSupportError("openssl req failed: \(result.stderr)") }
        return identity
    }
}
