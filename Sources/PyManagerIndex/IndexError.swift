/// Everything that can go wrong while generating feeds. Each case carries the
/// file and, where there is one, the JSON key path, so a message can name both.
public enum IndexError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The metadata file could not be read.
    case unreadable(file: String, reason: String)
    /// The metadata file is not JSON, or not a JSON object at the top level.
    case notJSON(file: String, reason: String)
    /// A key is missing or holds a value of the wrong type or form.
    case invalidValue(file: String, keyPath: String, expected: String)
    /// A `--triple` argument is not `<os>-<arch>[-<libc>]`, or names an
    /// architecture without a platform suffix.
    case invalidTriple(String, reason: String)
    /// No usable distribution exists for a requested triple.
    case noEntries(triple: String, file: String)
    /// A feed file could not be written.
    case unwritable(file: String, reason: String)
    /// Two metadata files list the same archive with different SHA-256 digests.
    case conflictingDigest(archive: String, first: String, firstDigest: String, second: String, secondDigest: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "Could not read metadata file \(file): \(reason)."
        case .notJSON(let file, let reason):
            return "Metadata file \(file) is not valid JSON: \(reason)."
        case .invalidValue(let file, let keyPath, let expected):
            return "Invalid metadata in \(file) at \(keyPath): expected \(expected)."
        case .invalidTriple(let triple, let reason):
            return "Invalid triple '\(triple)': \(reason)."
        case .noEntries(let triple, let file):
            return "No installable distribution for triple '\(triple)' in \(file). Check the triple's spelling."
        case .unwritable(let file, let reason):
            return "Could not write \(file): \(reason)."
        case .conflictingDigest(let archive, let first, let firstDigest, let second, let secondDigest):
            return "The SHA-256 of \(archive) differs: \(first) lists \(firstDigest), \(second) lists \(secondDigest). "
                + "No feed was written; find out which source is wrong before publishing."
        }
    }
}
