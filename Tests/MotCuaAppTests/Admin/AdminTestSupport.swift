import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

extension WebSession {
    /// Posts fields in order, repeated names allowed (`roles[]` twice), as a browser sends a form.
    @discardableResult
    func post(_ path: String, fields: [(String, String)]) async throws -> TestingHTTPResponse {
        var all = fields
        if let csrf { all.append(("_csrf", csrf)) }
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        headers.contentType = .urlEncodedForm
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        if let setCookie = response.headers.first(name: .setCookie), let pair = setCookie.split(separator: ";").first {
            cookie = String(pair)
        }
        return response
    }

    static func admin(_ app: Application) async throws -> WebSession {
        let web = WebSession(app: app)
        _ = try await web.login("quantri")
        return web
    }
}

enum AdminFixtures {
    static func auditCount(_ app: Application) async throws -> Int { try await AuditEntry.query(on: app.db).count() }

    static func lastAudit(_ app: Application) async throws -> AuditEntry? {
        try await AuditEntry.query(on: app.db).sort(\.$at, .descending).first()
    }

    static func user(_ username: String, _ app: Application) async throws -> User {
        try #require(try await User.query(on: app.db).filter(\.$username == username).with(\.$agency).first())
    }

    static func procedure(_ code: String, _ app: Application) async throws -> Procedure {
        try #require(try await CatalogQuery.find(code: code, on: app.db))
    }

    /// The procedure form as the edit page fills it in, with `changes` applied on top (same keys replaced).
    static func procedureFields(_ procedure: Procedure, changes: [String: String] = [:]) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("name", procedure.name), ("field", procedure.field), ("tier", procedure.tier), ("agency", procedure.agency.code),
            ("level", "\(procedure.level)"), ("legalDays", "\(procedure.legalDays)"), ("timeUnit", procedure.timeUnit),
            ("result", procedure.result), ("legalBasis", procedure.legalBasis.joined(separator: "\n")),
        ]
        if procedure.isActive { fields.append(("isActive", "on")) }
        for (i, c) in procedure.components.enumerated() {
            fields += [("components[\(i)][name]", c.name), ("components[\(i)][copies]", "\(c.copies)"),
                       ("components[\(i)][original]", c.original ? "1" : "0"), ("components[\(i)][presentOnly]", c.presentOnly == true ? "1" : "0"),
                       ("components[\(i)][conditional]", c.conditional ?? "")]
        }
        for (i, f) in procedure.fees.enumerated() {
            fields += [("fees[\(i)][name]", f.name), ("fees[\(i)][amount]", f.amountVND.map(String.init) ?? ""), ("fees[\(i)][note]", f.note ?? "")]
        }
        for (i, s) in procedure.steps.enumerated() {
            fields += [("steps[\(i)][name]", s.name), ("steps[\(i)][unit]", s.unit), ("steps[\(i)][days]", ProcedureForm.daysText(s.days))]
        }
        // Blank rows, as the page offers them.
        let n = procedure.components.count
        fields += [("components[\(n)][name]", ""), ("components[\(n)][copies]", "1"), ("components[\(n)][original]", "1"), ("components[\(n)][presentOnly]", "0")]
        for (key, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == key }) { fields[index].1 = value } else { fields.append((key, value)) }
        }
        return fields
    }

    /// A complete new procedure of the demo province.
    static func newProcedure(code: String, name: String = "Cấp giấy phép thử nghiệm quản trị") -> [(String, String)] {
        [("code", code), ("name", name), ("field", "Thử nghiệm"), ("tier", "district"), ("agency", DemoSeed.homeAgencyCode),
         ("level", "3"), ("legalDays", "5"), ("timeUnit", "working_day"), ("result", "Giấy phép"), ("legalBasis", "Luật A\nNghị định B"),
         ("isActive", "on"),
         ("components[0][name]", "Đơn đề nghị"), ("components[0][copies]", "1"), ("components[0][original]", "1"), ("components[0][presentOnly]", "0"),
         ("components[1][name]", "Giấy tờ tùy thân"), ("components[1][copies]", "1"), ("components[1][original]", "1"), ("components[1][presentOnly]", "1"),
         ("fees[0][name]", "Lệ phí cấp phép"), ("fees[0][amount]", "100.000"),
         ("steps[0][name]", "Tiếp nhận"), ("steps[0][unit]", "Bộ phận một cửa"), ("steps[0][days]", "0,5"),
         ("steps[1][name]", "Thẩm định"), ("steps[1][unit]", "Phòng chuyên môn"), ("steps[1][days]", "4"),
         ("steps[2][name]", "Trả kết quả"), ("steps[2][unit]", "Bộ phận một cửa"), ("steps[2][days]", "0.5")]
    }

    static let birthRegistration = "1.001193.000.00.00.H36"
}
