import Fluent
import MotCuaCore
import Vapor

/// `motcua calendar 2027`: each holiday, compensatory day and override, `YYYY-MM-DD<TAB>kind<TAB>name`.
struct CalendarCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "year", help: "Năm (1900–2100)") var year: String
    }
    var help: String { "In lịch nghỉ lễ, nghỉ bù và các ngày điều chỉnh của một năm." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let year = Int(signature.year), (1900...2100).contains(year) else {
            throw CommandFailure("Năm “\(signature.year)” không hợp lệ: cần một số từ 1900 đến 2100.")
        }
        let app = context.application
        let overrides = await StoredOverrides.load(app)
        for entry in PublicHolidays.entries(year: year, overrides: overrides, weekendDays: app.settings.schedule.weekendDays) {
            context.console.output("\(entry.date.iso)\t\(entry.kind.rawValue)\t\(entry.name)".consoleText())
        }
    }
}

enum StoredOverrides {
    /// A database that was never migrated has no overrides yet; every other failure is reported.
    static func load(_ app: Application) async -> [CalendarOverride] {
        do {
            return try await CalendarService.overrides(on: app.db)
        } catch {
            let text = String(describing: error)
            if !(text.contains("no such table") || text.contains("does not exist")) {
                app.logger.warning("Không đọc được ngày nghỉ điều chỉnh từ cơ sở dữ liệu: \(text)")
            }
            return []
        }
    }
}
