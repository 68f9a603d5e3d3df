import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// `motcua generate --dossiers N [--seed S] [--years Y]`: realistic dossiers for demos and benchmarks,
/// into the configured database (SQLite, or PostgreSQL with DATABASE_URL); seeds the demo province first
/// when the database is empty.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "dossiers", short: "n", help: "Số hồ sơ cần sinh (mặc định 10000).")
        var dossiers: Int?
        @Option(name: "seed", help: "Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu (mặc định 2026).")
        var seed: Int?
        @Option(name: "years", help: "Số năm gần nhất mà hồ sơ trải ra (mặc định 2).")
        var years: Int?
    }

    var help: String { "Sinh hồ sơ mẫu có trạng thái, dòng thời gian và tiến độ hợp lý (dùng cho trình diễn và đo hiệu năng)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = signature.dossiers ?? 10_000
        let years = signature.years ?? 2
        guard count > 0, count <= 50_000_000 else {
            throw AppError.badRequest("invalid_count", "--dossiers phải từ 1 đến 50.000.000.")
        }
        guard (1...10).contains(years) else { throw AppError.badRequest("invalid_years", "--years phải từ 1 đến 10.") }

        try await app.autoMigrate()
        if try await !DemoSeed.isSeeded(on: app.db) {
            try await DemoSeed.run(on: app.db, catalogURL: DemoSeed.catalogURL(app), passwordHash: app.password.hash(DemoSeed.password), logger: app.logger)
        }
        // One connection for the whole load: SQLite's pragmas are per connection.
        guard let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.next()) else {
            throw AppError(.internalServerError, "no_database", "Chưa cấu hình cơ sở dữ liệu.")
        }
        let calendar = try await CalendarService.workingCalendar(on: db, schedule: app.settings.schedule)
        let options = DossierGenerator.Options(count: count, seed: UInt64(truncatingIfNeeded: signature.seed ?? 2026), years: years, now: Date())

        Self.write("Sinh \(StatisticsReportView.number(count)) hồ sơ vào \(app.databaseChoice.label) (hạt giống \(options.seed), \(years) năm gần nhất)…")
        let lastStep = NIOLockedValueBox(0)
        let summary = try await DossierGenerator(options: options, calendar: calendar).run(on: db) { progress in
            let step = progress.total == 0 ? 20 : progress.dossiers * 20 / progress.total
            let shouldPrint = lastStep.withLockedValue { last -> Bool in
                guard step > last else { return false }
                last = step
                return true
            }
            if shouldPrint { Self.write(Self.line(progress)) }
        }
        Self.write("Xong: \(StatisticsReportView.number(summary.dossiers)) hồ sơ, \(StatisticsReportView.number(summary.events)) sự kiện trong \(Self.seconds(summary.seconds)) (\(StatisticsReportView.number(Int(Double(summary.dossiers) / max(summary.seconds, 0.001)))) hồ sơ/giây).")
    }

    static func line(_ p: DossierGenerator.Progress) -> String {
        let percent = p.total == 0 ? 100 : p.dossiers * 100 / p.total
        let rate = Double(p.dossiers) / max(p.seconds, 0.001)
        let left = rate > 0 ? Double(p.total - p.dossiers) / rate : 0
        return "  \(percent)% · \(StatisticsReportView.number(p.dossiers))/\(StatisticsReportView.number(p.total)) hồ sơ · "
            + "\(StatisticsReportView.number(p.events)) sự kiện · \(StatisticsReportView.number(Int(rate))) hồ sơ/giây · "
            + "đã chạy \(seconds(p.seconds)), còn khoảng \(seconds(left))"
    }

    static func seconds(_ value: Double) -> String {
        let total = Int(value.rounded())
        return total >= 60 ? "\(total / 60) phút \(total % 60) giây" : "\(total) giây"
    }

    /// Straight to standard output, unbuffered: progress must show while the load runs.
    static func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
