import Fluent
import SQLKit
import Vapor

/// Back-off for password guessing, instead of a hard lock that an attacker could use to shut a counter out.
///
/// Every attempt is counted *before* the password is checked, with one atomic upsert per counter, so concurrent
/// guesses cannot slip past the count. Three counters are kept, and an attempt waits for the longest:
/// - per client address: bounds the bcrypt work and the guesses one machine can make across all accounts;
/// - per (account, address): the attacker's own address backs off quickly, while the officer at the counter,
///   on another address, is not affected;
/// - per account from any address: a slow, short back-off, so that many addresses cannot guess fast either,
///   but never long enough to keep the real owner out.
/// Unknown usernames are counted exactly like real ones, so the answers do not reveal which accounts exist.
enum LoginThrottle {
    struct Schedule: Sendable {
        /// Attempts allowed without waiting.
        let free: Int
        /// The first wait, doubled at each further attempt, up to `cap`.
        let baseSeconds: Int
        let capSeconds: Int

        func delay(afterAttempt n: Int) -> Int {
            guard n >= free else { return 0 }
            var delay = baseSeconds
            var step = free
            while step < n, delay < capSeconds { delay *= 2; step += 1 }
            return min(delay, capSeconds)
        }
    }

    static let perAddress = Schedule(free: 30, baseSeconds: 60, capSeconds: 15 * 60)
    static let perAccountAndAddress = Schedule(free: 5, baseSeconds: 30, capSeconds: 15 * 60)
    static let perAccount = Schedule(free: 20, baseSeconds: 5, capSeconds: 20)
    /// A counter nobody has touched for this long starts again from zero.
    static let forgetAfterSeconds = 15 * 60.0
    /// A citizen's username is their e-mail address (RFC 5321 allows 254 characters).
    static let maxUsernameBytes = 254

    struct Attempt: Sendable {
        let username: String
        let address: String
        var keys: [(key: String, username: String?, schedule: Schedule)] {
            // In this order, and counting stops at the first that refuses: an attacker waiting out the back-off of
            // its own address does not use up the account's allowance, which the owner elsewhere shares.
            [("a:" + address, nil, LoginThrottle.perAddress),
             ("p:" + username + "\n" + address, username, LoginThrottle.perAccountAndAddress),
             ("u:" + username, username, LoginThrottle.perAccount)]
        }
    }

    /// Counts the attempt on every counter, or refuses it (429) while one of them is waiting.
    static func admit(_ attempt: Attempt, now: Date, on db: Database) async throws {
        let sql = try sqlDatabase(db)
        let t = now.timeIntervalSince1970
        for counter in attempt.keys {
            if let wait = try await reserve(counter.key, username: counter.username, schedule: counter.schedule, now: t, on: sql) {
                throw tooMany(retryAfter: wait, now: now)
            }
        }
    }

    /// A successful login: the account's counters start again, and the address gets its attempt back.
    static func succeeded(_ attempt: Attempt, now: Date, on db: Database) async throws {
        let sql = try sqlDatabase(db)
        try await sql.raw("DELETE FROM login_throttles WHERE key = \(bind: "u:" + attempt.username) OR key = \(bind: "p:" + attempt.username + "\n" + attempt.address)").run()
        try await sql.raw("UPDATE login_throttles SET failures = failures - 1 WHERE key = \(bind: "a:" + attempt.address) AND failures > 0").run()
        // Old counters are dropped now and then, so the table holds only the last day's attempts.
        if Int.random(in: 0..<50) == 0 {
            let cutoff = now.timeIntervalSince1970 - 86_400
            try await sql.raw("DELETE FROM login_throttles WHERE updated_at < \(bind: cutoff) AND next_allowed_at < \(bind: now.timeIntervalSince1970)").run()
        }
    }

    /// An administrator lifts the back-off of one account (all its addresses).
    static func clear(username: String, on db: Database) async throws {
        try await sqlDatabase(db).raw("DELETE FROM login_throttles WHERE username = \(bind: username)").run()
    }

