import Foundation
import Testing
@testable import MotCuaCore

@Suite("Document number, notation and date line (DOMAIN §7, Decree 30/2020)")
struct DocumentNotationTests {
    @Test("Numbers below 10 take a leading zero", arguments: [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (15, "15"), (123, "123")])
    func number(n: Int, expected: String) {
        #expect(DocumentNotation.number(n) == expected)
    }

    @Test("Document with a type: number/TYPE-ISSUER")
    func typedDocument() {
        #expect(DocumentNotation.notation(number: 15, typeAbbreviation: "QĐ", issuer: "UBND", unit: nil) == "15/QĐ-UBND")
        #expect(DocumentNotation.numberLine(number: 15, typeAbbreviation: "QĐ", issuer: "UBND", unit: nil) == "Số: 15/QĐ-UBND")
    }

    @Test("Official letter has no type: number/ISSUER-UNIT")
    func officialLetter() {
        #expect(DocumentNotation.notation(number: 5, typeAbbreviation: nil, issuer: "UBND", unit: "VP") == "05/UBND-VP")
        #expect(DocumentNotation.notation(number: 5, typeAbbreviation: "  ", issuer: "UBND", unit: "VP") == "05/UBND-VP")
    }

    @Test("Date line pads days below 10 and months 1–2 only", arguments: [
        (2020, 1, 5, "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (2020, 2, 29, "Hà Nội, ngày 29 tháng 02 năm 2020"),
        (2021, 3, 9, "Hà Nội, ngày 09 tháng 3 năm 2021"),
        (2021, 10, 10, "Hà Nội, ngày 10 tháng 10 năm 2021"),
        (2024, 12, 31, "Hà Nội, ngày 31 tháng 12 năm 2024"),
    ])
    func dateLine(year: Int, month: Int, day: Int, expected: String) {
        #expect(DocumentNotation.dateLine(place: "Hà Nội", year: year, month: month, day: day) == expected)
    }

    @Test("The type list holds the 27 abbreviations of DOMAIN §7")
    func typeList() {
        let fromDomain = "NQ, QĐ, CT, QC, QyĐ, TC, TB, HD, CTr, KH, PA, ĐA, DA, BC, BB, TTr, HĐ, CĐ, BGN, BTT, GUQ, GM, GGT, GNP, PG, PC, PB"
            .components(separatedBy: ", ")
        #expect(DocumentType.all.map(\.abbreviation) == fromDomain)
        #expect(DocumentType.named(abbreviation: "QĐ")?.name == "Quyết định")
        #expect(DocumentType.named(abbreviation: "TTr")?.name == "Tờ trình")
    }
}
