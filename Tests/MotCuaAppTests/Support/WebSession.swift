import Foundation
import Testing
import Vapor
import VaporTesting

/// A browser-like client for page tests: keeps the session cookie and the form token between requests.
final class WebSession {
    let app: Application
    var cookie: String?
    var csrf: String?

    init(app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await app.testing().sendRequest(.GET, path, headers: headers())
        remember(response)
        return response
    }

    @discardableResult
    func post(_ path: String, form: [String: String], withToken: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if withToken, let csrf { fields["_csrf"] = csrf }
        var headers = headers()
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Logs in as a browser does: the form, the post, then the page it is sent to (the form token is renewed at login).
    func login(_ username: String, password: String = "MotCua@2026") async throws -> TestingHTTPResponse {
        try await get("/dang-nhap")
        let response = try await post("/dang-nhap", form: ["username": username, "password": password])
        if response.status == .seeOther, let location = response.headers.first(name: .location) {
            csrf = nil
            try await get(location)
        }
        return response
    }

    private func headers() -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        return headers
    }

    private func remember(_ response: TestingHTTPResponse) {
        if let setCookie = response.headers.first(name: .setCookie), let pair = setCookie.split(separator: ";").first {
            cookie = String(pair)
        }
        let html = response.body.string
        if let range = html.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            let match = String(html[range])
            csrf = match.components(separatedBy: "value=\"").last.map { String($0.dropLast()) }?.removingHTMLEntities
        }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension String {
    /// Leaf escapes attribute values; the token must be sent back unescaped.
    var removingHTMLEntities: String {
        replacingOccurrences(of: "&#43;", with: "+").replacingOccurrences(of: "&#47;", with: "/").replacingOccurrences(of: "&#61;", with: "=")
            .replacingOccurrences(of: "&#x2B;", with: "+").replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&#x3D;", with: "=")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    }
}
