import Foundation

/// Number, notation and date line of an official document under Decree 30/2020 (DOMAIN §7).
public enum DocumentNotation {
    /// "05", "15", "123": numbers below 10 take a leading zero.
    public static func number(_ n: Int) -> String {
        IdentifierText.zeroPadded(n, width: 2)
    }

    /// "15/QĐ-UBND" for a document with a type, "05/UBND-VP" for an official letter (công văn),
    /// which has no type abbreviation and names the drafting unit instead. Parts that are nil
    /// or blank are left out; the ones given are joined with "-" in the order type, issuer, unit.
    public static func notation(number: Int, typeAbbreviation: String?, issuer: String, unit: String?) -> String {
        let parts = [typeAbbreviation, issuer, unit]
            .compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        return "\(Self.number(number))/\(parts.joined(separator: "-"))"
    }

    /// "Số: 15/QĐ-UBND", the line as printed under the agency's name.
    public static func numberLine(number: Int, typeAbbreviation: String?, issuer: String, unit: String?) -> String {
        "Số: " + notation(number: number, typeAbbreviation: typeAbbreviation, issuer: issuer, unit: unit)
    }

    /// "Hà Nội, ngày 05 tháng 01 năm 2020". Days below 10 and the months 1 and 2 take a leading
    /// zero (so "tháng 1" cannot later be turned into "tháng 11" or "tháng 12"); months 3–12 do not.
    public static func dateLine(place: String, year: Int, month: Int, day: Int) -> String {
        let dayText = IdentifierText.zeroPadded(day, width: 2)
        let monthText = month <= 2 ? IdentifierText.zeroPadded(month, width: 2) : String(month)
        let placeText = place.trimmingCharacters(in: .whitespacesAndNewlines)
        return "\(placeText), ngày \(dayText) tháng \(monthText) năm \(year)"
    }
}
