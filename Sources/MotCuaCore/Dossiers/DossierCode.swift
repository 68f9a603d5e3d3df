import Foundation

/// A dossier code (Decree 61 Art. 26, DOMAIN §3): `<receiving agency code>-<YYMMDD>-<NNNN>`,
/// e.g. `000.00.00.H41-250312-0007`. Issuing a fresh sequence is the app's job (atomically, in
/// the database); this type only builds, prints and parses codes.
public struct DossierCode: Hashable, Codable, Sendable, CustomStringConvertible {
    public let agency: AgencyCode
    /// The date of receipt.
    public let date: LocalDateParts
    public let sequence: Int

    public static let sequenceRange = 1...9999
    /// Years a two-digit `YY` can name.
    public static let yearRange = 2000...2099

    /// Throws when the date is not a real day in 2000–2099 or the sequence is outside 1…9999
    /// (a 10,000th dossier in one day at one agency cannot be written in four digits).
    public init(agency: AgencyCode, year: Int, month: Int, day: Int, sequence: Int) throws(ValidationFailure) {
        try self.init(agency: agency, date: LocalDateParts(year: year, month: month, day: day), sequence: sequence)
    }

    public init(agency: AgencyCode, date: LocalDateParts, sequence: Int) throws(ValidationFailure) {
        guard Self.yearRange.contains(date.year), date.isValid else {
            throw ValidationFailure(
                field: "date", code: "invalid_dossier_code",
                message: "Ngày tiếp nhận \(Self.vietnameseDate(date)) không hợp lệ cho mã hồ sơ: "
                    + "cần một ngày có thật từ năm 2000 đến năm 2099.")
        }
        guard Self.sequenceRange.contains(sequence) else {
            throw ValidationFailure(
                field: "sequence", code: "invalid_dossier_code",
                message: "Số thứ tự \(sequence) không dùng được trong mã hồ sơ: số thứ tự trong ngày "
                    + "phải từ 0001 đến 9999.")
        }
        self.agency = agency
        self.date = date
        self.sequence = sequence
    }

    /// Parses a code typed or scanned by a person: surrounding whitespace is ignored and the
    /// agency letter may be lower case ("000.00.00.h41-250312-0007").
    public init(_ raw: String) throws(ValidationFailure) {
        let trimmed = IdentifierText.trimmed(raw)
        // Codes as printed are already upper-case ASCII: uppercasing is only needed when a lower-case or non-ASCII letter is present.
        let text = trimmed.utf8.allSatisfy({ $0 < 0x80 && !(0x61...0x7A).contains($0) }) ? trimmed : trimmed.uppercased()
        guard !text.isEmpty else {
            throw Self.failure("Chưa nhập mã hồ sơ. Mã hồ sơ in trên giấy tiếp nhận, ví dụ 000.00.00.H41-250312-0007.")
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw Self.failure(
                "Mã hồ sơ \(IdentifierText.quoted(text)) không đúng định dạng <mã cơ quan>-<năm tháng ngày>-<số thứ tự>, "
                + "ví dụ 000.00.00.H41-250312-0007. Vui lòng nhập lại theo giấy tiếp nhận hồ sơ.")
        }
        guard let agency = try? AgencyCode(String(parts[0])), agency.value == parts[0] else {
            throw Self.failure(
                "Phần đầu \(IdentifierText.quoted(parts[0])) của mã hồ sơ không phải mã định danh cơ quan "
                + "(dạng 000.00.00.H41). Vui lòng nhập lại theo giấy tiếp nhận hồ sơ.")
        }
        guard IdentifierText.isDigits(parts[1], count: 6) else {
            throw Self.failure(
                "Phần ngày \(IdentifierText.quoted(parts[1])) của mã hồ sơ phải gồm 6 chữ số năm-tháng-ngày "
                + "(YYMMDD), ví dụ 250312 cho ngày 12/03/2025.")
        }
        let digits = parts[1].utf8.map { Int($0 - 0x30) }
        let date = LocalDateParts(
            year: 2000 + digits[0] * 10 + digits[1],
            month: digits[2] * 10 + digits[3],
            day: digits[4] * 10 + digits[5])
        guard date.isValid else {
            throw Self.failure(
                "Phần ngày “\(parts[1])” của mã hồ sơ không phải ngày có thật (\(Self.vietnameseDate(date))). "
                + "Vui lòng kiểm tra lại mã hồ sơ.")
        }
        guard IdentifierText.isDigits(parts[2], count: 4), let sequence = Int(parts[2]), sequence >= 1 else {
            throw Self.failure(
                "Số thứ tự \(IdentifierText.quoted(parts[2])) của mã hồ sơ phải gồm 4 chữ số, từ 0001 đến 9999.")
        }
        self.agency = agency
        self.date = date
        self.sequence = sequence
    }

    /// "000.00.00.H41-250312-0007".
    public var value: String {
        var text = agency.value
        text.reserveCapacity(text.utf8.count + 12)
        text.unicodeScalars.append("-")
        Self.appendDigits(date.year % 100, width: 2, to: &text)
        Self.appendDigits(date.month, width: 2, to: &text)
        Self.appendDigits(date.day, width: 2, to: &text)
        text.unicodeScalars.append("-")
        Self.appendDigits(sequence, width: 4, to: &text)
        return text
    }

    /// Zero-padded decimal digits of a non-negative number below 10^width, appended in place (the lookup formats a code per request).
    private static func appendDigits(_ number: Int, width: Int, to text: inout String) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = number
        while divisor > 0 {
            text.unicodeScalars.append(Unicode.Scalar(UInt8(0x30 + rest / divisor)))
            rest %= divisor
            divisor /= 10
        }
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        self = try IdentifierText.decode(decoder) { raw throws(ValidationFailure) in try DossierCode(raw) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func vietnameseDate(_ date: LocalDateParts) -> String {
        "\(IdentifierText.zeroPadded(date.day, width: 2))/\(IdentifierText.zeroPadded(date.month, width: 2))/\(date.year)"
    }

    private static func failure(_ message: String) -> ValidationFailure {
        ValidationFailure(field: "dossierCode", code: "invalid_dossier_code", message: message)
    }
}
