import Foundation
import Testing
@testable import MotCuaCore

@Suite("Tax codes (DOMAIN §8)")
struct TaxCodeTests {
    @Test("DOMAIN example 0100233488 is valid")
    func domainExample() throws {
        let code = try TaxCode("0100233488")
        #expect(code.value == "0100233488")
        #expect(!code.isBranch)
        #expect(code.branchNumber == nil)
        // Σ = 0·31+1·29+0·23+0·19+2·17+3·13+3·7+4·5+8·3 = 167; 167 mod 11 = 2; 10 − 2 = 8.
        #expect(TaxCode.checkDigit(forFirstNine: [0, 1, 0, 0, 2, 3, 3, 4, 8]) == 8)
    }

    @Test("Changing the check digit of 0100233488 makes it invalid", arguments: [0, 1, 2, 3, 4, 5, 6, 7, 9])
    func wrongCheckDigit(last: Int) {
        let failure = #expect(throws: ValidationFailure.self) { try TaxCode("010023348\(last)") }
        #expect(failure?.code == "invalid_tax_code")
        #expect(failure?.message.contains("chữ số kiểm tra") == true)
    }

    @Test("Changing one of the first nine digits makes it invalid", arguments: [
        "1100233488", "0200233488", "0110233488", "0100333488", "0100233588", "0100233478",
    ])
    func wrongBodyDigit(raw: String) {
        #expect(throws: ValidationFailure.self) { try TaxCode(raw) }
    }

    @Test("Remainder 1 gives check digit 9, remainder 10 gives 0")
    func remainderEdges() throws {
        // 0·31+1·29+0·23+0·19+2·17+3·13+3·7+4·5+4·3 = 155 ≡ 1 (mod 11) → 9
        #expect(try TaxCode("0100233449").value == "0100233449")
        // … +7·3 = 164 ≡ 10 (mod 11) → 0
        #expect(try TaxCode("0100233470").value == "0100233470")
    }

    @Test("Remainder 0 is invalid whatever the tenth digit")
    func remainderZero() {
        // 1·31+1·29+0·23+0·19+2·17+3·13+3·7+4·5+8·3 = 198 ≡ 0 (mod 11)
        #expect(TaxCode.checkDigit(forFirstNine: [1, 1, 0, 0, 2, 3, 3, 4, 8]) == nil)
        for last in 0...9 {
            #expect(throws: ValidationFailure.self) { try TaxCode("110023348\(last)") }
        }
    }

    @Test("Branch codes: 13 digits written with a dash, also accepted without")
    func branches() throws {
        let dashed = try TaxCode("0314409058-002")
        #expect(dashed.value == "0314409058-002")
        #expect(dashed.isBranch)
        #expect(dashed.branchNumber == 2)
        #expect(dashed.enterpriseCode == "0314409058")
        #expect(try TaxCode(" 0314409058002 ") == dashed)
    }

    @Test("Malformed tax codes are rejected", arguments: [
        "", "010023348", "01002334888", "0314409058-02", "0314409058_002", "0314409058--002",
        "0314409059-002", "0314409058-000", "01002334 88", "A100233488",
    ])
    func malformed(raw: String) {
        let failure = #expect(throws: ValidationFailure.self) { try TaxCode(raw) }
        #expect(failure?.field == "taxCode")
    }
}
