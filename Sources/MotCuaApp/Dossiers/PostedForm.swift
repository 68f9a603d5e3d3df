import Foundation
import Vapor

/// A posted form read part by part: repeated fields (a checklist, several files under one name) keep
/// every value in order, which Codable decoding of multipart bodies does not promise.
/// Accepts multipart/form-data (forms with files) and application/x-www-form-urlencoded.
struct PostedForm: Sendable {
    struct FilePart: Sendable {
        let field: String
        let filename: String
        let data: ByteBuffer
    }

    private(set) var fields: [(name: String, value: String)] = []
    private(set) var files: [FilePart] = []

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// Files sent under `name`; a browser sends an empty part for a file input left blank, which is not a file.
    func files(_ name: String) -> [IncomingFile] {
        files.filter { $0.field == name && !($0.filename.isEmpty && $0.data.readableBytes == 0) }
            .map { IncomingFile(filename: $0.filename, data: $0.data) }
    }

    private struct CacheKey: StorageKey { typealias Value = PostedForm }

    /// Parsed once per request: the form token check and the route read the same form.
    static func read(_ req: Request) throws -> PostedForm {
        if let cached = req.storage[CacheKey.self] { return cached }
        let form = try parse(req)
        req.storage[CacheKey.self] = form
        return form
    }

    private static func parse(_ req: Request) throws -> PostedForm {
        let body = req.body.data ?? ByteBuffer()
        guard let type = req.headers.contentType else {
            if body.readableBytes == 0 { return PostedForm() }
            throw unsupported
        }
        if type.type == "multipart", type.subType == "form-data" {
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else {
                throw AppError.badRequest("multipart_boundary_missing", "Dữ liệu multipart/form-data thiếu tham số boundary.")
            }
            return try multipart(body, boundary: boundary)
        }
        if type == .urlEncodedForm {
            return urlEncoded(String(buffer: body))
        }
        throw unsupported
    }

    private static let unsupported = AppError(.unsupportedMediaType, "unsupported_media_type",
                                              "Hãy gửi biểu mẫu dạng multipart/form-data (kèm tệp) hoặc application/x-www-form-urlencoded.")

    static func multipart(_ body: ByteBuffer, boundary: String) throws -> PostedForm {
        var form = PostedForm()
        var headers: [(String, String)] = []
        var data = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            let parameters = Self.dispositionParameters(disposition)
            if let name = parameters["name"] {
                if let filename = parameters["filename*"].flatMap(Self.extendedValue) ?? parameters["filename"] {
                    form.files.append(FilePart(field: name, filename: filename, data: data))
                } else {
                    form.fields.append((name, String(buffer: data)))
                }
            }
            headers = []
            data = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw AppError.badRequest("invalid_multipart", "Dữ liệu biểu mẫu gửi lên bị hỏng (multipart không hợp lệ). Vui lòng gửi lại.")
        }
        return form
    }

    static func urlEncoded(_ text: String) -> PostedForm {
        var form = PostedForm()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            form.fields.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
        return form
    }

    /// `form-data; name="x"; filename="a b.pdf"` → ["name": "x", "filename": "a b.pdf"] (quoted strings may hold `;`).
    static func dispositionParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var index = header.startIndex
        // Skip the disposition type.
        while index < header.endIndex, header[index] != ";" { index = header.index(after: index) }
        while index < header.endIndex {
            index = header.index(after: index)   // past ';'
            while index < header.endIndex, header[index] == " " { index = header.index(after: index) }
            var key = ""
            while index < header.endIndex, header[index] != "=", header[index] != ";" { key.append(header[index]); index = header.index(after: index) }
            var value = ""
            if index < header.endIndex, header[index] == "=" {
                index = header.index(after: index)
                if index < header.endIndex, header[index] == "\"" {
                    index = header.index(after: index)
                    while index < header.endIndex, header[index] != "\"" {
                        if header[index] == "\\", header.index(after: index) < header.endIndex { index = header.index(after: index) }
                        value.append(header[index])
                        index = header.index(after: index)
                    }
                    if index < header.endIndex { index = header.index(after: index) }
                    while index < header.endIndex, header[index] != ";" { index = header.index(after: index) }
                } else {
                    while index < header.endIndex, header[index] != ";" { value.append(header[index]); index = header.index(after: index) }
                }
            }
            let trimmed = key.trimmingCharacters(in: .whitespaces).lowercased()
            if !trimmed.isEmpty { result[trimmed] = value.trimmingCharacters(in: trimmed.hasPrefix("filename") ? [] : .whitespaces) }
        }
        return result
    }

    /// RFC 5987 `UTF-8''n%C3%A0y.pdf`.
    static func extendedValue(_ raw: String) -> String? {
        let parts = raw.components(separatedBy: "''")
        guard parts.count == 2, parts[0].lowercased() == "utf-8" else { return nil }
        return parts[1].removingPercentEncoding
    }
}
