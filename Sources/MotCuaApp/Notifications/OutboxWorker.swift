import Fluent
import SQLKit
import Vapor

/// One pass over the outbox: claim what is due, send each through its channel (SMTP or the SMS gateway), record
/// the outcome. One claim loop serves both channels; a channel without a configured way out keeps its messages.
///
/// Crash safety: a message is marked `sending` with a lease (`claimed_until`) in its own committed transaction
/// before the SMTP conversation (or the gateway call) starts. If the process dies after the server accepted the message
/// but before `sent` is recorded, the lease runs out, a later pass claims it again and sends it with the same
/// Message-ID (SMS: the same `id`): a message is never lost, and a crash in that window costs at most one duplicate,
/// which mail clients collapse and SMS gateways drop by `id`.
struct OutboxWorker: Sendable {
    static let maxAttempts = 8
    static let lease: TimeInterval = 10 * 60
    static let batchSize = 20

    /// How mail leaves, or nil when it does not (no `MOTCUA_SMTP_URL`).
    struct MailRoute: Sendable {
        let transport: any MailTransport
        let from: MailAddress
    }

    let mail: MailRoute?
    /// How SMS leave, or nil when they do not (no `MOTCUA_SMS_URL`).
    let sms: (any SMSTransport)?
    /// Tests only: runs after the server accepted a message and before `sent` is recorded; throwing abandons the
    /// pass there, as a crash would.
    var afterServerAccepted: (@Sendable (OutboxMessage) async throws -> Void)? = nil

    init(mail: MailRoute?, sms: (any SMSTransport)?) {
        self.mail = mail
        self.sms = sms
    }

    init(transport: any MailTransport, from: MailAddress) {
        self.init(mail: MailRoute(transport: transport, from: from), sms: nil)
    }

    /// The worker the configuration asks for: nil when neither `MOTCUA_SMTP_URL` nor `MOTCUA_SMS_URL` is set (demo mode
    /// keeps messages in the outbox).
    init?(app: Application) {
        let settings = app.mailSettings
        let mail = settings.server.map {
            MailRoute(transport: SMTPClient(server: $0, caFile: settings.caFile, group: app.eventLoopGroup), from: settings.from)
        }
        let sms = HTTPSMSGateway(app: app)
        guard mail != nil || sms != nil else { return nil }
        self.init(mail: mail, sms: sms)
    }

    /// The channels this worker can deliver; only their messages are claimed.
    var channels: [OutboxChannel] {
        (mail == nil ? [] : [.email]) + (sms == nil ? [] : [.sms])
    }

    /// One pass with the configured server and gateway; what tests and the background service call.
    @discardableResult
    static func runOnce(app: Application) async throws -> Int {
        guard let worker = OutboxWorker(app: app) else { return 0 }
        return try await worker.runOnce(app: app)
    }

    /// Returns how many messages were attempted.
    @discardableResult
    func runOnce(app: Application) async throws -> Int {
        let claimed = try await claim(app: app)
        for message in claimed {
            try await deliver(message, app: app)
        }
        return claimed.count
    }

    /// 30 s, 1 min, 2 min, … capped at an hour: a server down for the night is retried hourly, not hammered.
    static func backoff(afterAttempt attempts: Int) -> TimeInterval {
        let exponent = min(max(attempts - 1, 0), 7)
        return min(30 * Double(1 << exponent), 3_600)
    }

    private func claim(app: Application) async throws -> [OutboxMessage] {
        let now = app.clock.now()
        return try await app.writeGate.run {
            try await app.db.transaction { db in
                let due = try await Self.due(now: now, channels: channels, on: db)
                var claimed: [OutboxMessage] = []
                for message in due {
                    // A lease ran out after the last attempt: it may have gone out, but trying more is beyond the limit.
                    if message.attempts >= Self.maxAttempts {
                        message.stateCode = OutboxState.failed.rawValue
                        message.claimedUntil = nil
                        message.lastError = "Đã thử gửi \(message.attempts) lần, lần cuối bị gián đoạn (máy chủ ứng dụng dừng giữa chừng); không rõ \(message.channel.noun) đã đến chưa."
                        try await message.save(on: db)
                        continue
                    }
                    message.stateCode = OutboxState.sending.rawValue
                    message.attempts += 1
                    message.claimedUntil = now.addingTimeInterval(Self.lease)
                    message.nextAttemptAt = now.addingTimeInterval(Self.lease)
                    try await message.save(on: db)
                    claimed.append(message)
                }
                return claimed
            }
        }
    }

