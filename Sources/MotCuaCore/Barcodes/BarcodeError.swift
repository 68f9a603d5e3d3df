/// Why a text could not be turned into a barcode.
public enum BarcodeError: Error, Equatable, Sendable {
    /// The symbology has no way to represent this character.
    case unsupportedCharacter(Character)
    /// The payload (characters for Code 128, UTF-8 bytes for QR) exceeds what the symbol can hold.
    case tooLong(Int)

    /// Shown to staff at the counter, hence Vietnamese.
    public var message: String {
        switch self {
        case .unsupportedCharacter(let character):
            return "Ký tự “\(character)” không thể mã hoá trong mã vạch."
        case .tooLong(let length):
            return "Nội dung quá dài để tạo mã (độ dài \(length))."
        }
    }
}
