import Fluent
import Vapor

/// The citizen's account pages: register, verify the e-mail, forgotten password, and change of password (for every
/// signed-in user, officers too). Every answer is a page in Vietnamese; refusals keep what was typed (but passwords).
struct CitizenAccountPageController: RouteCollection {
    static let formLimit: ByteCount = "16kb"

    func boot(routes: RoutesBuilder) throws {
        routes.get("dang-ky", use: registerForm)
        anonymousForm(routes.on(.POST, "dang-ky", body: .collect(maxSize: Self.formLimit), use: register))
        routes.get("xac-thuc-email", ":token", use: verify)
        routes.get("gui-lai-xac-thuc", use: resendForm)
        anonymousForm(routes.on(.POST, "gui-lai-xac-thuc", body: .collect(maxSize: Self.formLimit), use: resend))
        routes.get("quen-mat-khau", use: forgotForm)
        anonymousForm(routes.on(.POST, "quen-mat-khau", body: .collect(maxSize: Self.formLimit), use: forgot))
        routes.get("dat-lai-mat-khau", ":token", use: resetForm)
        anonymousForm(routes.on(.POST, "dat-lai-mat-khau", ":token", body: .collect(maxSize: Self.formLimit), use: reset))
        routes.get("doi-mat-khau", use: changeForm)
        let change = routes.on(.POST, "doi-mat-khau", body: .collect(maxSize: Self.formLimit), use: change)
        change.bodyLimit = Self.formLimit.value
        change.maxFormFields = 16
    }

    private func anonymousForm(_ route: Route) {
        route.bodyLimit = Self.formLimit.value
        route.acceptsAnonymousForm = true
        route.maxFormFields = 16
    }

    // MARK: registration

    struct RegisterPage: Encodable {
        let title = "Đăng ký tài khoản công dân"
        let page: PageContext
        let form: CitizenRegistration.Input
        let error: String?
        let minPassword = PasswordPolicy.citizenMinCharacters
    }

    @Sendable func registerForm(req: Request) async throws -> View {
        try await req.view.render("Citizens/register", RegisterPage(page: PageContext(req, forms: true), form: .init(), error: nil))
    }

    @Sendable func register(req: Request) async throws -> Response {
        var form = try req.content.decode(CitizenRegistration.Input.self)
        do {
            try AccountRateLimit.admit(req)
            let user = try await CitizenRegistration.register(form, request: req)
            return try await message(req, title: "Kiểm tra hộp thư của bạn",
                                     lines: ["Tài khoản \(user.username) đã được tạo.",
                                             "Chúng tôi vừa gửi thư tới \(user.username). Hãy mở liên kết trong thư (hiệu lực 24 giờ) để xác thực địa chỉ, sau đó đăng nhập để nộp hồ sơ trực tuyến.",
                                             "Không thấy thư? Kiểm tra hộp thư rác, hoặc yêu cầu gửi lại."],
                                     links: [("Gửi lại thư xác thực", "/gui-lai-xac-thuc"), ("Đăng nhập", "/dang-nhap")], status: .created)
        } catch let error as AppError {
            form.password = nil
            let page = RegisterPage(page: PageContext(req, forms: true), form: form, error: error.message)
            return try await req.view.render("Citizens/register", page).encodeResponse(status: error.status, for: req)
        }
    }

    // MARK: verification

    @Sendable func verify(req: Request) async throws -> Response {
        let user = try await CitizenRegistration.verify(token: req.parameters.get("token") ?? "", request: req)
        return try await message(req, title: "Đã xác thực thư điện tử",
                                 lines: ["Cảm ơn \(user.fullName). Địa chỉ \(user.email ?? user.username) đã được xác thực.",
                                         "Bạn có thể đăng nhập và nộp hồ sơ trực tuyến ngay bây giờ."],
                                 links: [("Đăng nhập", "/dang-nhap?next=%2Fho-so-cua-toi")], status: .ok)
    }

    struct EmailForm: Content { var email: String? }
    struct EmailPage: Encodable {
        let title: String
        let page: PageContext
        let action: String
        let intro: String
        let button: String
        let email: String
        let error: String?
    }

    @Sendable func resendForm(req: Request) async throws -> View {
        try await req.view.render("Citizens/email-form", resendPage(req, email: "", error: nil))
    }

    private func resendPage(_ req: Request, email: String, error: String?) -> EmailPage {
        EmailPage(title: "Gửi lại thư xác thực", page: PageContext(req, forms: true), action: "/gui-lai-xac-thuc",
                  intro: "Nhập địa chỉ thư điện tử đã đăng ký; nếu tài khoản chưa được xác thực, chúng tôi gửi một liên kết mới (hiệu lực 24 giờ).",
                  button: "Gửi lại thư", email: email, error: error)
    }

    @Sendable func resend(req: Request) async throws -> Response {
        let form = try req.content.decode(EmailForm.self)
        do {
            try AccountRateLimit.admit(req)
            try await CitizenRegistration.resendVerification(email: form.email ?? "", request: req)
        } catch let error as AppError {
            return try await req.view.render("Citizens/email-form", resendPage(req, email: form.email ?? "", error: error.message))
                .encodeResponse(status: error.status, for: req)
        }
        return try await message(req, title: "Đã gửi yêu cầu",
                                 lines: ["Nếu \(form.email ?? "") là địa chỉ của một tài khoản chưa xác thực, thư xác thực mới đã được gửi tới đó."],
                                 links: [("Đăng nhập", "/dang-nhap")], status: .ok)
    }

    // MARK: forgotten password

