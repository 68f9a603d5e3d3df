import Fluent
import Vapor

struct WebAuthController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("dang-nhap", use: form)
        // Two short fields and a path: a login form never needs more, and it is the one form anyone may post.
        let login = routes.on(.POST, "dang-nhap", body: .collect(maxSize: Self.loginBodyLimit), use: login)
        login.bodyLimit = Self.loginBodyLimit.value
        login.acceptsAnonymousForm = true
        login.maxFormFields = Self.loginFormFields
        routes.post("dang-xuat", use: logout)
    }

    static let loginBodyLimit: ByteCount = "16kb"
    /// username, password, next and the form token, with room to spare; what anyone may post costs nothing to read.
    static let loginFormFields = 16

    struct LoginPage: Encodable {
        let title = "Đăng nhập"
        let page: PageContext
        let next: String
        let username: String
        let error: String?
        var notice: String? = nil
        var unverified = false
    }

    @Sendable func form(req: Request) async throws -> View {
        try await req.view.render("Accounts/login", LoginPage(page: PageContext(req, forms: true), next: Self.safeNext(req.query["next"]), username: "", error: nil,
                                                         notice: req.takeNotice()))
    }

    struct LoginForm: Content { let username: String?; let password: String?; let next: String? }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let next = Self.safeNext(form.next)
        do {
            let user = try await LoginService.verify(username: form.username ?? "", password: form.password ?? "", request: req)
            try await Self.renewSession(req)
            req.auth.login(user)
            req.session.authenticate(user)
            return req.redirect(to: next == "/" ? Self.home(for: user) : next)
        } catch let error as AppError {
            let page = LoginPage(page: PageContext(req, forms: true), next: next, username: form.username ?? "", error: error.message,
                                 unverified: error.code == "email_not_verified")
            let response = try await req.view.render("Accounts/login", page).encodeResponse(status: error.status, for: req)
            if let retryAfter = error.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
            return response
        }
    }

    /// A new session id at login, so an id planted before login (session fixation) is worth nothing after it;
    /// the form token is renewed with it.
    static func renewSession(_ req: Request) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data[CSRF.sessionKey] = nil
    }

    @Sendable func logout(req: Request) async throws -> Response {
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: "/")
    }

    /// Only paths of this site: an attacker must not turn the login page into an open redirect. Browsers drop tabs
    /// and newlines and read `\\` as `/`, so `/%09/evil.example` would become `//evil.example`: any control character,
    /// space or backslash is refused, as is anything that parses with a scheme or a host.
    static func safeNext(_ raw: String?) -> String {
        // Checked as sent and once decoded: `/%09/evil.example` must not become `/\t/evil.example` anywhere on the way.
        guard let raw, isSafePath(raw), let decoded = raw.removingPercentEncoding,
              hasNoTricks(String(decoded.prefix { $0 != "?" && $0 != "#" })) else { return "/" }
        return raw
    }

    private static func hasNoTricks(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//")
            && !path.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" || $0.properties.isWhitespace })
    }

    private static func isSafePath(_ raw: String) -> Bool {
        guard raw.utf8.count <= 2_000, hasNoTricks(raw),
              let components = URLComponents(string: raw), components.scheme == nil, components.host == nil,
              components.path.hasPrefix("/"), !components.path.hasPrefix("//")
        else { return false }
        return true
    }

    static func home(for user: User) -> String {
        if user.has(.receptionist) { return "/mot-cua" }
        if user.hasAny(.specialist, .leader) { return "/xu-ly" }
        if user.has(.administrator) { return "/quan-tri" }
        if user.isCitizen { return "/ho-so-cua-toi" }
        return "/"
    }
}
