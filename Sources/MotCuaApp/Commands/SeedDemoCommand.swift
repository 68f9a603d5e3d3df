import Fluent
import Vapor

/// `motcua seed-demo`: the demo province and its accounts, into the configured database, if it is empty.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Nạp dữ liệu mẫu (cơ quan, thủ tục, tài khoản demo) vào cơ sở dữ liệu đang cấu hình." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await DemoSeed.isSeeded(on: app.db) {
            context.console.output("Cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu mẫu.".consoleText(.warning))
            return
        }
        try await DemoSeed.run(on: app.db, catalogURL: DemoSeed.catalogURL(app), passwordHash: app.password.hash(DemoSeed.password), logger: app.logger)
        DemoSeed.printAccounts(to: context.console, baseURL: "(chạy `motcua serve` để mở trang)")
    }
}
