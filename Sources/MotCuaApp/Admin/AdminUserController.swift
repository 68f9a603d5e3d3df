import Fluent
import Vapor

struct AdminUserController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("nguoi-dung", use: list)
        routes.post("nguoi-dung", use: create)
        routes.post("nguoi-dung", ":username", "mo-khoa", use: unlock)
        routes.post("nguoi-dung", ":username", "kich-hoat", use: toggleActive)
    }

    struct Row: Encodable {
        let username: String; let fullName: String; let roles: String; let agency: String
        let isActive: Bool; let isLocked: Bool
    }
    struct CreateForm: Content {
        var username: String?; var fullName: String?; var password: String?; var agency: String?; var email: String?
        var roles: [String]?
    }
    struct ListPage: Encodable {
        let title = "Quản lý người dùng"
        let page: PageContext
        let rows: [Row]
        let metadata: PageMetadata
        let pager: Pager
        let q: String
        let agencies: [SelectOption]
        let roles: [SelectOption]
        let form: CreateForm
        let error: String?
        let notice: String?
    }

    @Sendable func list(req: Request) async throws -> View {
        try await render(req, form: CreateForm(), error: nil, notice: req.takeNotice())
    }

    func render(_ req: Request, form: CreateForm, error: String?, notice: String?) async throws -> View {
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let query = User.query(on: req.db).with(\.$agency).sort(\.$username)
        if !q.isEmpty {
            query.group(.or) { $0.filter(\.$username ~~ q.lowercased()).filter(\.$fullName ~~ q) }
        }
        let result = try await query.page(try Paging(req, defaultPer: 25))
        let waiting = try await LoginThrottle.waiting(result.items.map(\.username), now: req.now, on: req.db)
        let agencies = try await Agency.query(on: req.db).sort(\.$path).all()
        return try await req.view.render("Admin/users", ListPage(
            page: PageContext(req),
            rows: result.items.map { Row(username: $0.username, fullName: $0.fullName, roles: $0.roles.map(\.label).joined(separator: ", "),
                                          agency: $0.agency?.name ?? "—", isActive: $0.isActive, isLocked: waiting.contains($0.username)) },
            metadata: result.metadata, pager: Pager(result.metadata, request: req), q: q,
            agencies: agencies.map { SelectOption(value: $0.code, label: $0.indentedName, selected: form.agency == $0.code) },
            roles: Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: form.roles?.contains($0.rawValue) ?? false) },
            form: CreateForm(username: form.username, fullName: form.fullName, password: nil, agency: form.agency, email: form.email, roles: form.roles),
            error: error, notice: notice))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CreateForm.self)
        do {
            let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard username.range(of: "^[a-z0-9._-]{3,32}$", options: .regularExpression) != nil else {
                throw AppError.badRequest("invalid_username", "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.")
            }
            guard let fullName = try TextInput.clean(form.fullName, TextInput.personName) else { throw AppError.badRequest("missing_name", "Vui lòng nhập họ và tên.") }
            let email = try TextInput.clean(form.email, TextInput.email)
            let password = form.password ?? ""
            guard password.count >= 8, password.utf8.count <= 1_024 else { throw AppError.badRequest("weak_password", "Mật khẩu cần từ 8 đến 1.024 ký tự.") }
            let roles = (form.roles ?? []).compactMap(Role.init(rawValue:))
            guard !roles.isEmpty else { throw AppError.badRequest("missing_roles", "Vui lòng chọn ít nhất một vai trò.") }
            var agencyID: UUID? = nil
            if let code = form.agency, !code.isEmpty {
                guard let agency = try await Agency.find(code: code, on: req.db) else {
                    throw AppError.badRequest("unknown_agency", "Cơ quan “\(code)” không tồn tại.")
                }
                agencyID = agency.id
            } else if roles.contains(where: { $0 != .citizen }) {
                throw AppError.badRequest("missing_agency", "Cán bộ phải thuộc một cơ quan: vui lòng chọn cơ quan.")
            }
            if try await User.query(on: req.db).filter(\.$username == username).first() != nil {
                throw AppError(.conflict, "duplicate_username", "Tên đăng nhập “\(username)” đã tồn tại.")
            }
            let hash = try await req.password.async.hash(password)
            try await User(username: username, passwordHash: hash, fullName: fullName, roles: roles, agencyID: agencyID,
                           email: email).create(on: req.db)
            return req.redirect(to: "/quan-tri/nguoi-dung", notice: "Đã tạo tài khoản \(username).")
        } catch let error as AppError {
            return try await render(req, form: form, error: error.message, notice: nil).encodeResponse(status: error.status, for: req)
        }
    }

    private func user(_ req: Request) async throws -> User {
        let username = req.parameters.get("username") ?? ""
        guard let user = try await User.query(on: req.db).filter(\.$username == username).first() else {
            throw AppError.notFound("Không tìm thấy tài khoản “\(username)”.")
        }
        return user
    }

    @Sendable func unlock(req: Request) async throws -> Response {
        let user = try await user(req)
        try await LoginThrottle.clear(username: user.username, on: req.db)
        return req.redirect(to: "/quan-tri/nguoi-dung", notice: "Đã mở khóa \(user.username).")
    }

    @Sendable func toggleActive(req: Request) async throws -> Response {
        let user = try await user(req)
        let me = try req.requireUser()
        guard user.id != me.id else { throw AppError.badRequest("self_disable", "Bạn không thể tự vô hiệu hóa tài khoản của mình.") }
        user.isActive.toggle()
        try await user.save(on: req.db)
        let verb = user.isActive ? "Đã kích hoạt lại" : "Đã vô hiệu hóa"
        return req.redirect(to: "/quan-tri/nguoi-dung", notice: "\(verb) \(user.username).")
    }
}
