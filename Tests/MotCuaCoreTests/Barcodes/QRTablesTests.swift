import Testing
@testable import MotCuaCore

@Suite("QR tables and metadata")
struct QRTablesTests {
    @Test("format information for level M and masks 0…7 matches the ISO 18004 table")
    func formatBitsM() {
        let published = [0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
                         0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000]
        #expect((0..<8).map { QRFormatInfo.formatBits(.medium, mask: $0) } == published)
    }

    @Test("format information for L, Q and H with mask 0")
    func formatBitsOtherLevels() {
        #expect(QRFormatInfo.formatBits(.low, mask: 0) == 0b111011111000100)
        #expect(QRFormatInfo.formatBits(.quartile, mask: 0) == 0b011010101011111)
        #expect(QRFormatInfo.formatBits(.high, mask: 0) == 0b001011010001001)
    }

    @Test("version information matches the ISO 18004 Annex D table")
    func versionBits() {
        #expect(QRFormatInfo.versionBits(7) == 0x07C94)
        #expect(QRFormatInfo.versionBits(8) == 0x085BC)
        #expect(QRFormatInfo.versionBits(9) == 0x09A99)
        #expect(QRFormatInfo.versionBits(10) == 0x0A4D3)
        #expect(QRFormatInfo.versionBits(40) == 0x28C69)
    }

    @Test("alignment pattern centres match ISO 18004 Annex E")
    func alignmentPositions() {
        #expect(QRTables.alignmentPositions(1) == [])
        #expect(QRTables.alignmentPositions(2) == [6, 18])
        #expect(QRTables.alignmentPositions(7) == [6, 22, 38])
        #expect(QRTables.alignmentPositions(10) == [6, 28, 50])
        #expect(QRTables.alignmentPositions(32) == [6, 34, 60, 86, 112, 138])
        #expect(QRTables.alignmentPositions(36) == [6, 24, 50, 76, 102, 128, 154])
        #expect(QRTables.alignmentPositions(40) == [6, 30, 58, 86, 114, 142, 170])
    }

    @Test("total and data codewords match the published capacities")
    func codewordCounts() {
        #expect(QRTables.totalCodewords(1) == 26)
        #expect(QRTables.totalCodewords(2) == 44)
        #expect(QRTables.totalCodewords(7) == 196)
        #expect(QRTables.totalCodewords(10) == 346)
        #expect(QRTables.totalCodewords(40) == 3706)
        #expect(QRTables.dataCodewords(1, .medium) == 16)
        #expect(QRTables.dataCodewords(5, .quartile) == 62)
        #expect(QRTables.dataCodewords(10, .medium) == 216)
        #expect(QRTables.dataCodewords(40, .low) == 2956)
        #expect(QRTables.dataCodewords(40, .high) == 1276)
    }

    @Test("5-Q interleaving: two blocks of 15 then two of 16 data codewords, round robin")
    func interleaving() {
        let data = (0..<62).map { UInt8($0) }
        let result = QRCodewords.withErrorCorrection(data, version: 5, level: .quartile)
        #expect(result.count == 134)
        #expect(Array(result.prefix(8)) == [0, 15, 30, 46, 1, 16, 31, 47])
        // Only the two long blocks have a 16th data codeword.
        #expect(result[60] == 45 && result[61] == 61)
        let firstBlockEC = ReedSolomon.remainder(Array(data[0..<15]), degree: 18)
        let lastBlockEC = ReedSolomon.remainder(Array(data[46..<62]), degree: 18)
        #expect(result[62] == firstBlockEC[0] && result[65] == lastBlockEC[0])
        #expect(result[133] == lastBlockEC[17])
    }

    @Test("byte-mode data codewords: 0100, 8-bit count, data, terminator, EC/11 padding")
    func dataCodewords() {
        let codewords = QRCodewords.dataCodewords(Array("AB".utf8), version: 1, level: .medium)
        // 0100 00000010 01000001 01000010 0000 → 0x40 0x24 0x14 0x20, then pads.
        #expect(codewords == [0x40, 0x24, 0x14, 0x20, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11])
    }
}
