import NIOCore

/// Splits what the server sends into replies (RFC 5321 §4.2: "250-…" lines continue, "250 …" ends) and hands each
/// to the one command waiting for it. The client never pipelines, so there is at most one waiter.
/// Every property is touched on the channel's event loop only; `@unchecked Sendable` lets the client hold a reference.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    /// A server is untrusted input: bounded lines and replies keep a misbehaving one from filling memory.
    static let maxLineBytes = 4_096
    static let maxReplyLines = 200

    private var line: [UInt8] = []
    private var replyLines: [String] = []
    private var ready: [Result<SMTPReply, SMTPError>] = []
    private var waiter: EventLoopPromise<SMTPReply>?
    private var timeout: Scheduled<Void>?
    private var finished: SMTPError?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                let text = String(decoding: line, as: UTF8.self)
                line.removeAll(keepingCapacity: true)
                receive(text)
            } else {
                line.append(byte)
                if line.count > Self.maxLineBytes {
                    fail(.transient("Máy chủ thư gửi một dòng trả lời quá dài; đã ngắt kết nối."))
                    context.close(promise: nil)
                    return
                }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.transient("Máy chủ thư đã đóng kết nối giữa chừng."))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(.transient("Lỗi kết nối tới máy chủ thư: \(error)"))
        context.close(promise: nil)
    }

    /// The next reply, or a failure after `timeout`. Call on the event loop.
    func nextReply(on eventLoop: EventLoop, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        eventLoop.preconditionInEventLoop()
        if !ready.isEmpty {
            switch ready.removeFirst() {
            case .success(let reply): return eventLoop.makeSucceededFuture(reply)
            case .failure(let error): return eventLoop.makeFailedFuture(error)
            }
        }
        if let finished { return eventLoop.makeFailedFuture(finished) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiter = promise
        let seconds = timeout.nanoseconds / 1_000_000_000
        self.timeout = eventLoop.scheduleTask(in: timeout) { [self] in
            guard let waiting = waiter, waiting.futureResult === promise.futureResult else { return }
            waiter = nil
            waiting.fail(SMTPError.transient("Máy chủ thư không trả lời sau \(seconds) giây."))
            context?.close(promise: nil)
        }
        return promise.futureResult
    }

    private func receive(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(code),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-") else {
            deliver(.failure(.transient("Máy chủ thư trả lời không đúng giao thức SMTP: “\(text.prefix(120))”.")))
            return
        }
        replyLines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        let continues = bytes.count > 3 && bytes[3] == UInt8(ascii: "-")
        if continues {
            guard replyLines.count < Self.maxReplyLines else {
                replyLines = []
                deliver(.failure(.transient("Máy chủ thư gửi một trả lời quá nhiều dòng; đã ngắt kết nối.")))
                context?.close(promise: nil)
                return
            }
            return
        }
        let reply = SMTPReply(code: code, lines: replyLines)
        replyLines = []
        deliver(.success(reply))
    }

    private func deliver(_ result: Result<SMTPReply, SMTPError>) {
        if let waiting = waiter {
            waiter = nil
            timeout?.cancel()
            timeout = nil
            switch result {
            case .success(let reply): waiting.succeed(reply)
            case .failure(let error): waiting.fail(error)
            }
        } else {
            ready.append(result)
        }
    }

    private func fail(_ error: SMTPError) {
        guard finished == nil else { return }
        finished = error
        if waiter != nil { deliver(.failure(error)) }
    }
}
