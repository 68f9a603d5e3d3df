import Vapor
import NIOConcurrencyHelpers
import NIOCore

/// Background work that runs every so often while the server is up (`serve`/`demo`): removing stale uploads,
/// reconciling payments. Any node may run each one; the jobs themselves are safe to run twice.
final class PeriodicJob: LifecycleHandler, Sendable {
    let name: String
    let initialDelay: TimeAmount
    let interval: TimeAmount
    let work: @Sendable (Application) async throws -> Void
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    init(_ name: String, initialDelay: TimeAmount = .seconds(30), every interval: TimeAmount,
         work: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.initialDelay = initialDelay
        self.interval = interval
        self.work = work
    }

    func didBoot(_ application: Application) throws {
        let work = self.work, name = self.name
        let scheduled = application.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: initialDelay, delay: interval) { _ in
            application.eventLoopGroup.next().makeFutureWithTask {
                do {
                    try await work(application)
                } catch {
                    application.logger.warning("Việc định kỳ “\(name)” gặp lỗi: \(error)")
                }
            }
        }
        task.withLockedValue { $0 = scheduled }
    }

    func shutdown(_ application: Application) {
        task.withLockedValue { $0?.cancel(); $0 = nil }
    }
}
