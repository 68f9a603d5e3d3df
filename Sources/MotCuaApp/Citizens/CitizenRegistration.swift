import Fluent
import Vapor
import MotCuaCore

/// Opens a citizen's account: validated like an applicant at the counter (name, CCCD, mobile, e-mail all required),
/// one account per CCCD and per e-mail, and a verification link mailed in the same transaction.
enum CitizenRegistration {
    struct Input: Content {
        var fullName: String?
        var idNumber: String?
        var phone: String?
        var email: String?
        var password: String?
    }

    struct Created: Content {
        let username: String
        let emailVerified: Bool
    }

    static func register(_ input: Input, request req: Request) async throws -> User {
        var missing: [String] = []
        if (input.fullName ?? "").trimmingCharacters(in: .whitespaces).isEmpty { missing.append("họ và tên") }
        if (input.idNumber ?? "").trimmingCharacters(in: .whitespaces).isEmpty { missing.append("số CCCD") }
        if (input.phone ?? "").trimmingCharacters(in: .whitespaces).isEmpty { missing.append("số điện thoại di động") }
        if (input.email ?? "").trimmingCharacters(in: .whitespaces).isEmpty { missing.append("thư điện tử") }
        if (input.password ?? "").isEmpty { missing.append("mật khẩu") }
        guard missing.isEmpty else {
            throw AppError(.unprocessableEntity, "missing_fields", "Vui lòng nhập đủ: \(missing.joined(separator: ", ")).")
        }
        let applicant = try ValidatedApplicant(
            IntakeRequest.Applicant(fullName: input.fullName ?? "", idNumber: input.idNumber, phone: input.phone, email: input.email, address: nil),
            currentYear: LocalDate(req.now).year)
        guard let idNumber = applicant.idNumber, let phone = applicant.phone, let rawEmail = applicant.email else {
            throw AppError(.unprocessableEntity, "missing_fields", "Vui lòng nhập đủ số CCCD, số điện thoại và thư điện tử.")
        }
        let email = rawEmail.lowercased()
        guard email.utf8.count <= LoginThrottle.maxUsernameBytes else {
            throw AppError(.unprocessableEntity, "invalid_email", "Địa chỉ thư điện tử quá dài.")
        }
        let password = input.password ?? ""
        try PasswordPolicy.checkForCitizen(password)
        let hash = try await req.password.async.hash(password)
        let now = req.now
        let link: @Sendable (String) -> String = { [req] token in req.publicURL("/xac-thuc-email/\(token)") }

        do {
            return try await req.writeTransaction { db in
                try await ensureUnique(idNumber: idNumber, email: email, on: db)
                let user = User(username: email, passwordHash: hash, fullName: applicant.fullName, roles: [.citizen], agencyID: nil, email: email)
                user.idNumber = idNumber
                user.phone = phone
                try await user.create(on: db)
                let token = try await AccountToken.issue(.verifyEmail, for: user.requireID(), now: now, on: db)
                try await Outbox.enqueue(AccountMail.verification(to: email, name: user.fullName, link: link(token)), on: db, now: now)
                return user
            }
        } catch let error as DatabaseError where error.isConstraintFailure {
            // Two registrations racing past the check: the unique indexes decide, and the loser hears why.
            throw duplicate
        }
    }

    static let duplicate = AppError(.conflict, "account_exists",
                                    "Số CCCD hoặc địa chỉ thư điện tử này đã được dùng để đăng ký một tài khoản. Hãy đăng nhập, hoặc dùng “Quên mật khẩu” nếu bạn không nhớ mật khẩu.")

    private static func ensureUnique(idNumber: String, email: String, on db: Database) async throws {
        if try await User.query(on: db).filter(\.$idNumber == idNumber).first() != nil {
            throw AppError(.conflict, "account_exists",
                           "Số CCCD \(idNumber) đã được dùng để đăng ký một tài khoản. Mỗi người chỉ có một tài khoản; hãy đăng nhập hoặc dùng “Quên mật khẩu”.")
        }
        let sameAddress = try await User.query(on: db).group(.or) { $0.filter(\.$username == email).filter(\.$email == email) }.first()
        if sameAddress != nil {
            throw AppError(.conflict, "account_exists",
                           "Địa chỉ thư điện tử \(email) đã được dùng để đăng ký một tài khoản. Hãy đăng nhập hoặc dùng “Quên mật khẩu”.")
        }
    }

    /// Marks the e-mail verified; the link is single use and valid 24 hours.
    static func verify(token: String, request req: Request) async throws -> User {
        let now = req.now
        return try await req.writeTransaction { db in
            let user = try await AccountToken.redeem(token, .verifyEmail, now: now, on: db)
            if user.emailVerifiedAt == nil {
                user.emailVerifiedAt = now
                try await user.save(on: db)
            }
            return user
        }
    }

    /// A new verification link for an unverified account; silent for unknown or verified addresses (no account probing).
    static func resendVerification(email raw: String, request req: Request) async throws {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !email.isEmpty, email.utf8.count <= 254 else { return }
        let now = req.now
        let link: @Sendable (String) -> String = { [req] token in req.publicURL("/xac-thuc-email/\(token)") }
        try await req.writeTransaction { db in
            guard let user = try await User.query(on: db).filter(\.$username == email).first(),
                  user.isCitizen, user.emailVerifiedAt == nil, user.isActive else { return }
            let token = try await AccountToken.issue(.verifyEmail, for: user.requireID(), now: now, on: db)
            try await Outbox.enqueue(AccountMail.verification(to: email, name: user.fullName, link: link(token)), on: db, now: now)
        }
    }
}
