import Foundation
import Testing
@testable import MotCuaCore

@Suite("Masking people's names for public display")
struct PersonNameTests {
    @Test("Family name kept, other words reduced to initials", arguments: [
        ("Nguyễn Văn An", "Nguyễn V. A."),
        ("Lê Thị Bích Ngọc", "Lê T. B. N."),
        ("  Đặng   Đức\tAnh  ", "Đặng Đ. A."),
        ("nguyễn văn đức", "Nguyễn V. Đ."),
        ("Trần Ánh", "Trần Á."),
        ("An", "A."),
        ("đào", "Đ."),
        ("", ""),
        ("   ", ""),
    ])
    func masks(fullName: String, expected: String) {
        #expect(PersonName.masked(fullName) == expected)
    }

    @Test("Decomposed (NFD) input gives the same NFC result")
    func decomposedInput() {
        let nfd = "Nguyễn Văn Ánh".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > "Nguyễn Văn Ánh".unicodeScalars.count)
        let masked = PersonName.masked(nfd)
        #expect(masked.unicodeScalars.elementsEqual("Nguyễn V. Á.".unicodeScalars))
    }
}
