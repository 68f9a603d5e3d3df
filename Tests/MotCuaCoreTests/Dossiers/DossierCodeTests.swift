import Foundation
import Testing
@testable import MotCuaCore

@Suite("Dossier codes (DOMAIN §3, Decree 61 Art. 26)")
struct DossierCodeTests {
    @Test("DOMAIN example round-trips through parse and print")
    func roundTrip() throws {
        let code = try DossierCode("000.00.00.H41-250312-0007")
        #expect(code.agency == (try AgencyCode("000.00.00.H41")))
        #expect(code.date == LocalDateParts(year: 2025, month: 3, day: 12))
        #expect(code.sequence == 7)
        #expect(code.value == "000.00.00.H41-250312-0007")
        #expect(try DossierCode(code.value) == code)
    }

    @Test("Building from parts prints the DOMAIN example")
    func fromParts() throws {
        let code = try DossierCode(agency: AgencyCode("000.00.00.H41"), year: 2025, month: 3, day: 12, sequence: 7)
        #expect(code.value == "000.00.00.H41-250312-0007")
        #expect(code.description == code.value)
        let last = try DossierCode(agency: AgencyCode("000.00.00.G22"), year: 2099, month: 12, day: 31, sequence: 9999)
        #expect(last.value == "000.00.00.G22-991231-9999")
        let first = try DossierCode(agency: AgencyCode("000.00.00.H41"), year: 2000, month: 1, day: 1, sequence: 1)
        #expect(first.value == "000.00.00.H41-000101-0001")
    }

    @Test("Parsing trims and accepts a lower-case agency letter")
    func lenientParse() throws {
        #expect(try DossierCode("  000.00.00.h41-250312-0007\n").value == "000.00.00.H41-250312-0007")
        #expect(try DossierCode("000.00.00.h41-250312-0007").value == "000.00.00.H41-250312-0007")
        #expect(try DossierCode("\u{00A0}000.00.00.H41-250312-0007\u{3000}").value == "000.00.00.H41-250312-0007")
    }

    @Test("Sequences 0 and 10000 are rejected", arguments: [0, 10000, -1])
    func sequenceRange(sequence: Int) {
        let failure = #expect(throws: ValidationFailure.self) {
            try DossierCode(agency: AgencyCode("000.00.00.H41"), year: 2025, month: 3, day: 12, sequence: sequence)
        }
        #expect(failure?.code == "invalid_dossier_code")
        #expect(failure?.message.contains("0001 đến 9999") == true)
    }

    @Test("Impossible dates are rejected when building", arguments: [
        (2025, 2, 29), (2025, 13, 1), (2025, 0, 10), (2025, 4, 31), (2025, 1, 0), (1999, 12, 31), (2100, 1, 1),
    ])
    func invalidDateParts(year: Int, month: Int, day: Int) {
        #expect(throws: ValidationFailure.self) {
            try DossierCode(agency: AgencyCode("000.00.00.H41"), year: year, month: month, day: day, sequence: 1)
        }
    }

    @Test("29 February exists in leap years only")
    func leapDay() throws {
        #expect(try DossierCode("000.00.00.H41-240229-0001").date == LocalDateParts(year: 2024, month: 2, day: 29))
        #expect(throws: ValidationFailure.self) { try DossierCode("000.00.00.H41-250229-0001") }
    }

    @Test("Malformed codes are rejected when parsing", arguments: [
        "", "000.00.00.H41-250312-0000", "000.00.00.H41-250312-10000", "000.00.00.H41-250312-007",
        "000.00.00.H41-251312-0007", "000.00.00.H41-250332-0007", "000.00.00.H41-250431-0007",
        "000.00.00.H41-25031-0007", "000.00.00.H41-2503120-0007", "000.00.00.H41250312-0007",
        "000.00.00.H41-250312", "000.00.00.H4-250312-0007", "000.00.00.H41-250312-0007-1",
        "000.00.00.H41 -250312-0007", "000.00.00.H41-25O312-0007", "000.00.00.H41-250312-00A7",
    ])
    func malformed(raw: String) {
        let failure = #expect(throws: ValidationFailure.self) { try DossierCode(raw) }
        #expect(failure?.code == "invalid_dossier_code")
        #expect(failure?.field == "dossierCode")
    }

    @Test("A non-existent date is named in the message")
    func dateMessage() {
        let failure = #expect(throws: ValidationFailure.self) { try DossierCode("000.00.00.H41-250230-0007") }
        #expect(failure?.message.contains("30/02/2025") == true)
    }

    @Test("Codable uses the printed code")
    func codable() throws {
        let code = try DossierCode("000.00.00.H41-250312-0007")
        let data = try JSONEncoder().encode(code)
        #expect(String(decoding: data, as: UTF8.self) == #""000.00.00.H41-250312-0007""#)
        #expect(try JSONDecoder().decode(DossierCode.self, from: data) == code)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DossierCode.self, from: Data(#""000.00.00.H41-250312-0000""#.utf8))
        }
    }
}