    private func forgotPage(_ req: Request, email: String, error: String?) -> EmailPage {
        EmailPage(title: "Quên mật khẩu", page: PageContext(req, forms: true), action: "/quen-mat-khau",
                  intro: "Nhập địa chỉ thư điện tử của tài khoản công dân. Chúng tôi gửi một liên kết đặt lại mật khẩu, dùng được một lần trong 1 giờ. (Cán bộ, công chức: liên hệ quản trị viên của cơ quan.)",
                  button: "Gửi liên kết đặt lại", email: email, error: error)
    }

    @Sendable func forgotForm(req: Request) async throws -> View {
        try await req.view.render("Citizens/email-form", forgotPage(req, email: "", error: nil))
    }

    @Sendable func forgot(req: Request) async throws -> Response {
        let form = try req.content.decode(EmailForm.self)
        do {
            try AccountRateLimit.admit(req)
            try await PasswordReset.request(email: form.email ?? "", request: req)
        } catch let error as AppError {
            return try await req.view.render("Citizens/email-form", forgotPage(req, email: form.email ?? "", error: error.message))
                .encodeResponse(status: error.status, for: req)
        }
        return try await message(req, title: "Kiểm tra hộp thư của bạn",
                                 lines: ["Nếu \(form.email ?? "") là địa chỉ của một tài khoản công dân, thư có liên kết đặt lại mật khẩu đã được gửi tới đó (hiệu lực 1 giờ)."],
                                 links: [("Đăng nhập", "/dang-nhap")], status: .ok)
    }

    struct PasswordPage: Encodable {
        let title: String
        let page: PageContext
        let action: String
        let asksCurrent: Bool
        let minPassword: Int
        let error: String?
    }

    struct PasswordForm: Content { var current: String?; var password: String?; var confirm: String? }

    @Sendable func resetForm(req: Request) async throws -> View {
        try await req.view.render("Citizens/password", resetPage(req, error: nil))
    }

    private func resetPage(_ req: Request, error: String?) -> PasswordPage {
        let token = req.parameters.get("token") ?? ""
        let safe = token.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" } ? token : ""
        return PasswordPage(title: "Đặt lại mật khẩu", page: PageContext(req, forms: true), action: "/dat-lai-mat-khau/\(safe)",
                            asksCurrent: false, minPassword: PasswordPolicy.citizenMinCharacters, error: error)
    }

    @Sendable func reset(req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        do {
            try Self.confirmMatches(form)
            _ = try await PasswordReset.complete(token: req.parameters.get("token") ?? "", password: form.password ?? "", request: req)
        } catch let error as AppError {
            return try await req.view.render("Citizens/password", resetPage(req, error: error.message)).encodeResponse(status: error.status, for: req)
        }
        return req.redirect(to: "/dang-nhap", notice: "Đã đặt lại mật khẩu. Vui lòng đăng nhập bằng mật khẩu mới.")
    }

    // MARK: change of password (any signed-in account)

    @Sendable func changeForm(req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/dang-nhap?next=%2Fdoi-mat-khau") }
        return try await req.view.render("Citizens/password", changePage(req, user: user, error: nil)).encodeResponse(for: req)
    }

    private func changePage(_ req: Request, user: User, error: String?) -> PasswordPage {
        PasswordPage(title: "Đổi mật khẩu", page: PageContext(req, forms: true), action: "/doi-mat-khau", asksCurrent: true,
                     minPassword: user.isCitizen ? PasswordPolicy.citizenMinCharacters : PasswordPolicy.minCharacters, error: error)
    }

    @Sendable func change(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PasswordForm.self)
        do {
            // The same throttled check as the login form: a stolen session cannot guess the password here either.
            _ = try await LoginService.verify(username: user.username, password: form.current ?? "", request: req)
            try Self.confirmMatches(form)
            let password = form.password ?? ""
            try PasswordPolicy.check(password, for: user)
            let hash = try await req.password.async.hash(password)
            try await req.writeTransaction { db in
                guard let stored = try await User.find(user.requireID(), on: db) else { throw AppError.unauthorized }
                try await PasswordReset.setPassword(hash, for: stored, on: db)
            }
            user.passwordHash = hash
        } catch let error as AppError {
            let shown = error.code == LoginService.wrongCredentials.code
                ? AppError(.unprocessableEntity, "wrong_current_password", "Mật khẩu hiện tại không đúng.") : error
            return try await req.view.render("Citizens/password", changePage(req, user: user, error: shown.message))
                .encodeResponse(status: shown.status, for: req)
        }
        try await WebAuthController.renewSession(req)
        req.auth.login(user)
        req.session.authenticate(user)
        return req.redirect(to: WebAuthController.home(for: user), notice: "Đã đổi mật khẩu.")
    }

    static func confirmMatches(_ form: PasswordForm) throws {
        guard let password = form.password, !password.isEmpty else {
            throw AppError(.unprocessableEntity, "missing_password", "Vui lòng nhập mật khẩu mới.")
        }
        guard password == form.confirm else {
            throw AppError(.unprocessableEntity, "password_mismatch", "Hai lần nhập mật khẩu mới không giống nhau.")
        }
    }

    // MARK: shared

    struct MessagePage: Encodable {
        struct Link: Encodable { let label: String; let href: String }
        let title: String
        let page: PageContext
        let lines: [String]
        let links: [Link]
    }

    private func message(_ req: Request, title: String, lines: [String], links: [(String, String)], status: HTTPStatus) async throws -> Response {
        let page = MessagePage(title: title, page: PageContext(req), lines: lines, links: links.map { MessagePage.Link(label: $0.0, href: $0.1) })
        return try await req.view.render("Citizens/message", page).encodeResponse(status: status, for: req)
    }
}
