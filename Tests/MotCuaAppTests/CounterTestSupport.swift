import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// A multipart/form-data body written by hand, as a browser sends it (repeated names, files with names and types).
struct CounterMultipart {
    let boundary = "----MotCuaTest" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    private(set) var buffer = ByteBuffer()

    mutating func field(_ name: String, _ value: String) {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    mutating func file(_ name: String, filename: String, type: String = "application/octet-stream", bytes: [UInt8]) {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n")
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n")
    }

    func finished() -> ByteBuffer {
        var out = buffer
        out.writeString("--\(boundary)--\r\n")
        return out
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

/// Small but real files: each starts with its format's magic bytes.
enum CounterFiles {
    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x00, count: 24)
        + [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x11, count: 40) + [0xFF, 0xD9]
    /// What a renamed text file looks like: a .pdf name, an application/pdf type, and plain text inside.
    static let textPretendingToBePDF: [UInt8] = Array("Day la van ban, khong phai PDF.\n".utf8)
}

extension WebSession {
    /// Posts a multipart form with the session cookie and (unless told otherwise) the form token as the browser would.
    func counterPost(_ path: String, _ build: (inout CounterMultipart) -> Void, withToken: Bool = true) async throws -> TestingHTTPResponse {
        var body = CounterMultipart()
        if withToken, let csrf { body.field("_csrf", csrf) }
        build(&body)
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        headers.replaceOrAdd(name: .contentType, value: body.contentType)
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: body.finished())
    }

    /// Logs in and opens the intake form of `procedure`, so the session holds a fresh form token.
    static func counterReceptionist(_ app: Application, username: String = "tiepnhan", procedure: String = ownAgencyProcedure) async throws -> WebSession {
        let session = WebSession(app: app)
        let login = try await session.login(username)
        #expect(login.status == .seeOther || login.status == .found, "login failed: \(login.status)")
        let form = try await session.get("/mot-cua/tiep-nhan?procedure=\(procedure)")
        #expect(form.status == .ok, "\(form.body.string.prefix(400))")
        return session
    }
}

/// The applicant part of the counter form, as typed.
func counterApplicant(_ body: inout CounterMultipart, name: String = "Trần Thị Bình", idNumber: String = "068195000123") {
    body.field("fullName", name)
    body.field("idNumber", idNumber)
    body.field("phone", "0987654321")
    body.field("email", "binh.tran@example.vn")
    body.field("address", "5 Yersin, Phường 10, Đà Lạt")
    body.field("channel", "counter")
}

extension Application {
    func counterDossier(_ code: String) async throws -> Dossier? {
        try await Dossier.query(on: db).filter(\.$code == code).first()
    }

    /// A dossier of `threeDayProcedure` accepted by `tiepnhan` at the given Vietnam time.
    func counterThreeDayDossier(at day: LocalDate, hour: Int, minute: Int = 0) async throws -> String {
        clock.set(day.at(hour: hour, minute: minute))
        let token = try await bearer("tiepnhan")
        let created = try #require(try await createDossier(token: token, procedure: threeDayProcedure))
        return created.code
    }
}

extension TestingHTTPResponse {
    var counterLocation: String { headers.first(name: .location) ?? "" }
}

/// The first inline SVG inside the element with this class, as the slip prints it.
func counterInlineSVG(after marker: String, in html: String) -> String? {
    guard let start = html.range(of: marker), let open = html.range(of: "<svg", range: start.upperBound..<html.endIndex),
          let close = html.range(of: "</svg>", range: open.lowerBound..<html.endIndex) else { return nil }
    return String(html[open.lowerBound..<close.upperBound])
}

/// Values of one numeric attribute over every `<rect>` of an SVG (the bars of a Code 128 symbol).
func counterRectAttribute(_ name: String, in svg: String) -> [Double] {
    svg.components(separatedBy: "<rect").dropFirst().compactMap { rect in
        guard let range = rect.range(of: " \(name)=\"") else { return nil }
        return Double(rect[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension WebSession {
    /// Receives a dossier of `ownAgencyProcedure` through the counter form; returns its code (from the slip address).
    func counterIntake(outcome: String, ticked: [Int] = [], missingExtra: String = "", reason: String = "") async throws -> String {
        if csrf == nil { _ = try await get("/mot-cua/tiep-nhan?procedure=\(ownAgencyProcedure)") }
        let response = try await counterPost("/mot-cua/tiep-nhan") { body in
            body.field("procedureCode", ownAgencyProcedure)
            counterApplicant(&body)
            for index in ticked { body.field("component", "\(index)") }
            body.field("missingExtra", missingExtra)
            body.field("reason", reason)
            body.field("outcome", outcome)
        }
        #expect(response.status == .seeOther, "\(response.body.string.prefix(500))")
        return response.counterLocation.components(separatedBy: "/").dropFirst(2).first ?? ""
    }
}

extension Application {
    /// Posts files to `POST /api/v1/dossiers/{code}/attachments` with a bearer token.
    func uploadAttachments(code: String, token: String, _ build: (inout CounterMultipart) -> Void) async throws -> TestingHTTPResponse {
        var body = CounterMultipart()
        build(&body)
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": body.contentType]
        return try await testing().sendRequest(.POST, "/api/v1/dossiers/\(code)/attachments", headers: headers, body: body.finished())
    }
}