    /// Pending messages of `channels` whose time has come and `sending` ones whose lease ran out (`next_attempt_at` is
    /// the lease's end then), on the (state, next_attempt_at) index. PostgreSQL skips rows another node has locked.
    private static func due(now: Date, channels: [OutboxChannel], on db: Database) async throws -> [OutboxMessage] {
        let open = [OutboxState.pending.rawValue, OutboxState.sending.rawValue]
        let channelCodes = channels.map(\.rawValue)
        guard !channelCodes.isEmpty else { return [] }
        if db.isPostgres, let sql = db as? SQLDatabase {
            let rows = try await sql.raw("""
                SELECT id FROM outbox_messages WHERE state IN (\(bind: open[0]), \(bind: open[1])) AND next_attempt_at <= \(bind: now)
                AND channel IN (\(binds: channelCodes))
                ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(batchSize)) FOR UPDATE SKIP LOCKED
                """).all()
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { return [] }
            return try await OutboxMessage.query(on: db).filter(\.$id ~~ ids).sort(\.$nextAttemptAt).all()
        }
        return try await OutboxMessage.query(on: db).filter(\.$stateCode ~~ open).filter(\.$nextAttemptAt <= now)
            .filter(\.$channelCode ~~ channelCodes).sort(\.$nextAttemptAt).limit(batchSize).all()
    }

    private func deliver(_ message: OutboxMessage, app: Application) async throws {
        do {
            try await send(message)
        } catch {
            try await record(failure: error, for: message, app: app)
            return
        }
        if let afterServerAccepted { try await afterServerAccepted(message) }
        message.stateCode = OutboxState.sent.rawValue
        message.sentAt = app.clock.now()
        message.claimedUntil = nil
        message.lastError = nil
        try await save(message, app: app)
        app.logger.info("Đã gửi \(message.channel.noun) \(message.messageID) (\(message.kind)) tới \(message.recipient).")
    }

    /// Claimed messages are only of `channels`, so the route is there; a row of an unknown channel is refused for good.
    private func send(_ message: OutboxMessage) async throws {
        switch message.channel {
        case .email:
            guard let mail else { throw SMTPError.permanent("Chưa cấu hình máy chủ thư.") }
            let rendered = MIMEMessage(message, from: mail.from, date: message.createdAt).rendered()
            try await mail.transport.send(from: mail.from.address, to: message.recipient, message: rendered)
        case .sms:
            guard let sms else { throw SMTPError.permanent("Chưa cấu hình cổng SMS.") }
            try await sms.send(id: message.messageID, to: message.recipient, text: message.textBody)
        }
    }

    private func record(failure error: Error, for message: OutboxMessage, app: Application) async throws {
        // SMTP sorts its replies into temporary and permanent; an SMS gateway's every failure is retried (issue 10).
        let smtpError = error as? SMTPError ?? .transient((error as? SMSGatewayError)?.description ?? "Lỗi khi gửi: \(error)")
        let now = app.clock.now()
        message.lastError = String(smtpError.description.prefix(1_000))
        message.claimedUntil = nil
        if smtpError.isPermanent || message.attempts >= Self.maxAttempts {
            message.stateCode = OutboxState.failed.rawValue
        } else {
            message.stateCode = OutboxState.pending.rawValue
            message.nextAttemptAt = now.addingTimeInterval(Self.backoff(afterAttempt: message.attempts))
        }
        try await save(message, app: app)
        app.logger.warning("Chưa gửi được \(message.channel.noun) \(message.messageID) (lần \(message.attempts)): \(smtpError)")
    }

    private func save(_ message: OutboxMessage, app: Application) async throws {
        try await app.writeGate.run { try await message.save(on: app.db) }
    }
}
