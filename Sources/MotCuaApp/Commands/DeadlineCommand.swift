import Fluent
import MotCuaCore
import Vapor

/// `motcua deadline --received 2027-04-14T10:00 --days 3` → `2027-04-20T17:00:00+07:00`
struct DeadlineCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "received", help: "Thời điểm tiếp nhận, ví dụ 2027-04-14T10:00 (giờ Việt Nam nếu không ghi múi giờ)") var received: String?
        @Option(name: "days", help: "Thời hạn giải quyết (số ngày, 0 = trong ngày)") var days: Int?
        @Option(name: "unit", help: "working_day (mặc định) hoặc day (ngày theo lịch)") var unit: String?
    }
    var help: String { "Tính ngày hẹn trả kết quả theo lịch làm việc, ngày lễ và giờ nhận hồ sơ." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let raw = signature.received, let received = VietnamTime.parse(raw) else {
            throw CommandFailure("Thiếu hoặc sai --received: dùng dạng 2027-04-14T10:00 (có thể kèm +07:00).")
        }
        guard let days = signature.days, (0...3650).contains(days) else {
            throw CommandFailure("Thiếu hoặc sai --days: cần một số ngày từ 0 trở lên.")
        }
        guard let unit = ProcessingTimeUnit(rawValue: signature.unit ?? "working_day") else {
            throw CommandFailure("--unit chỉ nhận working_day hoặc day.")
        }
        let app = context.application
        let calendar = WorkingCalendar(schedule: app.settings.schedule, overrides: await StoredOverrides.load(app))
        context.console.output(VietnamTime.format(calendar.appointment(receivedAt: received, days: days, unit: unit)).consoleText())
    }
}
