import Fluent
import Vapor

/// "Thư đã gửi" (/quan-tri/thu-da-gui) and "Tin nhắn đã gửi" (/quan-tri/tin-nhan-da-gui): every message of the outbox
/// of one channel, newest first, each openable to read it. Without an SMTP server or an SMS gateway (the demo) this is
/// where the messages stay, so a newcomer sees what would have gone out.
struct SentMailController: RouteCollection {
    let channel: OutboxChannel

    init(channel: OutboxChannel = .email) { self.channel = channel }

    var path: String { channel == .email ? "thu-da-gui" : "tin-nhan-da-gui" }
    var title: String { channel == .email ? "Thư đã gửi" : "Tin nhắn đã gửi" }

    func boot(routes: RoutesBuilder) throws {
        let mail = routes.grouped(PathComponent(stringLiteral: path))
        mail.get(use: list)
        mail.get(":id", use: show)
    }

    struct Row: Encodable {
        let url: String
        let createdAt: String
        let to: String
        let subject: String
        let kind: String
        let state: String
        let css: String
        let attempts: Int
        let error: String?
    }
    struct ListPage: Encodable {
        let title: String
        let page: PageContext
        let rows: [Row]
        let metadata: PageMetadata
        let pager: Pager
        /// "smtp://127.0.0.1:2525" or the gateway's host, or nil when messages are only kept here.
        let server: String?
    }
    struct MessagePage: Encodable {
        let title: String
        let page: PageContext
        let listTitle: String
        let listURL: String
        let subject: String
        let facts: [Fact]
        let text: String
        let error: String?
    }
    struct Fact: Encodable { let label: String; let value: String }

    @Sendable func list(req: Request) async throws -> View {
        let result = try await OutboxMessage.query(on: req.db).filter(\.$channelCode == channel.rawValue)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .page(try Paging(req, defaultPer: 50))
        let rows = result.items.map { message in
            Row(url: "/quan-tri/\(path)/\(message.id?.uuidString ?? "")", createdAt: VietnameseFormat.dateTime(message.createdAt),
                to: message.recipient, subject: message.subject, kind: Self.kindLabel(message.kind),
                state: message.state.label, css: message.state.css, attempts: message.attempts,
                error: message.state == .sent ? nil : message.lastError)
        }
        let server: String?
        switch channel {
        case .email: server = req.application.mailSettings.server?.display
        case .sms: server = req.application.smsSettings.gatewayURL?.host
        }
        return try await req.view.render(channel == .email ? "Admin/mails" : "Admin/sms", ListPage(
            title: title, page: PageContext(req), rows: rows, metadata: result.metadata, pager: Pager(result.metadata, request: req),
            server: server))
    }

    @Sendable func show(req: Request) async throws -> View {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let message = try await OutboxMessage.find(id, on: req.db), message.channel == channel else { throw AppError.notFound() }
        var facts = [
            Fact(label: "Người nhận", value: message.recipientName.map { "\($0) <\(message.recipient)>" } ?? message.recipient),
            Fact(label: channel == .email ? "Loại thư" : "Loại tin nhắn", value: Self.kindLabel(message.kind)),
            Fact(label: "Tạo lúc", value: VietnameseFormat.dateTime(message.createdAt)),
            Fact(label: "Trạng thái", value: message.state.label),
            Fact(label: "Số lần gửi", value: String(message.attempts)),
            Fact(label: channel == .email ? "Message-ID" : "Mã tin (id gửi cổng SMS)", value: message.messageID),
        ]
        if let sent = message.sentAt { facts.append(Fact(label: "Gửi lúc", value: VietnameseFormat.dateTime(sent))) }
        if message.state == .pending, message.attempts > 0 {
            facts.append(Fact(label: "Thử lại lúc", value: VietnameseFormat.dateTime(message.nextAttemptAt)))
        }
        if channel == .sms {
            facts.append(Fact(label: "Độ dài", value: SMSLength(message.textBody).description))
        }
        // The code only: an administrator need not be an officer allowed to open the dossier.
        if let dossierID = message.dossierID, let dossier = try await Dossier.find(dossierID, on: req.db) {
            facts.append(Fact(label: "Hồ sơ", value: dossier.code))
        }
        let heading = channel == .email ? message.subject : "Tin nhắn tới \(message.recipient)"
        return try await req.view.render("Admin/mail", MessagePage(
            title: (channel == .email ? "Thư: " : "") + heading, page: PageContext(req), listTitle: title, listURL: "/quan-tri/\(path)",
            subject: heading, facts: facts, text: message.textBody, error: message.state == .sent ? nil : message.lastError))
    }

    static func kindLabel(_ kind: String) -> String {
        switch kind {
        case "account.verification": return "Xác nhận địa chỉ thư"
        case "account.password-reset": return "Đặt lại mật khẩu"
        case "dossier.received-online": return "Đã nhận hồ sơ trực tuyến"
        case "dossier.accept": return "Tiếp nhận hồ sơ"
        case "dossier.request-supplement": return "Yêu cầu bổ sung"
        case "dossier.refuse": return "Từ chối tiếp nhận"
        case "dossier.resolve": return "Đã có kết quả"
        case "dossier.return": return "Đã trả kết quả"
        case "dossier.reschedule": return "Xin lỗi, hẹn lại"
        case "dossier.fees-due": return "Nộp phí, lệ phí"
        case "sms.reply.status": return "Trả lời tra cứu qua SMS"
        case "sms.reply.unknown": return "Trả lời: không tìm thấy hồ sơ"
        case "sms.reply.help": return "Trả lời: hướng dẫn cú pháp"
        default: return kind
        }
    }
}
