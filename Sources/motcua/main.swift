import MotCuaApp
import Vapor
import Logging

// `motcua demo [--port P] [--hostname H]` is `serve` on the embedded database with the demo province seeded.
var arguments = CommandLine.arguments
var options = AppOptions()
if arguments.count > 1, arguments[1] == "demo" {
    arguments[1] = "serve"
    options.mode = .demo
}

var env = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    try await configure(app, options: options)
    if options.mode == .demo {
        printDemoBanner(app, arguments: arguments)
    }
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
