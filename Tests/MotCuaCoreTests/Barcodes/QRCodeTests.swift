import Testing
@testable import MotCuaCore

@Suite("QR code structure")
struct QRCodeTests {
    /// Byte-mode capacities from ISO 18004 Table 7 for versions 1…10 (L, M, Q, H).
    static let byteCapacity: [QRErrorCorrection: [Int]] = [
        .low: [17, 32, 53, 78, 106, 134, 154, 192, 230, 271],
        .medium: [14, 26, 42, 62, 84, 106, 122, 152, 180, 213],
        .quartile: [11, 20, 32, 46, 60, 74, 86, 108, 130, 151],
        .high: [7, 14, 24, 34, 44, 58, 64, 84, 98, 119],
    ]

    @Test("smallest version is chosen: a full version-v payload fits, one more byte needs v+1",
          arguments: QRErrorCorrection.allCases)
    func versionChoice(level: QRErrorCorrection) throws {
        for (index, capacity) in Self.byteCapacity[level]!.enumerated() {
            let version = index + 1
            let full = try QRCode(String(repeating: "a", count: capacity), correction: level)
            #expect(full.version == version)
            #expect(full.size == 17 + 4 * version)
            let over = try QRCode(String(repeating: "a", count: capacity + 1), correction: level)
            #expect(over.version == version + 1)
            #expect(over.size == 17 + 4 * (version + 1))
        }
    }

    @Test("a 200-byte URL fits version 10 at level M")
    func twoHundredByteURL() throws {
        let url = "http://127.0.0.1:8080/tra-cuu/" + String(repeating: "x", count: 170)
        #expect(url.utf8.count == 200)
        #expect(try QRCode(url).version == 10)
    }

    @Test("UTF-8 bytes, not characters, count towards capacity")
    func utf8Counts() throws {
        // 7 × "ệ" is 21 bytes: over the 14 bytes of 1-M.
        #expect(try QRCode(String(repeating: "ệ", count: 7)).version == 2)
    }

    @Test("payload beyond version 40 is refused")
    func tooLong() throws {
        #expect(try QRCode(String(repeating: "a", count: 2953), correction: .low).version == 40)
        #expect(throws: BarcodeError.tooLong(2954)) {
            try QRCode(String(repeating: "a", count: 2954), correction: .low)
        }
        #expect(throws: BarcodeError.tooLong(1274)) {
            try QRCode(String(repeating: "a", count: 1274), correction: .high)
        }
    }

    @Test("finder patterns with separators sit at three corners only")
    func finderPatterns() throws {
        let qr = try QRCode("000.00.21.H36-261123-0007")
        let n = qr.size
        for (left, top) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            for dy in 0..<7 {
                for dx in 0..<7 {
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    #expect(qr.isDark(x: left + dx, y: top + dy) == (ring != 2), "finder at \(left),\(top)")
                }
            }
        }
        for index in 0..<8 {
            #expect(!qr.isDark(x: 7, y: index) && !qr.isDark(x: index, y: 7))              // top left
            #expect(!qr.isDark(x: n - 8, y: index) && !qr.isDark(x: n - 1 - index, y: 7))  // top right
            #expect(!qr.isDark(x: 7, y: n - 1 - index) && !qr.isDark(x: index, y: n - 8))  // bottom left
        }
        let bottomRight = (0..<7).allSatisfy { qr.isDark(x: n - 1 - $0, y: n - 1) }
        #expect(!bottomRight)
    }

    @Test("timing patterns alternate and the dark module is set")
    func timingAndDarkModule() throws {
        let qr = try QRCode("http://127.0.0.1:8080/tra-cuu/000.00.21.H36-261123-0007")
        for index in 8..<(qr.size - 8) {
            #expect(qr.isDark(x: index, y: 6) == (index % 2 == 0))
            #expect(qr.isDark(x: 6, y: index) == (index % 2 == 0))
        }
        #expect(qr.isDark(x: 8, y: qr.size - 8))
    }

    @Test("format information in both copies decodes to the level and mask used",
          arguments: QRErrorCorrection.allCases)
    func formatInfoInSymbol(level: QRErrorCorrection) throws {
        let qr = try QRCode("000.00.00.H41-250312-0007", correction: level)
        let n = qr.size
        // Positions of bits 14…0 in each copy, per ISO 18004 Figure 25.
        let firstCopy = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8),
                         (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0)]
        let secondCopy = (0..<7).map { (8, n - 1 - $0) } + (0..<8).map { (n - 8 + $0, 8) }
        func read(_ positions: [(Int, Int)]) -> Int {
            positions.reduce(0) { $0 << 1 | (qr.isDark(x: $1.0, y: $1.1) ? 1 : 0) }
        }
        #expect(read(firstCopy) == read(secondCopy))
        // Unmask with 0x5412 and read the level indicator and mask straight from the bits.
        let unmasked = read(firstCopy) ^ 0x5412
        let indicator = [QRErrorCorrection.low: 0b01, .medium: 0b00, .quartile: 0b11, .high: 0b10][level]!
        #expect(unmasked >> 13 == indicator)
        #expect((unmasked >> 10) & 0b111 == qr.mask)
    }

    @Test("version information blocks of a version-7 symbol hold 0x07C94")
    func versionInfoInSymbol() throws {
        let qr = try QRCode(String(repeating: "v", count: 120))
        #expect(qr.version == 7)
        var topRight = 0, bottomLeft = 0
        for index in (0..<18).reversed() {
            let a = qr.size - 11 + index % 3, b = index / 3
            topRight = topRight << 1 | (qr.isDark(x: a, y: b) ? 1 : 0)
            bottomLeft = bottomLeft << 1 | (qr.isDark(x: b, y: a) ? 1 : 0)
        }
        #expect(topRight == 0x07C94)
        #expect(bottomLeft == 0x07C94)
    }

    @Test("version 2 has one alignment pattern centred at (18, 18)")
    func alignmentPattern() throws {
        let qr = try QRCode(String(repeating: "b", count: 20))
        #expect(qr.version == 2)
        for dy in -2...2 {
            for dx in -2...2 {
                #expect(qr.isDark(x: 18 + dx, y: 18 + dy) == (max(abs(dx), abs(dy)) != 1))
            }
        }
    }

    @Test("mask choice is deterministic and each forced mask is honoured")
    func masks() throws {
        let text = "000.00.21.H36-270414-0001"
        #expect(try QRCode(text).svg() == QRCode(text).svg())
        let bytes = Array(text.utf8)
        let symbols = try (0..<8).map { try QRCode(bytes: bytes, correction: .medium, mask: $0) }
        #expect(symbols.map(\.mask) == Array(0..<8))
        let distinct = Set(symbols.map { $0.svg() })
        #expect(distinct.count == 8)
    }

    @Test("SVG: module-unit viewBox with quiet zone, pixel size, white background")
    func svg() throws {
        let qr = try QRCode("HS")
        let svg = qr.svg(moduleSize: 5, quietZone: 4)
        #expect(svg.contains("width=\"145\" height=\"145\" viewBox=\"0 0 29 29\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<rect x=\"0\" y=\"0\" width=\"29\" height=\"29\" fill=\"#ffffff\"/>"))
        // The top-left finder's first row is a 7-module run starting inside the quiet zone.
        #expect(svg.contains("<path d=\"M4 4h7v1h-7z"))
        #expect(qr.isDark(x: -1, y: 0) == false)
    }
}
