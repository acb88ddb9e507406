/// Deterministic bytes that look random (xorshift32): they do not compress and do not repeat, so
/// a misplaced range or a damaged block shows up as a content mismatch. The same `count` and `seed`
/// always give the same bytes.
public func pseudoRandomBytes(_ count: Int, seed: UInt32 = 2_463_534_242) -> [UInt8] {
    var state = seed == 0 ? 1 : seed  // xorshift stays at zero forever
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        return UInt8(truncatingIfNeeded: state)
    }
}
