import Foundation
import Vapor

/// The only file types a scanned dossier component may be, judged by the first bytes of the file,
/// never by its name or by the type the browser declared (both are whatever the sender says).
enum UploadKind: String, Sendable, CaseIterable {
    case pdf, jpeg, png

    var contentType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        }
    }

    var fileExtension: String {
        switch self {
        case .pdf: return "pdf"
        case .jpeg: return "jpg"
        case .png: return "png"
        }
    }

    private static let signatures: [(UploadKind, [UInt8])] = [
        (.pdf, Array("%PDF-".utf8)),
        (.jpeg, [0xFF, 0xD8, 0xFF]),
        (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    ]

    /// The type the first bytes announce, if the last bytes agree: a PDF ends with `%%EOF` (within its last 1,024
    /// bytes, as readers allow), a PNG with its IEND chunk, a JPEG with the EOI marker. A file whose head is a PDF's
    /// but whose body is a web page (a polyglot) is refused too.
    static func sniff<C: BidirectionalCollection>(_ bytes: C) -> UploadKind? where C.Element == UInt8 {
        sniff(head: Array(bytes.prefix(1_024)), tail: Array(bytes.suffix(1_024)))
    }

    /// From the first and last kilobyte, which is all a streamed upload keeps in memory.
    static func sniff(head: [UInt8], tail: [UInt8]) -> UploadKind? {
        guard let kind = signatures.first(where: { head.starts(with: $0.1) })?.0 else { return nil }
        guard !looksLikeMarkup(head) else { return nil }
        switch kind {
        case .pdf:
            return contains(tail, Array("%%EOF".utf8)) ? .pdf : nil
        case .png:
            return Array(tail.suffix(12)) == pngEnd ? .png : nil
        case .jpeg:
            // Scanners pad the end with zeros or line breaks now and then.
            let end = tail.suffix(64).reversed().drop { $0 == 0x00 || $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }
            return Array(end.prefix(2)) == [0xD9, 0xFF] ? .jpeg : nil
        }
    }

    private static let pngEnd: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
    private static let markup = ["<html", "<script", "<!doctype", "<body", "<iframe", "<svg"].map { Array($0.utf8) }

    private static func looksLikeMarkup<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        let lowered = bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return markup.contains { contains(lowered, $0) }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

/// A file that passed the checks: its real type, a safe name and its digest. Its bytes are read only when stored.
struct CheckedUpload: Sendable {
    let filename: String
    let kind: UploadKind
    let file: IncomingFile

    var size: Int { file.size }
    var sha256: String { file.sha256 }
    func contents() throws -> Data { try file.contents() }
}

/// Checks every uploaded file before anything is written, and reports every bad file at once,
/// so that the officer fixes the whole batch in one go and a bad file never leaves a half-stored dossier.
enum UploadCheck {
    static let maxFilenameLength = 200
    /// What a route that takes uploads collects before it is cut off: several files of the default 20 MB each.
    static let requestBodyLimit: ByteCount = "110mb"

    static func check(_ files: [IncomingFile], maxBytes: Int) throws -> [CheckedUpload] {
        var tooLarge: [String] = []
        var empty: [String] = []
        var wrongType: [String] = []
        var checked: [CheckedUpload] = []
        for file in files {
            var name = safeFilename(file.filename)
            let size = file.size
            if size == 0 { empty.append(name); continue }
            if size > maxBytes { tooLarge.append("“\(name)” (\(megabytes(size)))"); continue }
            guard let kind = UploadKind.sniff(head: file.head, tail: file.tail) else { wrongType.append("“\(name)”"); continue }
            name = named(name, as: kind)
            checked.append(CheckedUpload(filename: name, kind: kind, file: file))
        }
        var problems: [String] = []
        if !wrongType.isEmpty {
            problems.append("Tệp \(wrongType.joined(separator: ", ")) không phải PDF, JPEG hoặc PNG nguyên vẹn (kiểm tra theo nội dung đầu và cuối tệp, không theo tên). Hãy quét lại hoặc lưu lại đúng định dạng.")
        }
        if !tooLarge.isEmpty {
            problems.append("Tệp \(tooLarge.joined(separator: ", ")) vượt quá giới hạn \(megabytes(maxBytes)) mỗi tệp. Hãy quét ở độ phân giải thấp hơn hoặc tách thành nhiều tệp.")
        }
        if !empty.isEmpty {
            problems.append("Tệp \(empty.map { "“\($0)”" }.joined(separator: ", ")) rỗng (0 byte). Hãy chọn lại tệp.")
        }
        guard problems.isEmpty else {
            // The most specific status wins: a wrong type is 415, an oversized file 413, an empty one 422.
            let status: HTTPResponseStatus = !wrongType.isEmpty ? .unsupportedMediaType : (!tooLarge.isEmpty ? .payloadTooLarge : .unprocessableEntity)
            let code = !wrongType.isEmpty ? "unsupported_file_type" : (!tooLarge.isEmpty ? "file_too_large" : "empty_file")
            throw AppError(status, code, "Chưa lưu gì: " + problems.joined(separator: " "))
        }
        return checked
    }

    /// The last path component without control characters, so a name can never point elsewhere
    /// or break a Content-Disposition header; an empty name gets a neutral one.
    static func safeFilename(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }))
            .trimmingCharacters(in: .whitespaces)
        let name = cleaned == "." || cleaned == ".." ? "" : cleaned
        return name.isEmpty ? "tep-dinh-kem" : String(name.prefix(maxFilenameLength))
    }

    /// The name a stored file keeps: its own, with the extension of the type its content proved.
    /// `poly.html` holding a PDF is stored as `poly.pdf`, so no browser or desktop ever opens it as something else.
    static func named(_ name: String, as kind: UploadKind) -> String {
        var base = name
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let ext = name[name.index(after: dot)...]
            if (1...5).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { base = String(name[..<dot]) }
        }
        return String(base.prefix(maxFilenameLength - 5)) + "." + kind.fileExtension
    }

    static func megabytes(_ bytes: Int) -> String {
        if bytes < 1_048_576 { return "\(max(1, bytes / 1024)) KB" }
        let mb = Double(bytes) / 1_048_576
        return mb >= 10 || mb == mb.rounded() ? "\(Int(mb.rounded())) MB" : String(format: "%.1f MB", mb).replacingOccurrences(of: ".", with: ",")
    }
}

extension Route {
    /// The body size a route collects when it is larger than the default (routes that take uploads set it),
    /// so middleware that must read the body before the route does (the form token check) honours the same limit.
    var bodyLimit: Int? {
        get { userInfo["bodyLimit"] as? Int }
        set { userInfo["bodyLimit"] = newValue }
    }
}
