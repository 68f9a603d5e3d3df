import Foundation
import Vapor

/// A posted form read part by part: repeated fields (a checklist, several files under one name) keep
/// every value in order, which Codable decoding of multipart bodies does not promise.
/// Accepts multipart/form-data (forms with files) and application/x-www-form-urlencoded.
struct PostedForm: Sendable {
    private(set) var fields: [(name: String, value: String)] = []
    private(set) var files: [(field: String, file: IncomingFile)] = []

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// Files sent under `name`; a browser sends an empty part for a file input left blank, which is not a file.
    func files(_ name: String) -> [IncomingFile] {
        files.filter { $0.field == name && !($0.file.filename.isEmpty && $0.file.size == 0) }.map(\.file)
    }

    mutating func append(field name: String, value: String) { fields.append((name, value)) }
    mutating func append(file: IncomingFile, field: String) { files.append((field, file)) }

    private struct CacheKey: StorageKey { typealias Value = PostedForm }

    /// Parsed once per request: the form token check and the route read the same form.
    static func read(_ req: Request) async throws -> PostedForm {
        if let cached = req.storage[CacheKey.self] { return cached }
        let form = try await parse(req)
        req.storage[CacheKey.self] = form
        return form
    }

    private static func parse(_ req: Request) async throws -> PostedForm {
        guard let type = req.headers.contentType else {
            // No type and no body is an empty form; a body of no declared type is not one.
            let declaredLength = Int(req.headers.first(name: .contentLength) ?? "0") ?? 1
            if (req.body.data?.readableBytes ?? 0) == 0, declaredLength == 0 { return PostedForm() }
            throw unsupported
        }
        if type.type == "multipart", type.subType == "form-data" {
            let boundary = type.parameters["boundary"] ?? ""
            guard (1...70).contains(boundary.utf8.count) else {
                throw AppError.badRequest("multipart_boundary_missing", "Dữ liệu multipart/form-data thiếu tham số boundary hợp lệ.")
            }
            var reader = StreamedFormReader(boundary: boundary,
                                            maxBodyBytes: req.route?.bodyLimit ?? req.application.routes.defaultMaxBodySize.value,
                                            maxFileBytes: req.application.settings.maxUploadBytes,
                                            expectedToken: req.storage[CSRFProtection.DeferredToken.self])
            if let collected = req.body.data {
                try reader.feed(collected)
            } else {
                for try await chunk in req.body { try reader.feed(chunk) }
            }
            return try reader.finish()
        }
        if type == .urlEncodedForm {
            try await req.collectBodyWithinRouteLimit()
            return urlEncoded(String(buffer: req.body.data ?? ByteBuffer()))
        }
        throw unsupported
    }

    private static let unsupported = AppError(.unsupportedMediaType, "unsupported_media_type",
                                              "Hãy gửi biểu mẫu dạng multipart/form-data (kèm tệp) hoặc application/x-www-form-urlencoded.")

    static func urlEncoded(_ text: String) -> PostedForm {
        var form = PostedForm()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            form.append(field: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
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
