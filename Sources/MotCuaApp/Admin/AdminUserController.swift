import Fluent
import SQLKit
import Vapor

struct AdminUserController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("nguoi-dung", use: list)
        routes.post("nguoi-dung", use: create)
        routes.get("nguoi-dung", ":username", use: edit)
        routes.post("nguoi-dung", ":username", use: update)
        routes.post("nguoi-dung", ":username", "mat-khau", use: resetPassword)
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
        return try await req.view.render("Admin/users", ListPage(
            page: PageContext(req),
            rows: result.items.map { Row(username: $0.username, fullName: $0.fullName, roles: $0.roles.map(\.label).joined(separator: ", "),
                                          agency: $0.agency?.name ?? "—", isActive: $0.isActive, isLocked: waiting.contains($0.username)) },
            metadata: result.metadata, pager: Pager(result.metadata, request: req), q: q,
            agencies: try await Self.agencyOptions(selected: form.agency, on: req.db),
            roles: Self.roleOptions(selected: form.roles ?? []),
            form: CreateForm(username: form.username, fullName: form.fullName, password: nil, agency: form.agency, email: form.email, roles: form.roles),
            error: error, notice: notice))
    }

    static func agencyOptions(selected: String?, on db: Database) async throws -> [SelectOption] {
        try await Agency.query(on: db).sort(\.$path).all().map { SelectOption(value: $0.code, label: $0.indentedName, selected: selected == $0.code) }
    }

    static func roleOptions(selected: [String]) -> [SelectOption] {
        Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: selected.contains($0.rawValue)) }
    }

    /// Roles and agency as both forms check them: at least one known role; officers belong to an agency.
    static func rolesAndAgency(roles rawRoles: [String]?, agency code: String?, on db: Database) async throws -> (roles: [Role], agency: Agency?) {
        var roles: [Role] = []
        for raw in (rawRoles ?? []).prefix(Role.allCases.count + 1) {
            guard let role = Role(rawValue: raw) else {
                throw AppError(.unprocessableEntity, "unknown_role", "Vai trò “\(AuditChanges.shorten(raw, to: 40))” không tồn tại.")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        guard !roles.isEmpty else { throw AppError(.unprocessableEntity, "missing_roles", "Vui lòng chọn ít nhất một vai trò.") }
        // A citizen's account and an officer's never merge: whoever files dossiers must not also decide them.
        if roles.contains(.citizen), roles.count > 1 {
            throw AppError(.unprocessableEntity, "citizen_role_exclusive",
                           "Tài khoản công dân không được kiêm vai trò của cán bộ; công dân tự đăng ký tài khoản trên cổng dịch vụ công.")
        }
        var agency: Agency? = nil
        if let code, !code.isEmpty {
            agency = try await Agency.find(code: code, on: db)
            guard agency != nil else {
                throw AppError(.unprocessableEntity, "unknown_agency", "Cơ quan “\(AuditChanges.shorten(code, to: 40))” không tồn tại.")
            }
        } else if roles.contains(where: { $0 != .citizen }) {
            throw AppError(.unprocessableEntity, "missing_agency", "Cán bộ phải thuộc một cơ quan: vui lòng chọn cơ quan.")
        }
        if roles.contains(.citizen), agency != nil {
            throw AppError(.unprocessableEntity, "citizen_without_agency", "Tài khoản công dân không thuộc cơ quan nào: vui lòng bỏ chọn cơ quan.")
        }
        return (roles, agency)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CreateForm.self)
        do {
            let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard username.range(of: "^[a-z0-9._-]{3,32}$", options: .regularExpression) != nil else {
                throw AppError.badRequest("invalid_username", "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.")
            }
            var checks = TextInput.Checks()
            let fullName = checks.clean(form.fullName, TextInput.personName)
            let email = checks.clean(form.email, TextInput.email)
            try checks.finish()
            guard let fullName else { throw AppError(.unprocessableEntity, "missing_name", "Vui lòng nhập họ và tên.") }
            let password = form.password ?? ""
            try PasswordPolicy.check(password)
            let (roles, agency) = try await Self.rolesAndAgency(roles: form.roles, agency: form.agency, on: req.db)
            if try await User.query(on: req.db).filter(\.$username == username).first() != nil {
                throw AppError(.conflict, "duplicate_username", "Tên đăng nhập “\(username)” đã tồn tại.")
            }
            let hash = try await req.password.async.hash(password)
            let user = User(username: username, passwordHash: hash, fullName: fullName, roles: roles, agencyID: agency?.id, email: email)
            let summary = Self.describe(user, agency: agency)
            try await req.writeTransaction { db in
                try await user.create(on: db)
                try await req.audit(.userCreate, target: username, summary, on: db)
            }
            return req.redirect(to: "/quan-tri/nguoi-dung", notice: "Đã tạo tài khoản \(username).")
        } catch let error as AppError {
            return try await render(req, form: form, error: error.message, notice: nil).encodeResponse(status: error.status, for: req)
        }
    }

    static func describe(_ user: User, agency: Agency?) -> String {
        var parts = ["Họ và tên: \(AuditChanges.quoted(user.fullName))", "Vai trò: \(user.roles.map(\.label).joined(separator: ", "))",
                     "Cơ quan: \(agency.map { "\($0.name) (\($0.code))" } ?? "(không)")"]
        if let email = user.email { parts.append("Thư điện tử: \(AuditChanges.quoted(email))") }
        return parts.joined(separator: "; ")
    }

    private func user(_ req: Request) async throws -> User {
        let username = req.parameters.get("username") ?? ""
        guard username.utf8.count <= 64, let user = try await User.query(on: req.db).filter(\.$username == username).with(\.$agency).first() else {
            throw AppError.notFound("Không tìm thấy tài khoản “\(AuditChanges.shorten(username, to: 64))”.")
        }
        return user
    }

    // MARK: - Edit page

    struct EditForm: Content {
        var fullName: String?; var email: String?; var agency: String?; var roles: [String]?; var isActive: String?
    }
    struct EditPage: Encodable {
        let title: String
        let page: PageContext
        let username: String
        let isSelf: Bool
        let isLocked: Bool
        let createdAt: String?
        let form: EditForm
        let agencies: [SelectOption]
        let roles: [SelectOption]
        let error: String?
        let notice: String?
        let passwordError: String?
        let generatedPassword: String?
    }

    func renderEdit(_ req: Request, user: User, form: EditForm? = nil, error: String? = nil, notice: String? = nil,
                    passwordError: String? = nil, generatedPassword: String? = nil) async throws -> View {
        let form = form ?? EditForm(fullName: user.fullName, email: user.email, agency: user.agency?.code,
                                    roles: user.roles.map(\.rawValue), isActive: user.isActive ? "on" : nil)
        let isLocked = try await LoginThrottle.waiting([user.username], now: req.now, on: req.db).contains(user.username)
        return try await req.view.render("Admin/user-edit", EditPage(
            title: "Tài khoản \(user.username)", page: PageContext(req), username: user.username,
            isSelf: user.id == req.auth.get(User.self)?.id, isLocked: isLocked,
            createdAt: user.createdAt.map(VietnameseFormat.dateTime), form: form,
            agencies: try await Self.agencyOptions(selected: form.agency, on: req.db), roles: Self.roleOptions(selected: form.roles ?? []),
            error: error, notice: notice, passwordError: passwordError, generatedPassword: generatedPassword))
    }

    @Sendable func edit(req: Request) async throws -> View {
        let user = try await user(req)
        return try await renderEdit(req, user: user, notice: req.takeNotice())
    }

    @Sendable func update(req: Request) async throws -> Response {
        let user = try await user(req)
        let me = try req.requireUser()
        let form = try req.content.decode(EditForm.self)
        do {
            var checks = TextInput.Checks()
            let fullName = checks.clean(form.fullName, TextInput.personName)
            let email = checks.clean(form.email, TextInput.email)
            try checks.finish()
            guard let fullName else { throw AppError(.unprocessableEntity, "missing_name", "Vui lòng nhập họ và tên.") }
            let (roles, agency) = try await Self.rolesAndAgency(roles: form.roles, agency: form.agency, on: req.db)
            let isActive = form.isActive != nil
            if user.isCitizen != roles.contains(.citizen) {
                throw AppError(.unprocessableEntity, "citizen_role_exclusive",
                               "Không thể đổi tài khoản công dân thành tài khoản cán bộ (hay ngược lại); hãy tạo một tài khoản riêng.")
            }
            if user.id == me.id {
                guard roles.contains(.administrator) else {
                    throw AppError(.conflict, "self_demotion",
                                   "Bạn không thể bỏ vai trò Quản trị hệ thống của chính mình: hãy nhờ một quản trị viên khác làm việc này.")
                }
                guard isActive else {
                    throw AppError(.conflict, "self_disable", "Bạn không thể tự vô hiệu hóa tài khoản của mình.")
                }
            }
            var changes = AuditChanges()
            changes.field("Họ và tên", user.fullName, fullName)
            changes.field("Thư điện tử", user.email ?? "", email ?? "")
            changes.field("Cơ quan", user.agency.map { "\($0.name) (\($0.code))" } ?? "", agency.map { "\($0.name) (\($0.code))" } ?? "")
            changes.field("Vai trò", user.roles.map(\.label).joined(separator: ", "), roles.map(\.label).joined(separator: ", "))
            changes.field("Trạng thái", user.isActive, isActive, yes: "hoạt động", no: "vô hiệu hóa")
            guard !changes.isEmpty else {
                return req.redirect(to: "/quan-tri/nguoi-dung/\(user.username)", notice: "Không có thay đổi nào để lưu.")
            }
            let deactivated = user.isActive && !isActive
            user.fullName = fullName
            user.email = email
            user.$agency.id = agency?.id
            user.roles = roles
            user.isActive = isActive
            let userID = try user.requireID()
            let summary = changes
            try await req.writeTransaction { db in
                var summary = summary
                try await user.save(on: db)
                if deactivated { summary.add(try await Self.endAccess(of: userID, keepingSession: nil, on: db)) }
                try await req.audit(.userUpdate, target: user.username, summary.summary, on: db)
            }
            return req.redirect(to: "/quan-tri/nguoi-dung/\(user.username)", notice: "Đã lưu tài khoản \(user.username).")
        } catch let error as AppError {
            return try await renderEdit(req, user: user, form: form, error: error.message).encodeResponse(status: error.status, for: req)
        }
    }

    /// Ends a user's API tokens and browser sessions (but `keepingSession`, the administrator's own when they reset
    /// their own password). Returns the sentence for the audit line.
    static func endAccess(of userID: UUID, keepingSession: String?, on db: Database) async throws -> String {
        let tokens = try await ApiToken.query(on: db).filter(\.$user.$id == userID).count()
        try await ApiToken.query(on: db).filter(\.$user.$id == userID).delete()
        if let sql = db as? SQLDatabase {
            // The session stores the user's id as text inside its JSON data (`_UserSession`).
            let pattern = "%\"" + userID.uuidString + "\"%"
            if let keep = keepingSession {
                try await sql.raw("DELETE FROM \(ident: SessionRecord.schema) WHERE CAST(\(ident: "data") AS TEXT) LIKE \(bind: pattern) AND \(ident: "key") <> \(bind: keep)").run()
            } else {
                try await sql.raw("DELETE FROM \(ident: SessionRecord.schema) WHERE CAST(\(ident: "data") AS TEXT) LIKE \(bind: pattern)").run()
            }
        }
        return tokens == 0 ? "đã đăng xuất mọi phiên" : "đã đăng xuất mọi phiên và thu hồi \(tokens) mã truy cập API"
    }

    // MARK: - Password

    struct PasswordForm: Content { var mode: String?; var password: String?; var confirm: String? }

    @Sendable func resetPassword(req: Request) async throws -> Response {
        let user = try await user(req)
        let form = try req.content.decode(PasswordForm.self)
        let generated = form.mode == "generate"
        let password: String
        if generated {
            password = PasswordPolicy.generate()
        } else {
            password = form.password ?? ""
            do {
                try PasswordPolicy.check(password)
                guard password == (form.confirm ?? "") else {
                    throw AppError(.unprocessableEntity, "password_mismatch", "Hai lần nhập mật khẩu mới không khớp nhau. Vui lòng nhập lại.")
                }
            } catch let error as AppError {
                return try await renderEdit(req, user: user, passwordError: error.message).encodeResponse(status: error.status, for: req)
            }
        }
        let hash = try await req.password.async.hash(password)
        let userID = try user.requireID()
        let isSelf = userID == req.auth.get(User.self)?.id
        let keep = isSelf ? req.session.id?.string : nil
        user.passwordHash = hash
        try await req.writeTransaction { db in
            try await user.save(on: db)
            let ended = try await Self.endAccess(of: userID, keepingSession: keep, on: db)
            try await req.audit(.userPassword, target: user.username,
                                (generated ? "Tạo mật khẩu ngẫu nhiên" : "Đặt mật khẩu mới") + "; " + ended, on: db)
        }
        let notice = "Đã đặt lại mật khẩu của \(user.username). Các phiên đăng nhập và mã truy cập API cũ của tài khoản đã bị hủy."
        guard generated else {
            return req.redirect(to: "/quan-tri/nguoi-dung/\(user.username)", notice: notice)
        }
        // Shown once, on this answer only: never stored, never in the session, never cached.
        let response = try await renderEdit(req, user: user, notice: notice, generatedPassword: password).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: - List actions

    @Sendable func unlock(req: Request) async throws -> Response {
        let user = try await user(req)
        try await req.writeTransaction { db in
            try await LoginThrottle.clear(username: user.username, on: db)
            try await req.audit(.userUnlock, target: user.username, "Xóa thời gian chờ đăng nhập sau nhiều lần nhập sai", on: db)
        }
        return req.redirect(to: Self.back(req, user), notice: "Đã mở khóa \(user.username).")
    }

    @Sendable func toggleActive(req: Request) async throws -> Response {
        let user = try await user(req)
        let me = try req.requireUser()
        guard user.id != me.id else { throw AppError(.conflict, "self_disable", "Bạn không thể tự vô hiệu hóa tài khoản của mình.") }
        user.isActive.toggle()
        let userID = try user.requireID()
        try await req.writeTransaction { db in
            try await user.save(on: db)
            if user.isActive {
                try await req.audit(.userEnable, target: user.username, "Trạng thái: vô hiệu hóa → hoạt động", on: db)
            } else {
                let ended = try await Self.endAccess(of: userID, keepingSession: nil, on: db)
                try await req.audit(.userDisable, target: user.username, "Trạng thái: hoạt động → vô hiệu hóa; " + ended, on: db)
            }
        }
        let verb = user.isActive ? "Đã kích hoạt lại" : "Đã vô hiệu hóa"
        return req.redirect(to: Self.back(req, user), notice: "\(verb) \(user.username).")
    }

    /// List actions return to the list, or to the user's page when they were made there (`?tu=trang`).
    static func back(_ req: Request, _ user: User) -> String {
        req.query[String.self, at: "tu"] == "trang" ? "/quan-tri/nguoi-dung/\(user.username)" : "/quan-tri/nguoi-dung"
    }
}
