import Fluent
import Vapor

struct WebAuthController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("dang-nhap", use: form)
        routes.post("dang-nhap", use: login)
        routes.post("dang-xuat", use: logout)
    }

    struct LoginPage: Encodable {
        let title = "Đăng nhập"
        let page: PageContext
        let next: String
        let username: String
        let error: String?
    }

    @Sendable func form(req: Request) async throws -> View {
        try await req.view.render("Accounts/login", LoginPage(page: PageContext(req, forms: true), next: Self.safeNext(req.query["next"]), username: "", error: nil))
    }

    struct LoginForm: Content { let username: String?; let password: String?; let next: String? }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let next = Self.safeNext(form.next)
        do {
            let user = try await LoginService.verify(username: form.username ?? "", password: form.password ?? "", request: req)
            req.auth.login(user)
            req.session.authenticate(user)
            return req.redirect(to: next == "/" ? Self.home(for: user) : next)
        } catch let error as AppError {
            let page = LoginPage(page: PageContext(req, forms: true), next: next, username: form.username ?? "", error: error.message)
            return try await req.view.render("Accounts/login", page).encodeResponse(status: error.status, for: req)
        }
    }

    @Sendable func logout(req: Request) async throws -> Response {
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: "/")
    }

    /// Only local paths: an attacker must not turn the login page into an open redirect.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return "/" }
        return raw
    }

    static func home(for user: User) -> String {
        if user.has(.receptionist) { return "/mot-cua" }
        if user.hasAny(.specialist, .leader) { return "/xu-ly" }
        if user.has(.administrator) { return "/quan-tri" }
        return "/"
    }
}
