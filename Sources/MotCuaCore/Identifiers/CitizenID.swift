import Foundation

/// A citizen identity number (CCCD / personal identification number), 12 digits
/// `PPP G YY NNNNNN` (DOMAIN §8). There is no check digit, so validation covers the shape,
/// the province of birth registration and a plausible birth year.
///
/// Never show `value` to the public: `description` prints the masked form so that
/// string interpolation and logs do not leak the number by accident.
public struct CitizenID: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(ValidationFailure) {
        try self.init(raw, currentYear: Self.currentYearInVietnam())
    }

    /// `currentYear` is injected so that tests (and replays of old data) do not depend on the clock.
    public init(_ raw: String, currentYear: Int) throws(ValidationFailure) {
        let text = IdentifierText.trimmed(raw)
        guard !text.isEmpty else {
            throw Self.failure("Chưa nhập số định danh cá nhân (số căn cước công dân). Vui lòng nhập đủ 12 chữ số.")
        }
        // The number itself is not echoed back: messages end up in logs.
        guard IdentifierText.isDigits(text, count: 12) else {
            throw Self.failure(
                "Số định danh cá nhân phải gồm đúng 12 chữ số, không có chữ cái, dấu cách hay ký tự khác "
                + "(giá trị đã nhập có \(text.count) ký tự). Vui lòng nhập lại theo số in trên thẻ căn cước.")
        }
        let digits = Array(text.utf8).map { Int($0 - 0x30) }
        let provinceCode = String(text.prefix(3))
        guard BirthProvince.named(code: provinceCode) != nil else {
            throw Self.failure(
                "Ba chữ số đầu “\(provinceCode)” của số định danh cá nhân không phải mã tỉnh, thành phố "
                + "nơi đăng ký khai sinh (từ 001 Hà Nội đến 096 Cà Mau). Vui lòng kiểm tra lại số trên thẻ căn cước.")
        }
        let birthYear = Self.birthYear(centuryDigit: digits[3], yearDigits: digits[4] * 10 + digits[5])
        guard birthYear <= currentYear else {
            throw Self.failure(
                "Số định danh cá nhân cho năm sinh \(birthYear) (chữ số thứ 4 là \(digits[3]), "
                + "chữ số thứ 5–6 là \(digits[4])\(digits[5])), muộn hơn năm hiện tại \(currentYear). "
                + "Vui lòng kiểm tra lại chữ số thứ 4 đến thứ 6.")
        }
        value = text
    }

    public var provinceCode: String { String(value.prefix(3)) }
    /// Validated at construction, so the lookup cannot fail.
    public var provinceName: String { BirthProvince.named(code: provinceCode)?.name ?? provinceCode }
    /// The fourth digit: century and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s …).
    public var centuryDigit: Int { digit(at: 3) }
    public var birthYear: Int { Self.birthYear(centuryDigit: centuryDigit, yearDigits: digit(at: 4) * 10 + digit(at: 5)) }
    public var isFemale: Bool { centuryDigit % 2 == 1 }

    /// "068******123": enough to tell two people apart on a list, not enough to reuse the number.
    public var masked: String { value.prefix(3) + String(repeating: "*", count: 6) + value.suffix(3) }

    public var description: String { masked }

    public init(from decoder: any Decoder) throws {
        self = try IdentifierText.decode(decoder) { raw throws(ValidationFailure) in try CitizenID(raw) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private func digit(at offset: Int) -> Int {
        Int(value.utf8[value.utf8.index(value.utf8.startIndex, offsetBy: offset)] - 0x30)
    }

    private static func birthYear(centuryDigit: Int, yearDigits: Int) -> Int {
        1900 + (centuryDigit / 2) * 100 + yearDigits
    }

    private static func currentYearInVietnam() -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        return calendar.component(.year, from: Date())
    }

    private static func failure(_ message: String) -> ValidationFailure {
        ValidationFailure(field: "citizenID", code: "invalid_citizen_id", message: message)
    }
}
