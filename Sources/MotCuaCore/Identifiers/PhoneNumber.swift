import Foundation

/// A Vietnamese mobile number (DOMAIN §8), the number SMS notices go to.
public struct PhoneNumber: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Normalised national form "0xxxxxxxxx".
    public let value: String

    /// Mobile prefixes after the leading 0 (03, 05, 07, 08, 09); 02x are landlines, which get no SMS.
    public static let mobilePrefixes: Set<Character> = ["3", "5", "7", "8", "9"]

    /// Accepts `0` + 9 digits or `+84` + 9 digits; spaces, dots and hyphens between digits are ignored.
    public init(_ raw: String) throws(ValidationFailure) {
        let text = IdentifierText.trimmed(raw)
        guard !text.isEmpty else {
            throw Self.failure("Chưa nhập số điện thoại di động. Vui lòng nhập 10 chữ số, ví dụ 0912 345 678.")
        }
        let compact = String(text.filter { $0 != " " && $0 != "." && $0 != "-" })
        let national: String
        if compact.hasPrefix("+84") {
            national = "0" + compact.dropFirst(3)
        } else {
            national = compact
        }
        guard IdentifierText.isDigits(national) else {
            throw Self.failure(
                "Số điện thoại \(IdentifierText.quoted(text)) chỉ được gồm chữ số, có thể bắt đầu bằng +84 "
                + "và ngăn cách bằng dấu cách hoặc dấu chấm. Vui lòng nhập lại, ví dụ 0912 345 678.")
        }
        guard national.utf8.count == 10, national.first == "0" else {
            throw Self.failure(
                "Số điện thoại di động \(IdentifierText.quoted(text)) không đủ hoặc thừa chữ số: cần số 0 "
                + "và 9 chữ số (ví dụ 0912 345 678), hoặc +84 và 9 chữ số (ví dụ +84 912 345 678).")
        }
        guard let second = national.dropFirst().first, Self.mobilePrefixes.contains(second) else {
            throw Self.failure(
                "Đầu số “\(national.prefix(2))” không phải đầu số di động. Số di động bắt đầu bằng 03, 05, 07, 08 "
                + "hoặc 09; số máy bàn không nhận được tin nhắn. Vui lòng nhập số điện thoại di động.")
        }
        value = national
    }

    /// "+84912345678", for SMS gateways.
    public var international: String { "+84" + value.dropFirst() }
    /// "0912 345 678", for reading aloud and printing.
    public var display: String {
        let digits = Array(value)
        return String(digits[0..<4]) + " " + String(digits[4..<7]) + " " + String(digits[7..<10])
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        self = try IdentifierText.decode(decoder) { raw throws(ValidationFailure) in try PhoneNumber(raw) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func failure(_ message: String) -> ValidationFailure {
        ValidationFailure(field: "phone", code: "invalid_phone_number", message: message)
    }
}
