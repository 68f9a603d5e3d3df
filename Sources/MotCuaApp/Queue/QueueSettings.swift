import Vapor

/// The queue's configuration (environment), read once at start.
struct QueueSettings: Sendable {
    /// Tickets a client address may take per minute at the kiosk (`MOTCUA_KIOSK_RATE_LIMIT`).
    var kioskRateLimitPerMinute = 30
    /// Priority calls in a row at a counter before it takes an ordinary ticket that waits (`MOTCUA_QUEUE_PRIORITY_RUN`).
    var priorityRun = 2
    /// Used for the estimated wait until the day has served tickets to measure.
    var defaultServiceMinutes = 6
    /// Seconds between SSE heartbeat comments.
    var heartbeatSeconds = 15

    static func fromEnvironment() -> QueueSettings {
        var settings = QueueSettings()
        if let value = Environment.get("MOTCUA_KIOSK_RATE_LIMIT"), let n = Int(value), (1...100_000).contains(n) { settings.kioskRateLimitPerMinute = n }
        if let value = Environment.get("MOTCUA_QUEUE_PRIORITY_RUN"), let n = Int(value), (1...1000).contains(n) { settings.priorityRun = n }
        return settings
    }
}

extension Application {
    private struct QueueSettingsKey: StorageKey { typealias Value = QueueSettings }
    var queueSettings: QueueSettings {
        get { storage[QueueSettingsKey.self] ?? QueueSettings() }
        set { storage[QueueSettingsKey.self] = newValue }
    }

    struct KioskLimiterKey: StorageKey { typealias Value = RateLimiter }
    var kioskLimiter: RateLimiter {
        if let limiter = storage[KioskLimiterKey.self] { return limiter }
        let limiter = RateLimiter()
        storage[KioskLimiterKey.self] = limiter
        return limiter
    }
}
