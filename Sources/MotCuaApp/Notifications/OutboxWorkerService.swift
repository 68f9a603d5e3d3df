import Vapor

/// Runs `OutboxWorker` passes (mail and SMS alike) in the background of `serve`/`demo` while the server is up. Every node may run one:
/// the claim's row locks (PostgreSQL) keep them from sending the same message at once.
final class OutboxWorkerService: LifecycleHandler, @unchecked Sendable {
    /// How long to wait between passes when the outbox had nothing due.
    static let idleInterval: Duration = .seconds(5)

    private let worker: OutboxWorker
    private var task: Task<Void, Never>?

    init(worker: OutboxWorker) { self.worker = worker }

    func didBootAsync(_ app: Application) async throws {
        let worker = self.worker
        task = Task {
            while !Task.isCancelled {
                var attempted = 0
                do {
                    attempted = try await worker.runOnce(app: app)
                } catch {
                    app.logger.error("Lỗi khi gửi thư, tin nhắn trong hàng đợi: \(String(reflecting: error))")
                }
                // A full batch means more may be due: go on at once; otherwise wait.
                if attempted < OutboxWorker.batchSize {
                    try? await Task.sleep(for: Self.idleInterval)
                }
            }
        }
        if let server = app.mailSettings.server {
            app.logger.notice("Gửi thư qua \(server.display) từ \(app.mailSettings.from.address).")
        }
        if let gateway = app.smsSettings.gatewayURL {
            app.logger.notice("Gửi tin nhắn SMS qua cổng \(gateway.host ?? "?") với tên thương hiệu \(app.smsSettings.sender).")
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        await task?.value
        task = nil
    }
}
