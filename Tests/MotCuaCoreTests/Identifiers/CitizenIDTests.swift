import Foundation
import Testing
@testable import MotCuaCore

@Suite("Citizen identity numbers, CCCD (DOMAIN §8)")
struct CitizenIDTests {
    @Test("Shape PPP G YY NNNNNN is decoded into province, birth year and sex", arguments: [
        ("001099012345", "Hà Nội", 1999, false),
        ("068195000123", "Lâm Đồng", 1995, true),
        ("079203001234", "TP Hồ Chí Minh", 2003, false),
        ("096301000001", "Cà Mau", 2001, true),
        ("046000000000", "Thừa Thiên Huế", 1900, false),
        ("077088123456", "Bà Rịa - Vũng Tàu", 1988, false),
    ])
    func decodesParts(raw: String, province: String, year: Int, female: Bool) throws {
        let id = try CitizenID(raw, currentYear: 2025)
        #expect(id.value == raw)
        #expect(id.provinceName == province)
        #expect(id.birthYear == year)
        #expect(id.isFemale == female)
    }

    @Test("Masked form shows only the first and last three digits")
    func masking() throws {
        let id = try CitizenID("068195000123", currentYear: 2025)
        #expect(id.masked == "068******123")
        // Interpolation and logs must not leak the number.
        #expect("\(id)" == "068******123")
    }

    @Test("The province list has the 63 birth-registration codes, 001 Hà Nội to 096 Cà Mau")
    func provinceList() {
        #expect(BirthProvince.all.count == 63)
        #expect(Set(BirthProvince.all.map(\.code)).count == 63)
        #expect(BirthProvince.named(code: "001")?.name == "Hà Nội")
        #expect(BirthProvince.named(code: "096")?.name == "Cà Mau")
        #expect(BirthProvince.named(code: "003") == nil)
    }

    @Test("Province codes outside the list are rejected", arguments: ["000", "003", "005", "050", "097", "099", "101", "999"])
    func rejectsUnknownProvince(code: String) {
        let failure = #expect(throws: ValidationFailure.self) { try CitizenID(code + "095000123", currentYear: 2025) }
        #expect(failure?.code == "invalid_citizen_id")
        #expect(failure?.message.contains("“\(code)”") == true)
    }

    @Test("Every listed province code is accepted")
    func acceptsEveryProvince() throws {
        for province in BirthProvince.all {
            #expect(try CitizenID(province.code + "090000001", currentYear: 2025).provinceName == province.name)
        }
    }

    @Test("Wrong shapes are rejected", arguments: [
        "", "00109901234", "0010990123456", "00109901234A", "001 099 012345", "001-099-012345", "００１099012345",
    ])
    func rejectsShape(raw: String) {
        let failure = #expect(throws: ValidationFailure.self) { try CitizenID(raw, currentYear: 2025) }
        #expect(failure?.code == "invalid_citizen_id")
        #expect(failure?.field == "citizenID")
    }

    @Test("Century digit: birth years after the current year are rejected")
    func centuryAndFuture() throws {
        // 2 = 2000s male, year 25 → 2025: fine in 2025.
        #expect(try CitizenID("001225000001", currentYear: 2025).birthYear == 2025)
        // 2026 is not born yet in 2025, but is a year later.
        #expect(throws: ValidationFailure.self) { try CitizenID("001226000001", currentYear: 2025) }
        #expect(try CitizenID("001226000001", currentYear: 2026).birthYear == 2026)
        // 4/5 = 2100s, 6–9 = later centuries: all in the future today.
        for digit in 4...9 {
            let failure = #expect(throws: ValidationFailure.self) { try CitizenID("001\(digit)00000001", currentYear: 2025) }
            #expect(failure?.message.contains("2025") == true)
        }
    }

    @Test("The default initialiser uses the current year and accepts ordinary numbers")
    func defaultYear() throws {
        #expect(try CitizenID(" 001099012345 ").value == "001099012345")
        #expect(throws: ValidationFailure.self) { try CitizenID("001499012345") }
    }

    @Test("Error messages do not echo the number back")
    func messagesDoNotLeak() {
        let failure = #expect(throws: ValidationFailure.self) { try CitizenID("003099012345", currentYear: 2025) }
        #expect(failure?.message.contains("003099012345") == false)
    }
}
