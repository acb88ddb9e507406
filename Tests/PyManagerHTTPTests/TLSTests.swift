import Foundation
import PyManagerHTTP
import TestSupport
import Testing

@Suite("TLS verification")
struct TLSTests {
    @Test("a self-signed server fails with tlsCertificate naming SSL_CERT_FILE; trusting it via SSL_CERT_FILE works")
    func selfSigned() throws {
        let root = try TempRoot()
        guard let identity = try TLSIdentity.selfSigned(in: root.work) else {
            // No openssl on this machine: nothing to make the certificate with.
            print("skipped: openssl is not installed, cannot make a self-signed certificate")
            return
        }
        let server = try LoopbackServer(tls: identity)
        let bytes = payload(4_000)
        try server.write(Data(bytes), to: "a.bin")
        let url = server.url(for: "a.bin")
        let target = root.work + "/a.bin"

        // GIVEN the default trust store WHEN downloading THEN verification fails, with advice.
        let error = httpError { () throws(HTTPError) in try testClient().download(url, to: target) }
        guard case .tlsCertificate(let failedURL, let host, _)? = error else {
            Issue.record("expected tlsCertificate, got \(String(describing: error))")
            return
        }
        #expect(failedURL == url)
        #expect(host == "127.0.0.1")
        let text = error?.description ?? ""
        #expect(text.contains("SSL_CERT_FILE"))
        #expect(!text.lowercased().contains("insecure") && !text.contains("--no-verify") && !text.contains("-k"))
        #expect(!exists(target))

        // GIVEN SSL_CERT_FILE pointing at the server's certificate THEN the download works.
        var trusting = HTTPClient(version: "9.9-test", environment: ["SSL_CERT_FILE": identity.certificatePath])
        trusting.retry = .none
        try trusting.download(url, to: target)
        #expect(readBytes(target) == bytes)
    }
}
