import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A fixed-window counter per client: at most `limit` requests in each clock minute.
///
/// The state lives in this process only. That is acceptable for a rate limiter: its job is to
/// keep one client from hammering the public lookup, not to account exactly; with several nodes
/// behind a balancer a client gets at most `limit` per node, which is still bounded.
/// Windows are aligned to the minute, so when the minute turns every stored counter is stale and
/// the whole table is dropped at once: memory never holds more than one minute's clients, and
/// `maxClients` bounds even that (beyond it, new clients share one overflow counter).
final class RateLimiter: Sendable {
    enum Decision: Equatable {
        case allowed
        /// Seconds until the current window ends.
        case limited(retryAfter: Int)
    }

    private struct State {
        var window: Int64 = .min
        var counts: [String: Int] = [:]
    }

    static let windowSeconds: Int64 = 60
    static let overflowKey = "\u{0}overflow"

    private let state = NIOLockedValueBox(State())
    let maxClients: Int

    init(maxClients: Int = 100_000) {
        self.maxClients = maxClients
    }

    func admit(_ client: String, limit: Int, now: Date) -> Decision {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let window = seconds / Self.windowSeconds
        return state.withLockedValue { state in
            if state.window != window {
                state.window = window
                state.counts.removeAll(keepingCapacity: true)
            }
            var key = client
            if state.counts[key] == nil, state.counts.count >= maxClients { key = Self.overflowKey }
            let count = state.counts[key, default: 0]
            guard count < limit else {
                return .limited(retryAfter: Int((window + 1) * Self.windowSeconds - seconds))
            }
            state.counts[key] = count + 1
            return .allowed
        }
    }

    /// Clients tracked in the current window (for tests of the memory bound).
    var trackedClients: Int { state.withLockedValue { $0.counts.count } }
}

/// Applies a `RateLimiter` to a group of routes; the limit is read per request from the settings,
/// so an operator (or a test) can change it without rebuilding the routes.
struct RateLimitMiddleware: AsyncMiddleware {
    let limiter: RateLimiter

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let settings = request.application.settings
        let limit = settings.lookupRateLimitPerMinute
        // The peer address, or what a trusted proxy says: a header any client can forge must not choose its own bucket.
        let client = request.clientAddress(trusting: settings.trustedProxies)
        // The injectable clock: tests pinning it cannot straddle a window boundary by bad luck.
        switch limiter.admit(client, limit: limit, now: request.now) {
        case .allowed:
            return try await next.respond(to: request)
        case .limited(let retryAfter):
            let error = AppError(.tooManyRequests, "rate_limited",
                                 "Bạn đã tra cứu quá \(limit) lần trong một phút. Vui lòng đợi khoảng \(retryAfter) giây rồi thử lại.")
            let response = ErrorRendering.wantsJSON(request)
                ? ErrorRendering.jsonResponse(error)
                : try await ErrorRendering.htmlResponse(error, request: request)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            return response
        }
    }
}
