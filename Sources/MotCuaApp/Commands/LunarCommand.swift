import Foundation
import MotCuaCore
import Vapor

/// `motcua lunar 2027-02-06` → `{"year":2027,"month":1,"day":1,"leap":false}`
struct LunarCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "date", help: "Ngày dương lịch YYYY-MM-DD (1900–2100)") var date: String
    }
    var help: String { "Đổi ngày dương lịch sang âm lịch Việt Nam (múi giờ UTC+7)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let day = LocalDate(iso: signature.date), (1900...2100).contains(day.year) else {
            throw CommandFailure("Ngày “\(signature.date)” không hợp lệ: dùng dạng YYYY-MM-DD, năm 1900–2100.")
        }
        let lunar = LunarCalendar.lunarDate(for: day)
        context.console.output("{\"year\":\(lunar.year),\"month\":\(lunar.month),\"day\":\(lunar.day),\"leap\":\(lunar.leap)}".consoleText())
    }
}

/// A command error that prints its message alone, without a stack of framework text.
struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    let description: String
    init(_ message: String) { description = message }
    var errorDescription: String? { description }
}
