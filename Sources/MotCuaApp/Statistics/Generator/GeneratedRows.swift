import Foundation

/// Time-ordered identifiers (UUIDv7 layout: milliseconds of the run, then a counter, then random bits), so
/// that rows generated in order are appended to the primary-key index instead of scattered through it.
struct OrderedUUIDs {
    private let prefix: UInt64
    private var counter: UInt64 = 0

    init(runStart: Date, stream: UInt64) {
        // The stream separates dossiers from events within one run; the run's time separates runs.
        let millis = UInt64(runStart.timeIntervalSince1970 * 1000) &+ stream
        prefix = millis << 16 | 0x7000
    }

    mutating func next(_ rng: inout SeededRandom) -> UUID {
        counter += 1
        let high = prefix | (counter >> 50 & 0x0FFF)
        let low = (counter & 0x3_FFFF_FFFF_FFFF) << 12 | (rng.next() & 0xFFF)
        let variantLow = 0x8000_0000_0000_0000 | (low & 0x3FFF_FFFF_FFFF_FFFF)
        return UUID(uuid: Self.bytes(high, variantLow))
    }

    private static func bytes(_ a: UInt64, _ b: UInt64) -> uuid_t {
        func byte(_ v: UInt64, _ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: v >> (56 - 8 * i)) }
        return (byte(a, 0), byte(a, 1), byte(a, 2), byte(a, 3), byte(a, 4), byte(a, 5), byte(a, 6), byte(a, 7),
                byte(b, 0), byte(b, 1), byte(b, 2), byte(b, 3), byte(b, 4), byte(b, 5), byte(b, 6), byte(b, 7))
    }
}
