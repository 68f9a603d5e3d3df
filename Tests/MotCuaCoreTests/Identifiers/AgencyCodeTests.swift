import Foundation
import Testing
@testable import MotCuaCore

@Suite("Agency identifier codes (DOMAIN §1)")
struct AgencyCodeTests {
    @Test("DOMAIN examples are accepted and classified", arguments: [
        ("000.00.00.G22", true, false),  // Government Office
        ("000.00.00.H41", false, true),  // Nghệ An provincial People's Committee
        ("123.45.67.X89", false, false),
    ])
    func validExamples(raw: String, central: Bool, provincial: Bool) throws {
        let code = try AgencyCode(raw)
        #expect(code.value == raw)
        #expect(code.description == raw)
        #expect(code.isCentral == central)
        #expect(code.isProvincial == provincial)
    }

    @Test("Whitespace around the code is trimmed")
    func trimsWhitespace() throws {
        #expect(try AgencyCode("  000.00.00.H41\n").value == "000.00.00.H41")
    }

    @Test("Malformed codes are rejected", arguments: [
        "", "   ", "000.00.00.H4", "000.00.00.H411", "00.00.00.H41", "0000.00.00.H41",
        "000.0.00.H41", "000.00.000.H41", "000.00.00.41H", "000.00.00.h41", "000-00-00-H41",
        "000.00.00H41", "000.00.00.Đ41", "000.00.00.HH1", "０00.00.00.H41", "000.00.00.H41.",
        "000.00.00 .H41", "a00.00.00.H41",
    ])
    func rejectsMalformed(raw: String) {
        let failure = #expect(throws: ValidationFailure.self) { try AgencyCode(raw) }
        #expect(failure?.code == "invalid_agency_code")
        #expect(failure?.field == "agencyCode")
        #expect(failure?.message.contains("định danh cơ quan") == true)
    }

    @Test("Codable round-trips as a plain string and validates on decode")
    func codable() throws {
        let data = try JSONEncoder().encode([try AgencyCode("000.00.00.H41")])
        #expect(String(decoding: data, as: UTF8.self) == #"["000.00.00.H41"]"#)
        #expect(try JSONDecoder().decode([AgencyCode].self, from: data) == [try AgencyCode("000.00.00.H41")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([AgencyCode].self, from: Data(#"["H41"]"#.utf8))
        }
    }
}
