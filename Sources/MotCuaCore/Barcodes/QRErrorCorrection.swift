/// QR error correction level: roughly 7 %, 15 %, 25 % and 30 % of the symbol may be damaged.
public enum QRErrorCorrection: Sendable, CaseIterable {
    case low, medium, quartile, high

    /// Row in the ISO/IEC 18004 capacity tables (ordered L, M, Q, H).
    var tableIndex: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .quartile: return 2
        case .high: return 3
        }
    }

    /// The two-bit indicator in the format information; deliberately not in L–M–Q–H order.
    var formatIndicator: Int {
        switch self {
        case .low: return 0b01
        case .medium: return 0b00
        case .quartile: return 0b11
        case .high: return 0b10
        }
    }
}
