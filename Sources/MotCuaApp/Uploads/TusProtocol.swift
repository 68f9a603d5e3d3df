import Vapor

/// The parts of tus 1.0 (core, creation, termination) that are about headers: the version, numbers that must be
/// plain non-negative decimals, and `Upload-Metadata` (comma-separated `key base64value` pairs).
enum TusProtocol {
    static let version = "1.0.0"
    static let extensions = "creation,termination"
    static let offsetContentType = "application/offset+octet-stream"

    /// Every request but OPTIONS must say which protocol version it speaks (412 otherwise, naming ours).
    static func requireVersion(_ req: Request) throws {
        guard let sent = req.headers.first(name: "Tus-Resumable") else {
            throw AppError(.preconditionFailed, "tus_version_missing",
                           "Thiếu tiêu đề Tus-Resumable: máy chủ chỉ nhận giao thức tải lên tus phiên bản 1.0.0.")
        }
        guard sent == version else {
            throw AppError(.preconditionFailed, "tus_version_unsupported",
                           "Phiên bản tus “\(sent.prefix(20))” không được hỗ trợ; máy chủ dùng tus 1.0.0.")
        }
    }

    /// A header that must be a decimal of at most 15 digits (beyond any file we accept): never a trap on overflow.
    static func number(_ req: Request, _ name: String) throws -> Int64? {
        guard let raw = req.headers.first(name: name) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard (1...15).contains(trimmed.utf8.count), trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int64(trimmed) else {
            throw AppError(.badRequest, "invalid_header", "Tiêu đề \(name) phải là một số nguyên không âm.")
        }
        return value
    }

    /// `filename` (and any other key) decoded; a pair that is not valid base64 or UTF-8 is refused, not guessed.
    static func metadata(_ raw: String?) throws -> [String: String] {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return [:] }
        guard raw.utf8.count <= 4_096 else {
            throw AppError(.badRequest, "invalid_metadata", "Tiêu đề Upload-Metadata quá dài (tối đa 4 KB).")
        }
        var result: [String: String] = [:]
        for pair in raw.split(separator: ",").prefix(32) {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard let key = parts.first.map(String.init), !key.isEmpty else { continue }
            if parts.count == 1 { result[key] = ""; continue }
            guard let data = Data(base64Encoded: String(parts[1])), let value = String(data: data, encoding: .utf8) else {
                throw AppError(.badRequest, "invalid_metadata", "Giá trị “\(key.prefix(40))” trong Upload-Metadata không phải base64 của văn bản UTF-8.")
            }
            result[key] = value
        }
        return result
    }
}

