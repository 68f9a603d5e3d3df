import Foundation

/// An agency's electronic identifier code ("mã định danh"), `V1V2V3.Z1Z2.Y1Y2.MX1X2` (DOMAIN §1),
/// e.g. `000.00.00.G22` (Government Office), `000.00.00.H41` (Nghệ An provincial People's Committee).
public struct AgencyCode: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    /// Accepts exactly `^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$` after trimming whitespace.
    /// Lower-case letters are rejected: the code is an official identifier, not free text.
    public init(_ raw: String) throws(ValidationFailure) {
        let text = IdentifierText.trimmed(raw)
        guard !text.isEmpty else {
            throw Self.failure("Chưa nhập mã định danh cơ quan. Vui lòng nhập mã gồm 13 ký tự, ví dụ 000.00.00.H41.")
        }
        guard Self.hasShape(text) else {
            throw Self.failure(
                "Mã định danh cơ quan \(IdentifierText.quoted(text)) không đúng định dạng. "
                + "Mã gồm 13 ký tự dạng 000.00.00.H41: nhóm 3 chữ số, nhóm 2 chữ số, nhóm 2 chữ số, "
                + "rồi một chữ cái in hoa và 2 chữ số, ngăn cách bằng dấu chấm. Vui lòng kiểm tra lại.")
        }
        value = text
    }

    /// The level-1 letter `M`: `G` for ministries and central bodies, `H` for provinces.
    public var levelLetter: Character { value[value.index(value.endIndex, offsetBy: -3)] }
    public var isCentral: Bool { levelLetter == "G" }
    public var isProvincial: Bool { levelLetter == "H" }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        self = try IdentifierText.decode(decoder) { raw throws(ValidationFailure) in try AgencyCode(raw) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    static func hasShape(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4,
              IdentifierText.isDigits(parts[0], count: 3),
              IdentifierText.isDigits(parts[1], count: 2),
              IdentifierText.isDigits(parts[2], count: 2)
        else { return false }
        let last = Array(parts[3].utf8)
        return last.count == 3
            && IdentifierText.isUppercaseASCIILetter(last[0])
            && IdentifierText.isDigits(parts[3].dropFirst(), count: 2)
    }

    private static func failure(_ message: String) -> ValidationFailure {
        ValidationFailure(field: "agencyCode", code: "invalid_agency_code", message: message)
    }
}
