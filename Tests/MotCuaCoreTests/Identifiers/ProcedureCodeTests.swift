import Foundation
import Testing
@testable import MotCuaCore

@Suite("National procedure codes (DOMAIN §2)")
struct ProcedureCodeTests {
    @Test("DOMAIN example is split into its parts")
    func domainExample() throws {
        let code = try ProcedureCode(" 1.001193.000.00.00.H41 ")
        #expect(code.value == "1.001193.000.00.00.H41")
        #expect(code.category == "1")
        #expect(code.number == "001193")
        #expect(code.agency == (try AgencyCode("000.00.00.H41")))
        #expect(code.agency.isProvincial)
    }

    @Test("Longer leading groups are allowed")
    func longerCategory() throws {
        #expect(try ProcedureCode("12.002163.000.00.00.G22").agency.isCentral)
    }

    @Test("Malformed codes are rejected", arguments: [
        "", "1.1193.000.00.00.H41", "1.0011930.000.00.00.H41", ".001193.000.00.00.H41",
        "1.001193.000.00.00", "1.001193-000.00.00.H41", "x.001193.000.00.00.H41",
        "1.001193. 000.00.00.H41", "1.001193.000.00.00.h41", "1..001193.000.00.00.H41",
    ])
    func malformed(raw: String) {
        let failure = #expect(throws: ValidationFailure.self) { try ProcedureCode(raw) }
        #expect(failure?.code == "invalid_procedure_code")
    }
}
