/// A QR code (ISO/IEC 18004, model 2) in byte mode, UTF-8, versions 1…40.
public struct QRCode: Sendable {
    public let size: Int
    public let version: Int
    public let correction: QRErrorCorrection
    /// The mask pattern (0…7) that was applied.
    public let mask: Int
    private let modules: [Bool]

    /// Chooses the smallest version that holds the text and the mask with the lowest penalty.
    public init(_ text: String, correction: QRErrorCorrection = .medium) throws {
        try self.init(bytes: Array(text.utf8), correction: correction, mask: nil)
    }

    /// `mask` forces a mask pattern, which tests use to check every mask against a real reader.
    init(bytes: [UInt8], correction: QRErrorCorrection, mask forcedMask: Int?) throws {
        guard let version = QRCodewords.smallestVersion(byteCount: bytes.count, level: correction) else {
            throw BarcodeError.tooLong(bytes.count)
        }
        let data = QRCodewords.dataCodewords(bytes, version: version, level: correction)
        let codewords = QRCodewords.withErrorCorrection(data, version: version, level: correction)

        var matrix = QRMatrix(version: version)
        matrix.placeCodewords(codewords)

        let chosenMask = forcedMask ?? QRCode.bestMask(matrix, correction: correction)
        matrix.applyMask(chosenMask)
        matrix.drawFormatBits(QRFormatInfo.formatBits(correction, mask: chosenMask))

        self.size = matrix.size
        self.version = version
        self.correction = correction
        self.mask = chosenMask
        self.modules = matrix.dark
    }

    /// x is the column, y the row, both from the top-left corner; outside the symbol is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// Coordinates are in modules (viewBox), so scaling never blurs; dark runs of each row
    /// become one path segment to keep the file small.
    public func svg(moduleSize: Double = 4, quietZone: Int = 4) -> String {
        let quiet = max(0, quietZone)
        let span = Double(size + 2 * quiet)
        var svg = SVGFormat.header(width: span * moduleSize, height: span * moduleSize, viewBox: (span, span))
        svg += "<rect x=\"0\" y=\"0\" width=\"\(SVGFormat.number(span))\" height=\"\(SVGFormat.number(span))\" fill=\"#ffffff\"/>"
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        svg += "<path d=\"\(path)\" fill=\"#000000\"/></svg>"
        return svg
    }

    private static func bestMask(_ matrix: QRMatrix, correction: QRErrorCorrection) -> Int {
        var best = 0
        var bestScore = Int.max
        for mask in 0..<8 {
            var candidate = matrix
            candidate.applyMask(mask)
            candidate.drawFormatBits(QRFormatInfo.formatBits(correction, mask: mask))
            let score = QRPenalty.score(candidate.dark, size: candidate.size)
            if score < bestScore {
                best = mask
                bestScore = score
            }
        }
        return best
    }
}
