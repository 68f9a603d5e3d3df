import Fluent
import Vapor

/// "Quên mật khẩu": a single-use link valid one hour, sent only to a citizen's verified-or-not own address; the
/// answer is the same whether or not the address has an account. Officers' passwords are reset by an administrator.
enum PasswordReset {
    static func request(email raw: String, request req: Request) async throws {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !email.isEmpty, email.utf8.count <= 254 else { return }
        let now = req.now
        let link: @Sendable (String) -> String = { [req] token in req.publicURL("/dat-lai-mat-khau/\(token)") }
        try await req.writeTransaction { db in
            guard let user = try await User.query(on: db).filter(\.$username == email).first(), user.isCitizen, user.isActive else { return }
            let token = try await AccountToken.issue(.resetPassword, for: user.requireID(), now: now, on: db)
            try await Outbox.enqueue(AccountMail.passwordReset(to: email, name: user.fullName, link: link(token)), on: db, now: now)
        }
    }

    /// Sets the new password; every API token of the account stops working, and the lock-out counter is cleared.
    static func complete(token: String, password: String, request req: Request) async throws -> User {
        try PasswordPolicy.checkForCitizen(password)
        let hash = try await req.password.async.hash(password)
        let now = req.now
        return try await req.writeTransaction { db in
            let user = try await AccountToken.redeem(token, .resetPassword, now: now, on: db)
            try await setPassword(hash, for: user, on: db)
            // Whoever reads the mail owns the address: a reset proves it as well as the verification link.
            if user.emailVerifiedAt == nil { user.emailVerifiedAt = now; try await user.save(on: db) }
            return user
        }
    }

    static func setPassword(_ hash: String, for user: User, on db: Database) async throws {
        user.passwordHash = hash
        user.failedLogins = 0
        user.lockedUntil = nil
        try await user.save(on: db)
        try await ApiToken.query(on: db).filter(\.$user.$id == user.requireID()).delete()
    }
}
