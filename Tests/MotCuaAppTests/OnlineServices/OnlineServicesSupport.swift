import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// An answer kept after the request: status, headers and body as text and JSON.
struct Answer {
    let status: HTTPStatus
    let headers: HTTPHeaders
    let text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// A level-3 procedure of Phường 1 (Đà Lạt), received by Đà Lạt's one-stop shop: one required component.
let onlineProcedure = "2.000635.000.00.00.H36"

extension Application {
    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, headers extra: [(String, String)] = [],
              json: [String: Any]? = nil, body: Data? = nil) async throws -> Answer {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        var buffer: ByteBuffer? = nil
        if let json {
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let body {
            buffer = ByteBuffer(data: body)
        }
        var answer = Answer(status: .internalServerError, headers: [:], text: "")
        try await testing().test(method, path, headers: headers, body: buffer, afterResponse: { res in
            answer = Answer(status: res.status, headers: res.headers, text: res.body.string)
        })
        return answer
    }

    /// A verified citizen account of its own, with its bearer token.
    func citizen(_ index: Int) async throws -> (email: String, token: String) {
        let email = "congdan\(index)@example.vn"
        let created = try await send(.POST, "/api/v1/citizens", json: [
            "fullName": "Lê Thị Hoa", "idNumber": String(format: "068195%06d", index), "phone": "0987654321",
            "email": email, "password": "Hoa-dang-ky-2026"])
        #expect(created.status == .created, "\(created.text)")
        let link = try await lastMailLink(to: email)
        let verified = try await send(.GET, URL(string: link)?.path ?? link)
        #expect(verified.status == .ok, "\(verified.text)")
        return (email, try await bearer(email, password: "Hoa-dang-ky-2026"))
    }

    /// The link in the last mail the outbox holds for `email`.
    func lastMailLink(to email: String) async throws -> String {
        guard let mail = try await OutboxMessage.query(on: db).filter(\.$recipient == email).sort(\.$createdAt, .descending).first() else {
            Issue.record("no mail to \(email)")
            return ""
        }
        guard let range = mail.textBody.range(of: #"https?://[^\s]+"#, options: .regularExpression) else {
            Issue.record("no link in the mail: \(mail.textBody)")
            return ""
        }
        return String(mail.textBody[range])
    }

    /// Uploads `data` with tus in one PATCH and returns the upload id.
    func tusUpload(_ data: Data, filename: String = "giay-to.pdf", token: String) async throws -> String {
        let created = try await send(.POST, "/api/v1/uploads", token: token, headers: [
            ("Tus-Resumable", "1.0.0"), ("Upload-Length", String(data.count)),
            ("Upload-Metadata", "filename " + Data(filename.utf8).base64EncodedString())])
        #expect(created.status == .created, "\(created.text)")
        let location = created.headers.first(name: .location) ?? ""
        let patched = try await send(.PATCH, location, token: token, headers: [
            ("Tus-Resumable", "1.0.0"), ("Upload-Offset", "0"), ("Content-Type", "application/offset+octet-stream")], body: data)
        #expect(patched.status == .noContent, "\(patched.text)")
        return String(location.split(separator: "/").last ?? "")
    }
}

/// A small but complete PDF (the content check reads its head and its `%%EOF`).
func samplePDF(_ text: String = "MotCua") -> Data { MinimalPDF.document(text: text) }
