import Vapor
import MotCuaCore

/// Configuration read once from the environment; every value has the regulation's default.
struct Settings: Sendable {
    var schedule: OfficeSchedule = .standard
    var demoMode = false
    var dataDirectory = "./data"
    var maxUploadBytes = 20 * 1024 * 1024
    var lookupRateLimitPerMinute = 120
    var publicBaseURL: String? = nil
    /// Session cookies carry the Secure flag when the site is served over HTTPS: `MOTCUA_COOKIE_SECURE=1|0`,
    /// otherwise the scheme of `MOTCUA_PUBLIC_URL`.
    var cookieSecure = false
    /// Reverse proxies whose `X-Forwarded-For` names the real client (`MOTCUA_TRUSTED_PROXIES=127.0.0.1,10.0.0.5`).
    var trustedProxies: Set<String> = []

    static func fromEnvironment() -> Settings {
        var settings = Settings()
        if let dir = Environment.get("MOTCUA_DATA_DIR"), !dir.isEmpty { settings.dataDirectory = dir }
        if let value = Environment.get("MOTCUA_CUTOFF"), let minutes = minutes(value) { settings.schedule.cutoffMinutes = minutes }
        if let value = Environment.get("MOTCUA_OFFICE_OPENS"), let minutes = minutes(value) { settings.schedule.openingMinutes = minutes }
        if let value = Environment.get("MOTCUA_OFFICE_CLOSES"), let minutes = minutes(value) { settings.schedule.closingMinutes = minutes }
        if Environment.get("MOTCUA_SATURDAY_WORKING") == "1" { settings.schedule.weekendDays = [1] }
        if let value = Environment.get("MOTCUA_MAX_UPLOAD_MB"), let mb = Int(value), (1...1024).contains(mb) { settings.maxUploadBytes = mb * 1024 * 1024 }
        if let value = Environment.get("MOTCUA_LOOKUP_RATE_LIMIT"), let n = Int(value), n > 0 { settings.lookupRateLimitPerMinute = n }
        settings.publicBaseURL = Environment.get("MOTCUA_PUBLIC_URL")
        settings.trustedProxies = Set((Environment.get("MOTCUA_TRUSTED_PROXIES") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        settings.cookieSecure = cookieSecure(explicit: Environment.get("MOTCUA_COOKIE_SECURE"), publicURL: settings.publicBaseURL)
        return settings
    }

    static func cookieSecure(explicit: String?, publicURL: String?) -> Bool {
        switch explicit?.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: return publicURL?.lowercased().hasPrefix("https://") ?? false
        }
    }

    /// "15:00" → 900
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        return parts[0] * 60 + parts[1]
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }
    var settings: Settings {
        get { storage[SettingsKey.self] ?? Settings() }
        set { storage[SettingsKey.self] = newValue }
    }
}
