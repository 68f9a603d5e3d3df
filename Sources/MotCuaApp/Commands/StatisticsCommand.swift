import Fluent
import Foundation
import Vapor

/// `motcua statistics verify [--agency CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]` compares the report roll-ups
/// with a recount from the raw dossiers, and the officers' roll-ups with one from the timelines (exit status 1 on any
/// difference); `motcua statistics rebuild` rebuilds both.
struct StatisticsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify (đối chiếu) hoặc rebuild (dựng lại).")
        var action: String
        @Option(name: "agency", help: "Mã định danh cơ quan: chỉ đối chiếu cơ quan này và các đơn vị trực thuộc.")
        var agency: String?
        @Option(name: "from", help: "Từ ngày (YYYY-MM-DD).")
        var from: String?
        @Option(name: "to", help: "Đến ngày (YYYY-MM-DD).")
        var to: String?
    }

    var help: String { "Đối chiếu (verify) hoặc dựng lại (rebuild) số liệu tổng hợp của báo cáo từ dữ liệu hồ sơ gốc." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        switch signature.action {
        case "rebuild":
            let started = Date()
            try await DossierChangeRecorder.catchUp(on: app.db)
            GenerateCommand.write("Đã dựng lại số liệu tổng hợp trong \(GenerateCommand.seconds(Date().timeIntervalSince(started))).")
        case "verify":
            var agency: Agency? = nil
            if let code = signature.agency?.trimmingCharacters(in: .whitespaces).uppercased(), !code.isEmpty {
                guard let found = try await Agency.find(code: code, on: app.db) else {
                    throw AppError.badRequest("agency_not_found", "Không có cơ quan mã “\(code)”.")
                }
                agency = found
            }
            var period: StatisticsPeriod? = nil
            if signature.from != nil || signature.to != nil {
                let wide = StatisticsPeriod(from: .init(year: 2000, month: 1, day: 1), to: .init(year: 2099, month: 12, day: 31))
                let parsed = try StatisticsPeriod(from: signature.from ?? wide.from.iso, to: signature.to ?? wide.to.iso, now: Date())
                period = parsed
            }
            let differences: [any CustomStringConvertible] = try await RollupVerifier.verify(agency: agency, period: period, on: app.db)
                + RollupVerifier.verifyOfficers(period: period, on: app.db)
            for difference in differences.prefix(200) { GenerateCommand.write("Khác: \(difference)") }
            guard differences.isEmpty else {
                throw AppError(.conflict, "rollups_differ", "\(differences.count) số liệu tổng hợp khác với số đếm lại từ hồ sơ gốc; chạy “motcua statistics rebuild” để dựng lại.")
            }
            GenerateCommand.write("Khớp: số liệu tổng hợp bằng số đếm lại từ hồ sơ gốc.")
        default:
            throw AppError.badRequest("invalid_action", "Dùng “motcua statistics verify” hoặc “motcua statistics rebuild”.")
        }
    }
}
