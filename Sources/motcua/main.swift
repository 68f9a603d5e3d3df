import Foundation
import Logging
import MotCuaApp
import Vapor

// `motcua demo [--port P] [--hostname H]` is `serve` on the embedded database with the demo province seeded.
var arguments = CommandLine.arguments
var options = AppOptions()
if arguments.count > 1, arguments[1] == "demo" {
    arguments[1] = "serve"
    options.mode = .demo
}

// Vapor serves when no command is named (or only options are given).
options.runsBackgroundWork = arguments.count < 2 || arguments[1] == "serve" || arguments[1].hasPrefix("-")
var env = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
var exitCode: Int32 = 0
do {
    try await configure(app, options: options)
    if options.mode == .demo {
        printDemoBanner(app, arguments: arguments)
    }
    try await app.execute()
} catch {
    // A person reads this: the message alone, in Vietnamese where it is ours, and a non-zero exit status.
    FileHandle.standardError.write(Data("Lỗi: \((error as? LocalizedError)?.errorDescription ?? String(describing: error))\n".utf8))
    exitCode = 1
}
try? await app.asyncShutdown()
exit(exitCode)
