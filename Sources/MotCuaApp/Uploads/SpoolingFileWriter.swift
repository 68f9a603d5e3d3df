import Vapor
import Foundation

/// Writes one uploaded file to a temporary file as its pieces arrive, hashing it on the way and keeping its first
/// and last kilobyte. Past `maxBytes` it stops writing and only counts, so an oversized file costs no disk and can
/// still be named, with its size, in the refusal.
struct SpoolingFileWriter {
    let filename: String
    let maxBytes: Int
    private let file: SpooledFile
    private let handle: FileHandle
    private var hasher = SHA256()
    private var head: [UInt8] = []
    private var tail: [UInt8] = []
    private(set) var size = 0

    init(filename: String, maxBytes: Int, directory: String) throws {
        self.filename = filename
        self.maxBytes = maxBytes
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("upload-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw AppError(.insufficientStorage, "upload_spool_failed", "Máy chủ không ghi được tệp tạm để nhận tệp tải lên. Vui lòng báo quản trị viên.")
        }
        self.file = SpooledFile(path: path)
        self.handle = handle
    }

    mutating func write(_ bytes: [UInt8]) throws {
        size += bytes.count
        guard size <= maxBytes else { return }
        if head.count < IncomingFile.edgeBytes { head.append(contentsOf: bytes.prefix(IncomingFile.edgeBytes - head.count)) }
        tail.append(contentsOf: bytes.suffix(IncomingFile.edgeBytes))
        if tail.count > IncomingFile.edgeBytes { tail.removeFirst(tail.count - IncomingFile.edgeBytes) }
        hasher.update(data: bytes)
        try handle.write(contentsOf: bytes)
    }

    func finish() throws -> IncomingFile {
        try handle.close()
        return IncomingFile(filename: filename, size: size, head: head, tail: tail, sha256: hasher.finalize().hexString, source: .spooled(file))
    }
}
