import Testing
@testable import MotCuaCore

@Suite("Code 128 encoding")
struct Code128Tests {
    /// Code set B value of a printable ASCII character (ISO 15417: value = ASCII − 32).
    private func b(_ character: Character) -> Int { Int(character.asciiValue!) - 32 }

    @Test("checksum of PJJ123C follows the weighted-sum rule of ISO 15417")
    func checksumKnownExample() throws {
        // Start B (104) + Σ position × value, modulo 103:
        // 104 + 1·48 + 2·42 + 3·42 + 4·17 + 5·18 + 6·19 + 7·35 = 879; 879 mod 103 = 55.
        let data = [48, 42, 42, 17, 18, 19, 35]
        #expect(data == "PJJ123C".map(b))
        let weighted: [Int] = [1 * 48, 2 * 42, 3 * 42, 4 * 17, 5 * 18, 6 * 19, 7 * 35]
        #expect((104 + weighted.reduce(0, +)) % 103 == 55)
        #expect(try Code128.encode("PJJ123C") == [104] + data + [55, 106])
    }

    @Test("start code: C for a leading run of ≥4 digits or exactly two digits, else B",
          arguments: [("1234", 105), ("12", 105), ("123456789012", 105), ("123", 104), ("12345", 104),
                      ("ABC", 104), ("A1234", 104), ("", 104)])
    func startCode(text: String, start: Int) throws {
        #expect(try Code128.encode(text).first == start)
    }

    @Test("set C packs digit pairs and switches back to B for letters")
    func setCSwitching() throws {
        let values = try Code128.encode("A1234B")
        #expect(Array(values.dropLast(2)) == [104, b("A"), 99, 12, 34, 100, b("B")])
    }

    @Test("odd digit run: first digit stays in B, the rest pair up in C")
    func oddDigitRun() throws {
        #expect(Array(try Code128.encode("12345").dropLast(2)) == [104, b("1"), 99, 23, 45])
        #expect(Array(try Code128.encode("X12345").dropLast(2)) == [104, b("X"), b("1"), 99, 23, 45])
    }

    @Test("runs shorter than four digits stay in code set B")
    func shortRunsStayInB() throws {
        #expect(Array(try Code128.encode("A123B").dropLast(2)) == [104, b("A"), b("1"), b("2"), b("3"), b("B")])
    }

    @Test("dossier code of DOMAIN.md §3 uses C for the date and the sequence")
    func dossierCode() throws {
        let values = try Code128.encode("000.00.21.H36-261123-0007")
        let data = [104] + "000.00.21.H36-".map(b) + [99, 26, 11, 23, 100, b("-"), 99, 0, 7]
        var sum = data[0]
        for position in 1..<data.count { sum += position * data[position] }
        #expect(values == data + [sum % 103, 106])
    }

    @Test("every pattern has 11 modules (stop 13), even bar and odd space totals")
    func patternTable() {
        #expect(Code128Patterns.widths.count == 107)
        for (value, widths) in Code128Patterns.widths.enumerated() {
            let isStop = value == 106
            #expect(widths.count == (isStop ? 7 : 6), "value \(value)")
            #expect(widths.reduce(0, +) == (isStop ? 13 : 11), "value \(value)")
            let bars = stride(from: 0, to: widths.count, by: 2).map { widths[$0] }.reduce(0, +)
            let spaces = stride(from: 1, to: widths.count, by: 2).map { widths[$0] }.reduce(0, +)
            #expect(bars % 2 == 0, "value \(value)")
            #expect(spaces % 2 == 1, "value \(value)")
        }
    }

    @Test("modules: 10-module quiet zones, 11 per symbol, 13 for stop")
    func modulesLayout() throws {
        let values = try Code128.encode("HS-0001")
        let modules = try Code128.modules("HS-0001")
        #expect(modules.count == 10 + 11 * (values.count - 1) + 13 + 10)
        #expect(modules.prefix(10).allSatisfy { !$0 })
        #expect(modules.suffix(10).allSatisfy { !$0 })
        #expect(modules[10])
        // The stop pattern ends with a two-module bar.
        #expect(modules[modules.count - 11] && modules[modules.count - 12] && !modules[modules.count - 13])
    }

    @Test("characters outside printable ASCII are refused with a Vietnamese message",
          arguments: ["Đ", "\n", "é", "😀"])
    func unsupported(text: String) {
        let character = text.first!
        #expect(throws: BarcodeError.unsupportedCharacter(character)) { try Code128.encode("HS\(text)1") }
        #expect(BarcodeError.unsupportedCharacter(character).message.contains("Ký tự"))
    }

    @Test("overlong text is refused")
    func tooLong() throws {
        let text = String(repeating: "A", count: Code128.maxLength + 1)
        #expect(throws: BarcodeError.tooLong(Code128.maxLength + 1)) { try Code128.encode(text) }
        #expect(BarcodeError.tooLong(300).message == "Nội dung quá dài để tạo mã (độ dài 300).")
        _ = try Code128.encode(String(repeating: "A", count: Code128.maxLength))
    }
}
