import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP submission client (RFC 5321, 3207 STARTTLS, 4954 AUTH): one connection per message, no pipelining.
struct SMTPClient: MailTransport {
    let server: SMTPServerAddress
    let caFile: String?
    let group: any EventLoopGroup
    var connectTimeout: TimeAmount = .seconds(10)
    /// RFC 5321 §4.5.3.2 allows minutes per command; a lease of ten minutes covers the whole conversation.
    var replyTimeout: TimeAmount = .seconds(60)
    var dataTimeout: TimeAmount = .seconds(120)
    /// The name we greet with; a real host name is not needed by the servers we submit to.
    var heloName = "motcua.local"
    /// The whole conversation, however slowly a server trickles replies: well inside the worker's lease,
    /// so a message is never sent by this attempt after another node took it over.
    var conversationTimeout: TimeAmount = .minutes(5)

    func send(from: String, to: String, message: String) async throws {
        guard Outbox.looksLikeAddress(from) else { throw SMTPError.permanent("Địa chỉ người gửi “\(from)” không hợp lệ (MOTCUA_MAIL_FROM).") }
        guard Outbox.looksLikeAddress(to) else { throw SMTPError.permanent("Địa chỉ người nhận “\(to)” không hợp lệ.") }
        let tls = try makeTLSContext()
        let handler = SMTPReplyHandler()
        let channel = try await connect(handler: handler, tls: tls)
        let session = Session(channel: channel, handler: handler, replyTimeout: replyTimeout)
        // Closing the channel fails the reply being waited for, which ends the conversation with a transient error.
        let deadline = channel.eventLoop.scheduleTask(in: conversationTimeout) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        do {
            try await converse(session, tls: tls, from: from, to: to, message: message)
        } catch {
            try? await channel.close()
            throw error
        }
        // The message is the server's once DATA was answered 250; QUIT is politeness, its failure changes nothing.
        _ = try? await session.command("QUIT")
        try? await channel.close()
    }

    private func converse(_ session: Session, tls: NIOSSLContext, from: String, to: String, message: String) async throws {
        try await session.expect(220, after: "kết nối")
        var extensions = try await hello(session)
        if !server.implicitTLS {
            if extensions.contains("STARTTLS") {
                try await session.expect(220, after: "STARTTLS", reply: try await session.command("STARTTLS"))
                try await session.startTLS(context: tls, serverHostname: sniName)
                extensions = try await hello(session)
            } else if server.username != nil && !server.isLoopback {
                throw SMTPError.permanent("Máy chủ thư \(server.host) không hỗ trợ STARTTLS; không gửi mật khẩu qua kết nối không mã hóa. Dùng smtps:// hoặc máy chủ có STARTTLS.")
            }
        }
        if let username = server.username {
            try await authenticate(session, username: username, password: server.password ?? "", extensions: extensions)
        }
        try await session.expect(250, after: "MAIL FROM", reply: try await session.command("MAIL FROM:<\(from)>"))
        let rcpt = try await session.command("RCPT TO:<\(to)>")
        guard rcpt.code == 250 || rcpt.code == 251 else { throw SMTPError.reply(rcpt, after: "RCPT TO") }
        try await session.expect(354, after: "DATA", reply: try await session.command("DATA"))
        try await session.write(Self.dotStuffed(message) + ".\r\n")
        try await session.expect(250, after: "DATA (nội dung thư)", reply: try await session.reply(timeout: dataTimeout))
    }

    /// EHLO, falling back to HELO for an old server; returns the extension keywords (upper-cased first words).
    private func hello(_ session: Session) async throws -> Set<String> {
        let reply = try await session.command("EHLO \(heloName)")
        if reply.code == 250 {
            return Set(reply.lines.dropFirst().map { $0.split(separator: " ").first.map { $0.uppercased() } ?? "" })
                .union(reply.lines.dropFirst().filter { $0.uppercased().hasPrefix("AUTH") }.flatMap { line in
                    line.uppercased().split(separator: " ").dropFirst().map { "AUTH=\($0)" }
                })
        }
        try await session.expect(250, after: "HELO", reply: try await session.command("HELO \(heloName)"))
        return []
    }

    private func authenticate(_ session: Session, username: String, password: String, extensions: Set<String>) async throws {
        if extensions.contains("AUTH=PLAIN") || !extensions.contains("AUTH=LOGIN") {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            try await session.expect(235, after: "AUTH PLAIN", reply: try await session.command("AUTH PLAIN \(token)"))
        } else {
            try await session.expect(334, after: "AUTH LOGIN", reply: try await session.command("AUTH LOGIN"))
            try await session.expect(334, after: "AUTH LOGIN (tên)", reply: try await session.command(Data(username.utf8).base64EncodedString()))
            try await session.expect(235, after: "AUTH LOGIN (mật khẩu)", reply: try await session.command(Data(password.utf8).base64EncodedString()))
        }
    }

    /// SNI must be a name: NIOSSL refuses an IP literal there (the certificate is still checked against the chain).
    private var sniName: String? {
        let isIP = server.host.contains(":") || server.host.split(separator: ".").allSatisfy { Int($0) != nil }
        return isIP ? nil : server.host
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.trustRoots = .file(caFile) }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError.transient("Không đọc được chứng thư tin cậy cho TLS (MOTCUA_SMTP_CA_FILE): \(error)")
        }
    }

    private func connect(handler: SMTPReplyHandler, tls: NIOSSLContext) async throws -> any Channel {
        let implicitTLS = server.implicitTLS
        let sni = sniName
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: sni))
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        do {
            return try await bootstrap.connect(host: server.host, port: server.port).get()
        } catch {
            throw SMTPError.transient("Không kết nối được tới máy chủ thư \(server.host):\(server.port): \(error)")
        }
    }

    /// Lines of the message end in CRLF, and a line starting with "." gets another (RFC 5321 §4.5.2),
    /// so that no line of the message reads as the end of DATA.
    static func dotStuffed(_ message: String) -> String {
        var out = ""
        out.reserveCapacity(message.utf8.count + 64)
        let lines = message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index == lines.count - 1 && line.isEmpty { break }
            if line.hasPrefix(".") { out += "." }
            out += line
            out += "\r\n"
        }
        return out
    }
}

/// One connection's commands and replies.
private struct Session: Sendable {
    let channel: any Channel
    let handler: SMTPReplyHandler
    let replyTimeout: TimeAmount

    /// Errors name the command by the caller's label, never by its line: AUTH lines carry the password.
    func command(_ line: String) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply(timeout: replyTimeout)
    }

    func write(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: text))
        } catch {
            throw SMTPError.transient("Mất kết nối tới máy chủ thư khi đang gửi: \(error)")
        }
    }

    func reply(timeout: TimeAmount) async throws -> SMTPReply {
        let handler = self.handler
        let loop = channel.eventLoop
        return try await loop.flatSubmit { handler.nextReply(on: loop, timeout: timeout) }.get()
    }

    func expect(_ code: Int, after command: String, reply: SMTPReply? = nil) async throws {
        let received: SMTPReply
        if let reply { received = reply } else { received = try await self.reply(timeout: replyTimeout) }
        guard received.code == code else { throw SMTPError.reply(received, after: command) }
    }

    /// RFC 3207: after "220 Ready to start TLS" the TLS handshake begins on the same connection, in front of the reply parser.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverHostname),
                                                               position: .first)
            }.get()
        } catch {
            throw SMTPError.transient("Không bắt đầu được TLS với máy chủ thư: \(error)")
        }
    }
}
