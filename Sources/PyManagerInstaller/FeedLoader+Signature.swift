import Crypto
import PyManagerCore
import PyManagerHTTP

extension FeedLoader {
    /// Checks `bytes`, the page read from `page`, against `<page>.sig` when
    /// `trust` asks for it: the signature must be by a trusted key and match
    /// the bytes exactly (Ed25519 over the whole file, as `signify -S` makes it).
    ///
    /// - Throws: `InstallError.signature` saying what is wrong with the page.
    func verifySignature(of page: String, bytes: [UInt8]) throws(InstallError) {
        guard trust.requiresSignature(page) else { return }
        let shown = redacted(page)
        let signatureBytes: [UInt8]
        do {
            signatureBytes = try fetch(FeedTrust.signatureURL(for: page))
        } catch {
            throw .signature(.missing(page: shown, reason: FeedLoader.shortReason(error)))
        }
        let signature: SignifySignature
        do {
            signature = try SignifySignature(parsingFile: signatureBytes)
        } catch {
            throw .signature(.malformedSignature(page: shown, reason: error))
        }
        let keys: [SignifyKey]
        do {
            keys = try trust.candidates(for: signature, page: shown)
        } catch {
            throw .signature(error)
        }
        for key in keys {
            guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey) else { continue }
            if publicKey.isValidSignature(signature.signature, for: bytes) {
                log.debug("\(shown) is signed by trusted key \(keyNumberText(key.keyNumber))")
                return
            }
        }
        throw .signature(.badSignature(page: shown))
    }

    /// Why a signature could not be read, in a few words: `HTTP 404`, `No such file or directory`.
    static func shortReason(_ error: InstallError) -> String {
        switch error {
        case .http(let e):
            if case .httpStatus(_, let code) = e.rootCause { return "HTTP \(code)" }
            return e.description
        case .file(let e): return e.message
        default: return error.description
        }
    }
}
