import Fluent
import Vapor
import SQLKit

/// A link sent by e-mail that proves the reader owns the address: verification (24 h) or password reset (1 h).
/// Single use; only the SHA-256 of the token is stored, so a leaked database holds no usable link.
final class AccountToken: Model, @unchecked Sendable {
    static let schema = "account_tokens"

    enum Purpose: String, Sendable {
        case verifyEmail = "verify-email"
        case resetPassword = "reset-password"

        var lifetime: TimeInterval {
            switch self {
            case .verifyEmail: return 24 * 3600
            case .resetPassword: return 3600
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var properties: [any AnyProperty] { [$id, $user, $purpose, $tokenHash, $expiresAt, $usedAt, $createdAt] }

    /// A new token for `user`, saved on `db`; returns the value to put in the link (never stored).
    static func issue(_ purpose: Purpose, for userID: UUID, now: Date, on db: Database) async throws -> String {
        let value = ApiToken.generateValue()
        let token = AccountToken()
        token.$user.id = userID
        token.purpose = purpose.rawValue
        token.tokenHash = ApiToken.hash(value)
        token.expiresAt = now.addingTimeInterval(purpose.lifetime)
        token.createdAt = now
        try await token.create(on: db)
        return value
    }

    /// Consumes the token in the caller's transaction and returns its account, or says in Vietnamese why it cannot.
    static func redeem(_ value: String, _ purpose: Purpose, now: Date, on db: Database) async throws -> User {
        let cleaned = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard cleaned.utf8.count <= 128, !cleaned.isEmpty,
              let token = try await AccountToken.query(on: db)
                .filter(\.$tokenHash == ApiToken.hash(cleaned)).filter(\.$purpose == purpose.rawValue).with(\.$user).first()
        else {
            throw AppError(.notFound, "invalid_token",
                           "Liên kết không hợp lệ. Hãy mở đúng liên kết trong thư, hoặc yêu cầu gửi thư mới.")
        }
        guard token.usedAt == nil else {
            throw AppError(.gone, "token_used", "Liên kết này đã được dùng. Mỗi liên kết chỉ dùng được một lần; nếu cần, hãy yêu cầu gửi thư mới.")
        }
        guard token.expiresAt > now else {
            let hours = Int(purpose.lifetime / 3600)
            throw AppError(.gone, "token_expired", "Liên kết đã hết hạn (hiệu lực \(hours) giờ). Vui lòng yêu cầu gửi thư mới.")
        }
        // Claimed by a conditional update: of two clicks at the same instant, only one finds the token unused.
        if let sql = db as? SQLDatabase {
            let claimed = try await sql.raw("UPDATE account_tokens SET used_at = \(bind: now) WHERE id = \(bind: token.requireID()) AND used_at IS NULL RETURNING id").all()
            guard !claimed.isEmpty else {
                throw AppError(.gone, "token_used", "Liên kết này đã được dùng. Mỗi liên kết chỉ dùng được một lần; nếu cần, hãy yêu cầu gửi thư mới.")
            }
        }
        return token.user
    }
}
