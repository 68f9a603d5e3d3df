import Vapor
import NIOConcurrencyHelpers
import NIOCore

/// Removes tus uploads 24 hours after they were created (finished or not), every quarter of an hour; creating an
/// upload also sweeps, so a node that never idles stays clean too. Any node may run it: the deletes are idempotent.
final class UploadSweeper: LifecycleHandler, Sendable {
    static let interval: TimeAmount = .minutes(15)
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    func didBoot(_ application: Application) throws {
        let scheduled = application.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(30), delay: Self.interval) { _ in
            application.eventLoopGroup.next().makeFutureWithTask {
                do {
                    try await ResumableUploadStore.sweep(before: Date(), on: application.db)
                } catch {
                    application.logger.warning("Không dọn được các tệp tải lên quá hạn: \(error)")
                }
            }
        }
        task.withLockedValue { $0 = scheduled }
    }

    func shutdown(_ application: Application) {
        task.withLockedValue { $0?.cancel(); $0 = nil }
    }
}
