import Fluent
import Vapor

/// `POST /api/v1/sms/inbound`: the SMS gateway forwards what people text to the service number; a status request gets
/// an automatic reply through the outbox. Authenticated by the gateway's token (`MOTCUA_SMS_TOKEN`), never by a user's
/// token or session: it sits outside the citizen API's session and CSRF group.
struct SMSInboundController: RouteCollection {
    static let bodyLimit: ByteCount = "16kb"
    /// Ten concatenated parts of 160 characters; gateways forward no more, and nothing longer can be a status request.
    static let maxTextCharacters = 1_600

    func boot(routes: RoutesBuilder) throws {
        let route = routes.on(.POST, "sms", "inbound", body: .collect(maxSize: Self.bodyLimit), use: inbound)
        route.bodyLimit = Self.bodyLimit.value
    }

    struct Input: Decodable {
        let from: String?
        let text: String?
    }

    struct Answer: Content {
        /// "queued", or "rate_limited" when this number already had its share of replies.
        let reply: String
        /// The queued reply's outbox id (what the gateway will receive as `id`).
        let id: String?
    }

    @Sendable func inbound(req: Request) async throws -> Response {
        try Self.authorize(req)
        let input = try req.content.decode(Input.self)
        guard let from = input.from, let text = input.text else {
            throw AppError(.unprocessableEntity, "missing_fields", "Thiếu trường “from” (số gửi) hoặc “text” (nội dung tin nhắn).")
        }
        guard text.utf8.count <= Self.maxTextCharacters * 4, text.count <= Self.maxTextCharacters else {
            throw AppError(.unprocessableEntity, "text_too_long", "Nội dung tin nhắn dài quá \(Self.maxTextCharacters) ký tự.")
        }
        guard let number = SMSNumber.e164(from) else {
            throw AppError(.unprocessableEntity, "invalid_sender",
                           "Số gửi “from” không phải số điện thoại di động Việt Nam (0xxxxxxxxx, 84xxxxxxxxx hoặc +84xxxxxxxxx): không trả lời được.")
        }
        let reply = try await Self.reply(to: SMSKeyword.parse(text), from: number, request: req)
        let queued = try await SMSReplyLimit.enqueue(reply, request: req)
        let answer = Answer(reply: queued == nil ? "rate_limited" : "queued", id: queued?.messageID)
        return try await answer.encodeResponse(status: .accepted, for: req)
    }

    /// The gateway's bearer token, compared in constant time. No token configured: nobody may call (401 too).
    static func authorize(_ req: Request) throws {
        guard let expected = req.application.smsSettings.token, let sent = req.headers.bearerAuthorization?.token,
              CSRFProtection.constantTimeEquals(expected, sent) else {
            throw AppError(.unauthorized, "unauthorized",
                           "Mã truy cập của cổng SMS thiếu hoặc không đúng: gửi tiêu đề Authorization: Bearer với mã MOTCUA_SMS_TOKEN.")
        }
    }

    static func reply(to keyword: SMSKeyword, from number: String, request req: Request) async throws -> OutgoingSMS {
        let reply = SMSReply(to: number, alphabet: req.application.smsSettings.alphabet)
        switch keyword {
        case .status(let code):
            guard let dossier = try await PublicDossier.find(code: code, on: req.db) else { return reply.unknown(code: code) }
            // The reply shows on the officers' dossier page with the dossier's other messages.
            let id = try await Dossier.query(on: req.db).filter(\.$code == code).field(\.$id).first()?.id
            return reply.status(dossier, dossierID: id, lookupURL: req.publicURL(LookupLink.path(code)))
        case .malformedCode:
            return reply.malformed()
        case .help:
            return reply.help()
        }
    }
}
