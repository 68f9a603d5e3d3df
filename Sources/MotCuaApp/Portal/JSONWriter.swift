import Foundation
import NIOCore

/// A forward-only JSON writer for hot responses: `JSONEncoder` costs ≈ 13 % of a public lookup's CPU.
/// Its output decodes to the same value as the `JSONEncoder` output Vapor produces (dates as ISO 8601
/// with `.iso8601`); "Lookup JSON writer" tests that for every shape it writes.
struct JSONWriter {
    private(set) var buffer: ByteBuffer
    /// Whether the next key or array element needs a comma before it.
    private var needsComma = false

    init(capacity: Int = 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func beginObject() { separate(); buffer.writeInteger(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { buffer.writeInteger(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); buffer.writeInteger(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { buffer.writeInteger(UInt8(ascii: "]")); needsComma = true }

    /// Keys are the contract's own ASCII identifiers, never input: written without escaping.
    mutating func key(_ name: StaticString) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
        needsComma = false
    }

    mutating func null() { separate(); buffer.writeStaticString("null"); needsComma = true }

    mutating func int(_ value: Int) { separate(); buffer.writeString(String(value)); needsComma = true }

    mutating func string(_ value: String?) {
        guard let value else { return null() }
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        // Almost every value (codes, names, labels) needs no escaping: copy its UTF-8 in one go.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            buffer.writeString(value)
        } else {
            writeEscaped(value)
        }
        buffer.writeInteger(UInt8(ascii: "\""))
        needsComma = true
    }

    /// As `JSONEncoder` with `.iso8601` writes a date: UTC, whole seconds rounded down ("2026-11-23T00:39:12Z").
    mutating func date(_ value: Date?) {
        guard let value else { return null() }
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        if let fields = Self.utcFields(value) {
            writeDigits(fields.year, count: 4); buffer.writeInteger(UInt8(ascii: "-"))
            writeDigits(fields.month, count: 2); buffer.writeInteger(UInt8(ascii: "-"))
            writeDigits(fields.day, count: 2); buffer.writeInteger(UInt8(ascii: "T"))
            writeDigits(fields.hour, count: 2); buffer.writeInteger(UInt8(ascii: ":"))
            writeDigits(fields.minute, count: 2); buffer.writeInteger(UInt8(ascii: ":"))
            writeDigits(fields.second, count: 2); buffer.writeInteger(UInt8(ascii: "Z"))
        } else {
            // Before the Gregorian reform Foundation switches to the Julian calendar, and past 9999 the year
            // grows digits: let Foundation write those rare dates itself.
            buffer.writeString(Self.foundationISO8601(value))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
    }

    private mutating func writeEscaped(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x08: buffer.writeStaticString("\\b")
            case 0x0C: buffer.writeStaticString("\\f")
            case 0..<0x20:
                buffer.writeStaticString("\\u00")
                buffer.writeInteger(Self.hexDigits[Int(byte >> 4)])
                buffer.writeInteger(Self.hexDigits[Int(byte & 0x0F)])
            default:
                // Bytes of multi-byte UTF-8 sequences (Vietnamese letters) pass through unchanged.
                buffer.writeInteger(byte)
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeDigits(_ value: Int, count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    struct UTCFields: Equatable { let year, month, day, hour, minute, second: Int }

    /// The proleptic Gregorian civil date of a UTC instant (H. Hinnant's days-from-civil inverse),
    /// or nil outside 1583…9999 where Foundation's own output differs in form.
    static func utcFields(_ date: Date) -> UTCFields? {
        // Foundation rounds down the interval since 2001 (the Double a Date holds), not the one since 1970.
        let sinceReference = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard sinceReference.isFinite, abs(sinceReference) < 1e12 else { return nil }
        let seconds = Int(sinceReference) + 978_307_200
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1583...9999).contains(year) else { return nil }
        return UTCFields(year: year, month: month, day: day,
                         hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    static func foundationISO8601(_ date: Date) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode([date]), let text = String(data: data, encoding: .utf8) else { return "" }
        // `["…"]` → `…`
        return String(text.dropFirst(2).dropLast(2))
    }
}
