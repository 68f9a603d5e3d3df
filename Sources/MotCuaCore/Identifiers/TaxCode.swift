import Foundation

/// A tax code ("mã số thuế", DOMAIN §8): 10 digits for an enterprise or person, or 13 for a
/// dependent unit, written `0314409058-002`. The 10th digit is a check digit over the first nine.
public struct TaxCode: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Normalised: "0100233488" or "0314409058-002" (13 digits without the dash are accepted and dashed).
    public let value: String

    public init(_ raw: String) throws(ValidationFailure) {
        let text = IdentifierText.trimmed(raw)
        guard !text.isEmpty else {
            throw Self.failure("Chưa nhập mã số thuế. Vui lòng nhập 10 chữ số, hoặc 13 chữ số dạng 0314409058-002 với đơn vị phụ thuộc.")
        }
        let main: Substring
        let branch: Substring?
        if IdentifierText.isDigits(text, count: 10) {
            (main, branch) = (text[...], nil)
        } else if IdentifierText.isDigits(text, count: 13) {
            (main, branch) = (text.prefix(10), text.suffix(3))
        } else if text.utf8.count == 14, text.dropFirst(10).first == "-",
                  IdentifierText.isDigits(text.prefix(10), count: 10),
                  IdentifierText.isDigits(text.suffix(3), count: 3) {
            (main, branch) = (text.prefix(10), text.suffix(3))
        } else {
            throw Self.failure(
                "Mã số thuế \(IdentifierText.quoted(text)) không đúng định dạng: cần 10 chữ số (ví dụ 0100233488) "
                + "hoặc 13 chữ số với đơn vị phụ thuộc (ví dụ 0314409058-002). Vui lòng kiểm tra lại.")
        }
        let digits = main.utf8.map { Int($0 - 0x30) }
        guard let expected = Self.checkDigit(forFirstNine: Array(digits.prefix(9))) else {
            throw Self.failure(
                "Mã số thuế \(IdentifierText.quoted(main)) không hợp lệ: chín chữ số đầu không tạo thành "
                + "mã số thuế nào được cấp. Vui lòng đối chiếu lại với giấy chứng nhận đăng ký thuế.")
        }
        guard digits[9] == expected else {
            throw Self.failure(
                "Mã số thuế \(IdentifierText.quoted(main)) không hợp lệ: chữ số kiểm tra (chữ số thứ 10) "
                + "không khớp, có thể đã gõ nhầm một chữ số. Vui lòng đối chiếu lại với giấy chứng nhận đăng ký thuế.")
        }
        if let branch {
            guard branch != "000" else {
                throw Self.failure(
                    "Mã số thuế đơn vị phụ thuộc phải có ba chữ số cuối từ 001 đến 999 (đã nhập 000). "
                    + "Nếu là đơn vị chính, hãy nhập 10 chữ số.")
            }
            value = "\(main)-\(branch)"
        } else {
            value = String(main)
        }
    }

    /// The check digit per DOMAIN §8: 10 − (Σ dᵢ·wᵢ mod 11). A remainder of 0 would need
    /// the impossible digit 10, so such prefixes are never issued (`nil`); remainder 1 → 9, 10 → 0.
    public static func checkDigit(forFirstNine digits: [Int]) -> Int? {
        precondition(digits.count == 9, "a tax code check digit covers exactly nine digits")
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        let remainder = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return remainder == 0 ? nil : 10 - remainder
    }

    /// The 10-digit code of the enterprise itself (the parent of a dependent unit).
    public var enterpriseCode: String { String(value.prefix(10)) }
    /// The dependent unit's number, 1…999, or nil for the enterprise itself.
    public var branchNumber: Int? { isBranch ? Int(value.suffix(3)) : nil }
    public var isBranch: Bool { value.count == 14 }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        self = try IdentifierText.decode(decoder) { raw throws(ValidationFailure) in try TaxCode(raw) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func failure(_ message: String) -> ValidationFailure {
        ValidationFailure(field: "taxCode", code: "invalid_tax_code", message: message)
    }
}
