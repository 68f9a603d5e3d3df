import Vapor

/// Removes tus uploads 24 hours after they were created (finished or not), every quarter of an hour; creating an
/// upload also sweeps, so a node that never idles stays clean too. The deletes are idempotent.
enum UploadSweeper {
    static func job() -> PeriodicJob {
        PeriodicJob("dọn tệp tải lên quá hạn", every: .minutes(15)) { app in
            try await ResumableUploadStore.sweep(before: Date(), on: app.db)
        }
    }
}
