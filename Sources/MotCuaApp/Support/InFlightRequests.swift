import NIOConcurrencyHelpers
import Vapor

/// Counts the requests being answered, so that a stopping server lets them finish before the databases close.
/// Without it, a request still running when SIGTERM arrives finds no database and the process crashes
/// (Fluent's `Request.db` unwraps the closed database), answering nobody and logging a backtrace.
final class InFlightRequests: AsyncMiddleware, LifecycleHandler {
    private let running = NIOLockedValueBox(0)
    private let patience: Duration

    init(patience: Duration = .seconds(10)) { self.patience = patience }

    var count: Int { running.withLockedValue { $0 } }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        running.withLockedValue { $0 += 1 }
        defer { running.withLockedValue { $0 -= 1 } }
        return try await next.respond(to: request)
    }

    /// Runs before the databases are shut down (Vapor shuts lifecycle handlers down before clearing storage).
    func shutdownAsync(_ application: Application) async {
        let deadline = ContinuousClock.now + patience
        while count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if count > 0 {
            application.logger.warning("Dừng máy chủ khi còn \(count) yêu cầu chưa xong sau \(patience).")
        }
    }
}
