import Fluent
import Vapor

/// Checks a username and password, counting failures and locking the account for a while
/// after too many, so that guessing is slow but a forgetful officer is not shut out for good.
enum LoginService {
    static let maxFailures = 5
    static let lockDuration: TimeInterval = 15 * 60

    static func verify(username rawUsername: String, password: String, request: Request) async throws -> User {
        let username = rawUsername.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !username.isEmpty, !password.isEmpty else {
            throw AppError(.badRequest, "missing_credentials", "Vui lòng nhập tên đăng nhập và mật khẩu.")
        }
        let now = request.now
        guard let user = try await User.query(on: request.db).filter(\.$username == username).first() else {
            // Same cost and message as a wrong password: whether an account exists is not revealed.
            _ = try? await request.password.async.verify(password, created: dummyHash)
            throw wrongCredentials
        }
        if let lockedUntil = user.lockedUntil, lockedUntil > now {
            throw lockedError(until: lockedUntil)
        }
        guard user.isActive else {
            throw AppError(.forbidden, "account_disabled", "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên của cơ quan.")
        }
        let matches = (try? await request.password.async.verify(password, created: user.passwordHash)) ?? false
        guard matches else {
            user.failedLogins += 1
            if user.failedLogins >= maxFailures {
                user.lockedUntil = now.addingTimeInterval(lockDuration)
                user.failedLogins = 0
                try await user.save(on: request.db)
                throw lockedError(until: user.lockedUntil!)
            }
            try await user.save(on: request.db)
            let left = maxFailures - user.failedLogins
            throw AppError(.unauthorized, "invalid_credentials",
                           "Tên đăng nhập hoặc mật khẩu không đúng. Còn \(left) lần thử trước khi tài khoản bị tạm khóa.")
        }
        if user.failedLogins != 0 || user.lockedUntil != nil {
            user.failedLogins = 0
            user.lockedUntil = nil
            try await user.save(on: request.db)
        }
        return user
    }

    static let wrongCredentials = AppError(.unauthorized, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.")

    static func lockedError(until: Date) -> AppError {
        AppError(.locked, "account_locked",
                 "Tài khoản tạm khóa do nhập sai mật khẩu \(maxFailures) lần liên tiếp. Vui lòng thử lại sau \(VietnameseFormat.time(until)) hoặc liên hệ quản trị viên để mở khóa.")
    }

    /// A valid bcrypt hash of a random string, for constant-time failure on unknown usernames.
    private static let dummyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.2/1lCmNsJ1HCpBG2Fe.P5xT6Hw3u"
}
