import PyManagerCore

extension Context {
    /// The keys in `install.trusted_keys`, read now, and the bundled feed,
    /// which needs no signature (see `FeedTrust`).
    ///
    /// - Throws: `FeedSignatureError` naming a key file that cannot be read or parsed.
    public func feedTrust() throws(FeedSignatureError) -> FeedTrust {
        let entries = settings.trustedKeys
        guard !entries.isEmpty else { return FeedTrust(keys: []) }
        let keys = try FeedTrust.keys(from: entries) { path in
            Result { () throws(PosixError) in try Posix.readFileOrThrow(path) }.mapError { FeedTrust.ReadFailure(reason: $0.message) }
        }
        log.debug("Feeds must be signed by one of \(keys.count) trusted key(s): \(keys.map { keyNumberText($0.keyNumber) }.joined(separator: ", "))")
        return FeedTrust(keys: keys, bundledFeed: Host.bundledFeed(binary: binary))
    }
}