    /// Accounts among `usernames` that are waiting out a back-off now (for the administrator's list).
    static func waiting(_ usernames: [String], now: Date, on db: Database) async throws -> Set<String> {
        guard !usernames.isEmpty else { return [] }
        struct Row: Decodable { let username: String? }
        let rows = try await sqlDatabase(db).select().column("username").from("login_throttles")
            .where("username", .in, usernames)
            .where("next_allowed_at", .greaterThan, now.timeIntervalSince1970)
            .all(decoding: Row.self)
        return Set(rows.compactMap(\.username))
    }

    /// Seconds to wait, or nil when the attempt was counted.
    private static func reserve(_ key: String, username: String?, schedule: Schedule, now: Double, on sql: SQLDatabase) async throws -> Int? {
        let stale = now - forgetAfterSeconds
        // A counter from the future (the clock was set back) is as stale as an old one, so is a wait past the cap:
        // neither may keep anyone out.
        let newCount = "(CASE WHEN login_throttles.updated_at < \(stale) OR login_throttles.updated_at > \(now) THEN 1 ELSE login_throttles.failures + 1 END)"
        struct Counted: Decodable { let failures: Int }
        let counted = try await sql.raw("""
            INSERT INTO login_throttles (key, username, failures, next_allowed_at, updated_at)
            VALUES (\(bind: key), \(bind: username), 1, \(bind: now + Double(schedule.delay(afterAttempt: 1))), \(bind: now))
            ON CONFLICT (key) DO UPDATE SET
                failures = \(unsafeRaw: newCount),
                next_allowed_at = \(bind: now) + \(unsafeRaw: delayExpression(schedule, count: newCount)),
                updated_at = \(bind: now)
            WHERE login_throttles.next_allowed_at <= \(bind: now) OR login_throttles.next_allowed_at > \(bind: now + Double(schedule.capSeconds))
            RETURNING failures
            """).first(decoding: Counted.self)
        if counted != nil { return nil }
        struct Waiting: Decodable { let next_allowed_at: Double }
        let row = try await sql.raw("SELECT next_allowed_at FROM login_throttles WHERE key = \(bind: key)").first(decoding: Waiting.self)
        let wait = (row?.next_allowed_at ?? now) - now
        // Only this code writes the column (finite values), but a converted NaN would trap: say so explicitly.
        guard wait.isFinite else { return schedule.capSeconds }
        return max(1, Int(min(max(wait, 0), Double(schedule.capSeconds)).rounded(.up)))
    }

    /// `CASE WHEN n >= 9 THEN 480 WHEN n >= 8 THEN 240 … ELSE 0 END`, built from constants of the schedule only.
    static func delayExpression(_ schedule: Schedule, count: String) -> String {
        var steps: [(Int, Int)] = []
        var n = schedule.free
        while true {
            let delay = schedule.delay(afterAttempt: n)
            steps.append((n, delay))
            if delay >= schedule.capSeconds { break }
            n += 1
        }
        let whens = steps.reversed().map { "WHEN \(count) >= \($0.0) THEN \($0.1)" }.joined(separator: " ")
        return "(CASE \(whens) ELSE 0 END)"
    }

    static func tooMany(retryAfter seconds: Int, now: Date) -> AppError {
        let when = VietnameseFormat.time(now.addingTimeInterval(Double(seconds)))
        let wait = seconds < 90 ? "\(seconds) giây" : "\((seconds + 59) / 60) phút"
        return AppError(.tooManyRequests, "too_many_login_attempts",
                        "Có quá nhiều lần đăng nhập không thành công. Vui lòng đợi \(wait) (đến \(when)) rồi thử lại; nếu quên mật khẩu, hãy liên hệ quản trị viên của cơ quan.",
                        retryAfter: seconds)
    }

    private static func sqlDatabase(_ db: Database) throws -> SQLDatabase {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        return sql
    }
}
