import Fluent
import MotCuaCore
import Vapor

/// The registers' numbers (Decree 30/2020, DOMAIN §7): from 1 each 1 January, one series per agency, year and register,
/// confidential documents in a series of their own. Drawn through `NumberSeries` in the caller's transaction, so two
/// nodes never draw the same number and a rolled-back registration gives its number back.
enum DocumentNumbering {
    static func seriesName(register: DocumentRegister, agencyCode: String, year: Int, confidential: Bool) -> String {
        "vb-\(register == .incoming ? "den" : "di")\(confidential ? "-mat" : ""):\(agencyCode):\(year)"
    }

    static func next(register: DocumentRegister, agency: Agency, year: Int, confidential: Bool, on db: Database) async throws -> Int {
        try await NumberSeries.next(seriesName(register: register, agencyCode: agency.code, year: year, confidential: confidential), on: db)
    }

    /// The issuing agency's part of a notation: "UBND" for a People's Committee, otherwise the initials of its name
    /// before the place ("Sở Kế hoạch và Đầu tư tỉnh Lâm Đồng" → "SKHĐT").
    static func issuerAbbreviation(_ agency: Agency) -> String {
        if agency.kind == "people_committee" { return "UBND" }
        let stops: Set<String> = ["tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường"]
        var letters = ""
        for word in agency.name.split(separator: " ") {
            let lower = word.lowercased()
            if stops.contains(lower) { break }
            if lower == "và" || lower == "-" { continue }
            if let first = word.first, first.isLetter { letters.append(contentsOf: String(first).uppercased()) }
        }
        return letters.isEmpty ? "CQ" : letters
    }

    /// "07/QĐ-UBND"; an official letter names the drafting unit instead of a type: "05/UBND-VP".
    static func notation(number: Int, typeCode: String, agency: Agency, unit: String?) -> String {
        let isLetter = typeCode == DocumentKind.officialLetter
        return DocumentNotation.notation(number: number, typeAbbreviation: isLetter ? nil : typeCode,
                                         issuer: issuerAbbreviation(agency), unit: isLetter ? (unit ?? "VP") : nil)
    }
}
