import Foundation

/// A procedure's national code (DOMAIN §2), `<digits>.<6 digits>.<agency code>`,
/// e.g. `1.001193.000.00.00.H41`: the agency part names the body that published it.
public struct ProcedureCode: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String
    /// The leading group of digits ("1" in `1.001193.…`).
    public let category: String
    /// The six-digit procedure number ("001193").
    public let number: String
    public let agency: AgencyCode

    public init(_ raw: String) throws(ValidationFailure) {
        let text = IdentifierText.trimmed(raw)
        guard !text.isEmpty else {
            throw Self.failure("Chưa nhập mã thủ tục hành chính. Ví dụ mã đúng: 1.001193.000.00.00.H41.")
        }
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3,
              IdentifierText.isDigits(parts[0]),
              IdentifierText.isDigits(parts[1], count: 6),
              let agency = try? AgencyCode(String(parts[2])),
              agency.value == parts[2]
        else {
            throw Self.failure(
                "Mã thủ tục hành chính \(IdentifierText.quoted(text)) không đúng định dạng "
                + "<số>.<6 chữ số>.<mã định danh cơ quan>, ví dụ 1.001193.000.00.00.H41. Vui lòng kiểm tra lại.")
        }
        value = text
        category = String(parts[0])
        number = String(parts[1])
        self.agency = agency
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        self = try IdentifierText.decode(decoder) { raw throws(ValidationFailure) in try ProcedureCode(raw) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func failure(_ message: String) -> ValidationFailure {
        ValidationFailure(field: "procedureCode", code: "invalid_procedure_code", message: message)
    }
}
