import Fluent
import SQLKit
import Vapor

/// At most `limit` automatic replies to one number in `window`: a loop between two auto-responders, or someone
/// spending the province's SMS budget, stops there. Counted from the outbox itself (so across nodes, and after a
/// restart); on PostgreSQL an advisory lock per number makes the count and the insert one step.
enum SMSReplyLimit {
    static let limit = 5
    static let window: TimeInterval = 10 * 60

    /// The queued reply, or nil when the number already had `limit` replies in the last `window`.
    static func enqueue(_ sms: OutgoingSMS, request req: Request) async throws -> OutboxMessage? {
        let now = req.now
        let since = now.addingTimeInterval(-window)
        return try await req.writeTransaction { db in
            if db.isPostgres, let sql = db as? SQLDatabase {
                try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "sms-reply " + sms.to)))").run()
            }
            let recent = try await OutboxMessage.query(on: db)
                .filter(\.$channelCode == OutboxChannel.sms.rawValue)
                .filter(\.$recipient == sms.to)
                .filter(\.$createdAt > since)
                .filter(\.$kind ~~ SMSReply.kinds)
                .count()
            guard recent < limit else { return nil }
            return try await Outbox.enqueue(sms, on: db, now: now)
        }
    }
}
