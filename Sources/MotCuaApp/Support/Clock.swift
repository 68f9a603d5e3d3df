import Vapor
import NIOConcurrencyHelpers

/// The source of "now" for everything the server decides (deadlines, lock-outs, codes), so tests can set it.
final class AppClock: Sendable {
    private let fixed = NIOLockedValueBox<Date?>(nil)

    func now() -> Date { fixed.withLockedValue { $0 } ?? Date() }
    /// Tests pin time; production never calls this.
    func set(_ date: Date?) { fixed.withLockedValue { $0 = date } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }
    var clock: AppClock {
        if let clock = storage[ClockKey.self] { return clock }
        let clock = AppClock()
        storage[ClockKey.self] = clock
        return clock
    }
}

extension Request {
    var now: Date { application.clock.now() }
}
