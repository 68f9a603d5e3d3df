import Foundation

/// An incremental multipart/form-data parser (RFC 7578, RFC 2046 §5.1): fed the body chunk by chunk as it arrives,
/// it reports each part's headers, its content in pieces, and its end, holding no more than a few kilobytes itself.
/// Written here rather than taken from multipart-kit, whose parser traps on a byte ≥ 0x80 in a header name.
struct MultipartStreamParser {
    enum Event: Equatable {
        case partStart(headers: [Header])
        case content([UInt8])
        case partEnd
    }

    struct Header: Equatable, Sendable {
        let name: String
        let value: String
    }

    struct Malformed: Error {}

    static let maxHeaderLineBytes = 8 * 1024
    static let maxHeadersPerPart = 32

    private enum State { case preamble, afterDelimiter, headers, content, epilogue }

    /// "\r\n--boundary": the body is read as if it began with a line break, so the first delimiter needs no case.
    private let delimiter: [UInt8]
    private var pending: [UInt8] = [0x0D, 0x0A]
    private var state = State.preamble
    private var headers: [Header] = []

    init(boundary: String) {
        delimiter = [0x0D, 0x0A] + Array("--".utf8) + Array(boundary.utf8)
    }

    var isComplete: Bool { state == .epilogue }

    mutating func feed<C: Collection>(_ bytes: C) throws -> [Event] where C.Element == UInt8 {
        if state == .epilogue { return [] }
        pending.append(contentsOf: bytes)
        var events: [Event] = []
        var progress = true
        while progress {
            progress = false
            switch state {
            case .preamble:
                if let at = find(delimiter, in: pending) {
                    pending.removeFirst(at + delimiter.count)
                    state = .afterDelimiter
                    progress = true
                } else {
                    keepTail()
                }
            case .afterDelimiter:
                // "--" closes the body; otherwise optional spaces, then the line break.
                guard pending.count >= 2 else { break }
                if pending[0] == UInt8(ascii: "-"), pending[1] == UInt8(ascii: "-") {
                    state = .epilogue
                    pending = []
                    break
                }
                let padding = pending.prefix { $0 == 0x20 || $0 == 0x09 }.count
                guard pending.count >= padding + 2 else { break }
                guard pending[padding] == 0x0D, pending[padding + 1] == 0x0A else { throw Malformed() }
                pending.removeFirst(padding + 2)
                headers = []
                state = .headers
                progress = true
            case .headers:
                guard let lineEnd = find([0x0D, 0x0A], in: pending) else {
                    if pending.count > Self.maxHeaderLineBytes { throw Malformed() }
                    break
                }
                if lineEnd == 0 {
                    pending.removeFirst(2)
                    events.append(.partStart(headers: headers))
                    state = .content
                } else {
                    guard lineEnd <= Self.maxHeaderLineBytes, headers.count < Self.maxHeadersPerPart else { throw Malformed() }
                    headers.append(try Self.header(pending[..<lineEnd]))
                    pending.removeFirst(lineEnd + 2)
                }
                progress = true
            case .content:
                if let at = find(delimiter, in: pending) {
                    if at > 0 { events.append(.content(Array(pending[..<at]))) }
                    events.append(.partEnd)
                    pending.removeFirst(at + delimiter.count)
                    state = .afterDelimiter
                    progress = true
                } else {
                    // Everything but what could be the start of a delimiter split across two chunks.
                    let safe = pending.count - (delimiter.count - 1)
                    if safe > 0 {
                        events.append(.content(Array(pending[..<safe])))
                        pending.removeFirst(safe)
                    }
                }
            case .epilogue:
                break
            }
        }
        return events
    }

    private mutating func keepTail() {
        let keep = delimiter.count - 1
        if pending.count > keep { pending.removeFirst(pending.count - keep) }
    }

    /// `Name: value`, the name visible ASCII (RFC 9110 token), the value read as UTF-8 (browsers send file names so).
    static func header(_ line: ArraySlice<UInt8>) throws -> Header {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
              line[line.startIndex..<colon].allSatisfy({ (0x21...0x7E).contains($0) }) else { throw Malformed() }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return Header(name: name, value: value)
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            guard let at = haystack[start...last].firstIndex(of: first) else { return nil }
            if haystack[at..<(at + needle.count)].elementsEqual(needle) { return at }
            start = at + 1
        }
        return nil
    }
}
