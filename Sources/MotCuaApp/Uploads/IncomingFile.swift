import Vapor
import Foundation
import NIOCore

/// A file as it arrived in a multipart body: kept in memory when the form was small enough to be read whole, or
/// spooled to a temporary file while it streamed in. Either way its size, first and last kilobyte (what the type
/// check reads) and SHA-256 are known without reading it again.
struct IncomingFile: Sendable {
    enum Source: Sendable {
        case memory(ByteBuffer)
        case spooled(SpooledFile)
    }

    static let edgeBytes = 1_024

    let filename: String
    let size: Int
    let head: [UInt8]
    let tail: [UInt8]
    let sha256: String
    let source: Source

    init(filename: String, size: Int, head: [UInt8], tail: [UInt8], sha256: String, source: Source) {
        self.filename = filename; self.size = size; self.head = head; self.tail = tail; self.sha256 = sha256; self.source = source
    }

    init(filename: String, data: ByteBuffer) {
        let view = data.readableBytesView
        self.init(filename: filename, size: view.count, head: Array(view.prefix(Self.edgeBytes)), tail: Array(view.suffix(Self.edgeBytes)),
                  sha256: SHA256.hash(data: Data(view)).hexString, source: .memory(data))
    }

    /// The whole file, read when it is stored (one file at a time, never the whole form).
    func contents() throws -> Data {
        switch source {
        case .memory(let buffer): return Data(buffer.readableBytesView)
        case .spooled(let file): return try Data(contentsOf: URL(fileURLWithPath: file.path))
        }
    }
}

/// A temporary file that lives as long as the request holding it: removed when the last reference goes.
final class SpooledFile: Sendable {
    let path: String

    init(path: String) { self.path = path }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
