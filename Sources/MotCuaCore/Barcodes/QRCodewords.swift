/// Turns a byte payload into the final, interleaved codeword sequence of one QR version.
enum QRCodewords {
    /// Smallest version whose byte-mode capacity at this level holds `byteCount` bytes.
    static func smallestVersion(byteCount: Int, level: QRErrorCorrection) -> Int? {
        QRTables.versions.first { version in
            4 + QRTables.byteCountBits(version) + 8 * byteCount <= QRTables.dataCodewords(version, level) * 8
        }
    }

    /// Mode indicator, count, data, terminator and the alternating 0xEC/0x11 pad bytes.
    static func dataCodewords(_ bytes: [UInt8], version: Int, level: QRErrorCorrection) -> [UInt8] {
        let capacityBits = QRTables.dataCodewords(version, level) * 8
        var bits: [Bool] = []
        bits.reserveCapacity(capacityBits)
        func append(_ value: Int, count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) {
                bits.append((value >> shift) & 1 != 0)
            }
        }
        append(0b0100, count: 4)
        append(bytes.count, count: QRTables.byteCountBits(version))
        for byte in bytes { append(Int(byte), count: 8) }
        append(0, count: min(4, capacityBits - bits.count))
        append(0, count: (8 - bits.count % 8) % 8)

        var codewords: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<(start + 8)].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xec
        while codewords.count < capacityBits / 8 {
            codewords.append(pad)
            pad = pad == 0xec ? 0x11 : 0xec
        }
        return codewords
    }

    /// Splits into blocks (short ones first), adds Reed–Solomon per block, then interleaves
    /// so that a burst of damage spreads over several blocks.
    static func withErrorCorrection(_ data: [UInt8], version: Int, level: QRErrorCorrection) -> [UInt8] {
        let row = level.tableIndex
        let blockCount = QRTables.blockCount[row][version]
        let ecLength = QRTables.ecCodewordsPerBlock[row][version]
        let total = QRTables.totalCodewords(version)
        let shortBlockCount = blockCount - total % blockCount
        let shortDataLength = total / blockCount - ecLength
        precondition(data.count == QRTables.dataCodewords(version, level))

        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortDataLength + (index < shortBlockCount ? 0 : 1)
            let block = Array(data[offset..<(offset + length)])
            offset += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(block, degree: ecLength))
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for index in 0...shortDataLength {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<ecLength {
            for block in ecBlocks { result.append(block[index]) }
        }
        return result
    }
}
