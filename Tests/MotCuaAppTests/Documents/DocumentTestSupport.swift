import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Bearer tokens of the demo's document roles (Đà Lạt): clerk, specialist, leader.
struct DocumentOfficers {
    let clerk: String
    let specialist: String
    let leader: String
}

/// A document API answer: status, the decoded body when it is a document, and the error when it is not.
struct DocumentReply {
    let status: HTTPStatus
    let body: String
    var error: APIErrorBody? { try? JSONDecoder().decode(APIErrorBody.self, from: Data(body.utf8)) }
    func value<T>(_ type: T.Type, _ path: String...) -> T? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) else { return nil }
        var current: Any? = object
        for key in path { current = (current as? [String: Any])?[key] }
        if T.self == Int.self, let number = current as? NSNumber { return number.intValue as? T }
        return current as? T
    }
    var id: String? { value(String.self, "id") }
}

struct DocumentClient {
    let app: Application

    /// Pins the clock (Vietnam time) and logs the three officers in at that time.
    func at(_ text: String) async throws -> DocumentOfficers {
        app.clock.set(processingTime(text))
        return DocumentOfficers(clerk: try await app.bearer("vanthu"), specialist: try await app.bearer("chuyenvien"),
                                leader: try await app.bearer("lanhdao"))
    }

    func send(_ method: HTTPMethod, _ path: String, token: String, json: String? = nil, headers extra: [String: String] = [:]) async throws -> DocumentReply {
        var headers = HTTPHeaders([("Authorization", "Bearer \(token)")])
        for (name, value) in extra { headers.add(name: name, value: value) }
        var body: ByteBuffer? = nil
        if let json {
            headers.contentType = .json
            body = ByteBuffer(string: json)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        return DocumentReply(status: response.status, body: response.body.string)
    }

    func register(_ token: String, notation: String = "15/QĐ-UBND", date: String = "2027-04-12", issuer: String = #"{"code":"000.00.00.H36"}"#,
                  summary: String = "Quyết định phê duyệt kế hoạch cải cách hành chính năm 2027", urgency: String = "thuong",
                  confidentiality: String = "thuong", extra: String = "") async throws -> DocumentReply {
        try await send(.POST, "/api/v1/documents/incoming", token: token, json: """
            {"issuer":\(issuer),"notation":"\(notation)","documentDate":"\(date)","type":"QĐ","summary":"\(summary)",
             "urgency":"\(urgency)","confidentiality":"\(confidentiality)","recipientUnit":"Phòng Tư pháp thành phố Đà Lạt"\(extra)}
            """)
    }

    func draft(_ token: String, type: String = "QĐ", confidentiality: String = "thuong",
               recipients: String = #"["000.11.21.H36","Công ty TNHH Đà Lạt Xanh"]"#) async throws -> DocumentReply {
        try await send(.POST, "/api/v1/documents/outgoing", token: token, json: """
            {"type":"\(type)","summary":"Quyết định ban hành quy chế làm việc","recipients":\(recipients),"urgency":"khan","confidentiality":"\(confidentiality)"}
            """)
    }

    func move(_ id: String, _ action: String, token: String, comment: String? = nil) async throws -> DocumentReply {
        let comment = comment.map { #","comment":"\#($0)""# } ?? ""
        return try await send(.POST, "/api/v1/documents/outgoing/\(id)/transitions", token: token, json: #"{"action":"\#(action)"\#(comment)}"#)
    }

    /// Drafted, submitted, approved and signed: ready for the clerk to issue.
    func signed(_ o: DocumentOfficers, type: String = "QĐ", confidentiality: String = "thuong", recipients: String = #"["Công ty TNHH Đà Lạt Xanh"]"#) async throws -> String {
        let draft = try await draft(o.specialist, type: type, confidentiality: confidentiality, recipients: recipients)
        #expect(draft.status == .created, "\(draft.body)")
        let id = try #require(draft.id)
        #expect(try await move(id, "submit", token: o.specialist).status == .ok)
        #expect(try await move(id, "approve", token: o.leader).status == .ok)
        #expect(try await move(id, "sign", token: o.leader).status == .ok)
        return id
    }

    func stored(_ id: String) async throws -> OfficialDocument {
        try #require(try await OfficialDocument.find(UUID(uuidString: id), on: app.db))
    }
}
