import Vapor

/// Registrations, verification resends and password-reset requests each send an e-mail: one client address may ask
/// for at most `perMinute` of them a minute, so the form cannot be turned into a mail cannon.
extension Application {
    struct AccountLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// Set once in `configure`, before any request (storage is not for writing from concurrent requests).
    var accountMailLimiter: RateLimiter? { storage[AccountLimiterKey.self] }
}

enum AccountRateLimit {
    static let perMinute = 20

    static func admit(_ req: Request) throws {
        let client = req.clientAddress(trusting: req.application.settings.trustedProxies)
        guard let limiter = req.application.accountMailLimiter else { return }
        if case .limited(let retryAfter) = limiter.admit(client, limit: perMinute, now: req.now) {
            throw AppError(.tooManyRequests, "rate_limited",
                           "Bạn đã gửi quá nhiều yêu cầu trong một phút. Vui lòng đợi khoảng \(retryAfter) giây rồi thử lại.",
                           retryAfter: retryAfter)
        }
    }
}
