/// Code 128 (ISO/IEC 15417) for receipts: code set B for text, code set C for digit runs.
public struct Code128: Sendable {
    public static let startB = 104
    public static let startC = 105
    public static let stop = 106
    /// In code set B, switches to C; in C, value 100 switches to B.
    public static let codeC = 99
    public static let codeB = 100
    /// ISO 15417 recommends a quiet zone of at least 10 modules on each side.
    public static let quietZone = 10
    /// Beyond this a printed symbol is too wide for a receipt to be scanned reliably.
    public static let maxLength = 256

    /// Symbol values including start, checksum and stop.
    public static func encode(_ text: String) throws -> [Int] {
        let bytes = try asciiBytes(text)
        var values = dataValues(bytes)
        values.append(checksum(values))
        values.append(stop)
        return values
    }

    /// Modules left to right (true = bar) including the quiet zones.
    public static func modules(_ text: String) throws -> [Bool] {
        let values = try encode(text)
        var modules = [Bool](repeating: false, count: quietZone)
        for value in values {
            for (index, width) in Code128Patterns.widths[value].enumerated() {
                modules.append(contentsOf: repeatElement(index % 2 == 0, count: width))
            }
        }
        modules.append(contentsOf: repeatElement(false, count: quietZone))
        return modules
    }

    public static func svg(_ text: String, moduleWidth: Double = 2, height: Double = 60, showText: Bool = false) throws -> String {
        let modules = try modules(text)
        let width = Double(modules.count) * moduleWidth
        let fontSize = max(10, moduleWidth * 6)
        let totalHeight = showText ? height + fontSize + 4 : height
        var svg = SVGFormat.header(width: width, height: totalHeight)
        svg += "<rect x=\"0\" y=\"0\" width=\"\(SVGFormat.number(width))\" height=\"\(SVGFormat.number(totalHeight))\" fill=\"#ffffff\"/>"
        for bar in bars(modules) {
            svg += "<rect x=\"\(SVGFormat.number(Double(bar.start) * moduleWidth))\" y=\"0\""
                + " width=\"\(SVGFormat.number(Double(bar.count) * moduleWidth))\""
                + " height=\"\(SVGFormat.number(height))\" fill=\"#000000\"/>"
        }
        if showText {
            svg += "<text x=\"\(SVGFormat.number(width / 2))\" y=\"\(SVGFormat.number(height + fontSize))\""
                + " text-anchor=\"middle\" font-family=\"monospace\" font-size=\"\(SVGFormat.number(fontSize))\""
                + " fill=\"#000000\">\(SVGFormat.escape(text))</text>"
        }
        svg += "</svg>"
        return svg
    }

    /// ISO 15417: start value plus each data value weighted by its position, modulo 103.
    static func checksum(_ values: [Int]) -> Int {
        var sum = values.first ?? 0
        for (position, value) in values.enumerated().dropFirst() {
            sum += position * value
        }
        return sum % 103
    }

    /// Runs of dark modules, so each printed bar is one rectangle without hairline seams.
    static func bars(_ modules: [Bool]) -> [(start: Int, count: Int)] {
        var result: [(start: Int, count: Int)] = []
        var index = 0
        while index < modules.count {
            guard modules[index] else { index += 1; continue }
            let start = index
            while index < modules.count, modules[index] { index += 1 }
            result.append((start, index - start))
        }
        return result
    }

    private static func asciiBytes(_ text: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for character in text {
            // Code set B covers printable ASCII and DEL; anything else (including CR LF) is refused.
            guard character.unicodeScalars.count == 1,
                  let scalar = character.unicodeScalars.first,
                  (32...127).contains(scalar.value)
            else { throw BarcodeError.unsupportedCharacter(character) }
            bytes.append(UInt8(scalar.value))
        }
        guard bytes.count <= maxLength else { throw BarcodeError.tooLong(bytes.count) }
        return bytes
    }

    private enum CodeSet { case b, c }

    /// Follows ISO 15417 Annex E: set C for ≥4 digits (or exactly two digits as the whole text);
    /// an odd run gives its first digit to set B so the rest pairs up.
    private static func dataValues(_ bytes: [UInt8]) -> [Int] {
        func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
        func digitRun(from start: Int) -> Int {
            var end = start
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            return end - start
        }

        var values: [Int] = []
        var current: CodeSet?
        var index = 0
        while index < bytes.count {
            let run = digitRun(from: index)
            if current == .c {
                if run >= 2 {
                    values.append(Int(bytes[index] - 48) * 10 + Int(bytes[index + 1] - 48))
                    index += 2
                    continue
                }
                values.append(codeB)
                current = .b
            }
            let wholeTextIsTwoDigits = index == 0 && run == 2 && bytes.count == 2
            if run >= 4 || wholeTextIsTwoDigits {
                if run % 2 == 1 {
                    if current == nil { values.append(startB) }
                    values.append(Int(bytes[index]) - 32)
                    index += 1
                    current = .b
                }
                values.append(current == nil ? startC : codeC)
                current = .c
                continue
            }
            if current == nil {
                values.append(startB)
                current = .b
            }
            values.append(Int(bytes[index]) - 32)
            index += 1
        }
        if current == nil { values.append(startB) }
        return values
    }
}
