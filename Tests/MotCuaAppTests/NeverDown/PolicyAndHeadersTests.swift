import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// Issue 7: the policy points the tester raised (README, "Who may do what"), and the headers pages lacked.
@Suite("Nobody in: roles and headers")
struct PolicyAndHeadersTests {
    @Test func clerksAndAdministratorsDoNotReadDossiers() async throws {
        try await withMotCua { app in
            let reception = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: reception))
            for username in ["vanthu", "quantri"] {
                let token = try await app.bearer(username)
                let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                for path in ["/api/v1/dossiers", "/api/v1/dossiers/\(created.code)"] {
                    let res = try await app.testing().sendRequest(.GET, path, headers: headers)
                    #expect(res.status == .forbidden, "\(username) \(path)")
                    #expect(res.apiError?.error.code == "dossier_access_denied")
                }
                var body = CounterMultipart()
                body.file("file", filename: "a.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
                let upload = try await app.testing().sendRequest(.POST, "/api/v1/dossiers/\(created.code)/attachments",
                                                                 headers: ["Authorization": "Bearer \(token)", "Content-Type": body.contentType], body: body.finished())
                #expect(upload.status == .forbidden, "\(username) upload")
                let web = WebSession(app: app)
                _ = try await web.login(username)
                #expect(try await web.get("/ho-so/\(created.code)").status == .forbidden, "\(username) page")
            }
        }
    }

    @Test func onlyThoseWhoProcessAttachResults() async throws {
        try await withMotCua { app in
            let reception = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: reception))
            func upload(_ token: String) async throws -> HTTPStatus {
                var body = CounterMultipart()
                body.field("kind", "result")
                body.file("file", filename: "ket-qua.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
                return try await app.testing().sendRequest(.POST, "/api/v1/dossiers/\(created.code)/attachments",
                                                           headers: ["Authorization": "Bearer \(token)", "Content-Type": body.contentType], body: body.finished()).status
            }
            #expect(try await upload(reception) == .forbidden)
            #expect(try await upload(try await app.bearer("lanhdao")) == .created)
        }
    }

    @Test func statisticsAreForLeadersAndAdministratorsLikeTheirPage() async throws {
        try await withMotCua { app in
            for (username, status) in [("tiepnhan", HTTPStatus.forbidden), ("chuyenvien", .forbidden), ("vanthu", .forbidden),
                                       ("lanhdao", .ok), ("quantri", .ok)] {
                let token = try await app.bearer(username)
                let res = try await app.testing().sendRequest(.GET, "/api/v1/statistics", headers: ["Authorization": "Bearer \(token)"])
                #expect(res.status == status, "\(username)")
            }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withMotCua { app in
            for path in ["/", "/dang-nhap", "/thu-tuc", "/khong-co", "/api/v1/procedures", "/css/app.css"] {
                let res = try await app.testing().sendRequest(.GET, path)
                let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'"), "\(path)")
                #expect(!csp.contains("script-src 'self' 'unsafe-inline'"), "\(path)")
                #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(res.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
            }
        }
    }

    @Test func pagesHaveNoInlineScripts() throws {
        let views = URL(fileURLWithPath: ProjectRoot.locate() + "Resources/Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" } ?? []
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.range(of: #"<script(?![^>]*\bsrc=)[^>]*>"#, options: .regularExpression) == nil, "\(file.lastPathComponent): inline <script>")
            #expect(text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(file.lastPathComponent): inline event handler")
        }
    }

    @Test func theSessionCookieIsSecureWhenTheSiteIsServedOverHTTPS() {
        #expect(Settings.cookieSecure(explicit: nil, publicURL: "https://dichvucong.lamdong.gov.vn") == true)
        #expect(Settings.cookieSecure(explicit: nil, publicURL: "http://127.0.0.1:8080") == false)
        #expect(Settings.cookieSecure(explicit: nil, publicURL: nil) == false)
        #expect(Settings.cookieSecure(explicit: "1", publicURL: nil) == true)
        #expect(Settings.cookieSecure(explicit: "0", publicURL: "https://x.gov.vn") == false)
    }
}

@Suite("Notices")
struct NoticeTests {
    /// A link must not make an official page say what its author wants (`?ok=Hệ thống bảo trì, gửi mật khẩu cho…`).
    @Test func noticesComeFromTheSessionNotTheAddress() async throws {
        try await withMotCua { app in
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            let forged = try await admin.get("/quan-tri/nguoi-dung?ok=H%E1%BB%87%20th%E1%BB%91ng%20b%E1%BA%A3o%20tr%C3%AC")
            #expect(!forged.body.string.contains("Hệ thống bảo trì"))
            let created = try await admin.post("/quan-tri/nguoi-dung", form: ["username": "canbo.moi", "fullName": "Lê Văn Mới", "password": "MatKhau@2027",
                                                                              "agency": "000.00.21.H36", "roles[]": "specialist"])
            #expect(created.status == .seeOther)
            #expect(created.headers.first(name: .location) == "/quan-tri/nguoi-dung")
            let shown = try await admin.get("/quan-tri/nguoi-dung")
            #expect(shown.body.string.contains("Đã tạo tài khoản canbo.moi."))
            #expect(!(try await admin.get("/quan-tri/nguoi-dung")).body.string.contains("Đã tạo tài khoản canbo.moi."), "shown once")

            let officer = WebSession(app: app)
            _ = try await officer.login("chuyenvien")
            let spoofed = try await officer.get("/xu-ly?ok=forwarded&ma=G%E1%BB%ADi%20m%E1%BA%ADt%20kh%E1%BA%A9u")
            #expect(!spoofed.body.string.contains("Gửi mật khẩu"))
        }
    }
}
