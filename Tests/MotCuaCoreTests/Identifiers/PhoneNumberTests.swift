import Foundation
import Testing
@testable import MotCuaCore

@Suite("Mobile numbers (DOMAIN §8)")
struct PhoneNumberTests {
    @Test("National and +84 forms normalise to 0xxxxxxxxx", arguments: [
        ("0912345678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("  0389123456 ", "0389123456"),
        ("0567891234", "0567891234"),
        ("0701234567", "0701234567"),
        ("0812345678", "0812345678"),
    ])
    func valid(raw: String, normalised: String) throws {
        let phone = try PhoneNumber(raw)
        #expect(phone.value == normalised)
        #expect(phone.international == "+84" + normalised.dropFirst())
    }

    @Test("Display groups the digits 4-3-3")
    func display() throws {
        #expect(try PhoneNumber("+84912345678").display == "0912 345 678")
    }

    @Test("Landline and unknown prefixes are rejected", arguments: ["0212345678", "0112345678", "0412345678", "0612345678", "+84212345678"])
    func wrongPrefix(raw: String) {
        let failure = #expect(throws: ValidationFailure.self) { try PhoneNumber(raw) }
        #expect(failure?.code == "invalid_phone_number")
        #expect(failure?.message.contains("03, 05, 07, 08") == true)
    }

    @Test("Wrong lengths and characters are rejected", arguments: [
        "", "091234567", "09123456789", "84912345678", "+840912345678", "+8491234567",
        "0912a45678", "1912345678", "(091) 2345678", "+84+912345678",
    ])
    func malformed(raw: String) {
        let failure = #expect(throws: ValidationFailure.self) { try PhoneNumber(raw) }
        #expect(failure?.field == "phone")
    }
}
