import Fluent
import Vapor

/// Checks a username and password. Known and unknown accounts get the same answers at the same cost, and
/// guessing is slowed by `LoginThrottle`'s back-off rather than stopped by a lock an attacker could trigger.
enum LoginService {
    static func verify(username rawUsername: String, password: String, request: Request) async throws -> User {
        let username = rawUsername.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !username.isEmpty, !password.isEmpty else {
            throw AppError(.badRequest, "missing_credentials", "Vui lòng nhập tên đăng nhập và mật khẩu.")
        }
        // bcrypt reads at most 72 bytes; a longer password or name is never valid and must not cost more.
        guard username.utf8.count <= LoginThrottle.maxUsernameBytes, password.utf8.count <= 1_024 else {
            throw wrongCredentials
        }
        let now = request.now
        let attempt = LoginThrottle.Attempt(username: username, address: request.clientAddress)
        try await LoginThrottle.admit(attempt, now: now, on: request.db)

        let user = try await User.query(on: request.db).filter(\.$username == username).first()
        // Unknown names pay the same bcrypt as known ones: the time of the answer reveals nothing.
        let matches = (try? await request.password.async.verify(password, created: user?.passwordHash ?? dummyHash)) ?? false
        guard let user, matches else { throw wrongCredentials }
        try await LoginThrottle.succeeded(attempt, now: now, on: request.db)
        // Told only to whoever knows the password.
        guard user.isActive else {
            throw AppError(.forbidden, "account_disabled", "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên của cơ quan.")
        }
        guard !user.isCitizen || user.emailVerifiedAt != nil else {
            throw AppError(.forbidden, "email_not_verified",
                           "Bạn chưa xác thực địa chỉ thư điện tử. Hãy mở liên kết trong thư chúng tôi đã gửi tới \(user.email ?? user.username) (kiểm tra cả hộp thư rác), hoặc yêu cầu gửi lại thư xác thực.")
        }
        return user
    }

    static let wrongCredentials = AppError(.unauthorized, "invalid_credentials",
                                           "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra chế độ gõ tiếng Việt và phím Caps Lock rồi thử lại.")

    /// A valid bcrypt hash of a random string, for constant-time failure on unknown usernames.
    private static let dummyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.2/1lCmNsJ1HCpBG2Fe.P5xT6Hw3u"
}
