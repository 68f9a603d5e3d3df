import Vapor

struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Sinh dữ liệu hồ sơ mẫu." }
    func run(using context: CommandContext, signature: Signature) async throws {}
}
