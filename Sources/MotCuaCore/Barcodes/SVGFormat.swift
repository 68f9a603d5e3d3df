import Foundation

/// Shared SVG text helpers, so that every encoder prints numbers and text the same way.
enum SVGFormat {
    /// Locale-independent, shortest-looking numbers: output must be byte-for-byte deterministic.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Escapes for both element content and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    static func header(width: Double, height: Double, viewBox: (Double, Double)? = nil) -> String {
        let box = viewBox ?? (width, height)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
            + " width=\"\(number(width))\" height=\"\(number(height))\""
            + " viewBox=\"0 0 \(number(box.0)) \(number(box.1))\""
            + " shape-rendering=\"crispEdges\">"
    }
}
