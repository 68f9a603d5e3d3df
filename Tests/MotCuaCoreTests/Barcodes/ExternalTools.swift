import Foundation
import Testing

/// Finds and runs command-line tools that some tests need (zbarimg, rsvg-convert, …).
/// Tests using them are enabled when the tools are on PATH; with MOTCUA_REQUIRE_TOOLS=1 (as CI sets)
/// they always run, so a missing tool fails the test instead of silently skipping it.
enum ExternalTools {
    static let requireVariable = "MOTCUA_REQUIRE_TOOLS"

    static var required: Bool {
        ProcessInfo.processInfo.environment[requireVariable] == "1"
    }

    static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func allAvailable(_ names: [String]) -> Bool {
        names.allSatisfy { locate($0) != nil }
    }

    struct Missing: Error, CustomStringConvertible {
        let names: [String]
        var description: String {
            "missing tool(s) on PATH: \(names.joined(separator: ", ")) (\(ExternalTools.requireVariable)=1 requires them)"
        }
    }

    static func require(_ names: String...) throws {
        let missing = names.filter { locate($0) == nil }
        if !missing.isEmpty { throw Missing(names: missing) }
    }

    struct Result {
        let status: Int32
        let output: String
        let errorOutput: String
    }

    /// Runs through /usr/bin/env so the tool is resolved from PATH exactly as a shell would.
    static func run(_ tool: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe(), errorOutput = Pipe()
        process.standardOutput = output
        process.standardError = errorOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errorOutput.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: outData, as: UTF8.self),
            errorOutput: String(decoding: errData, as: UTF8.self)
        )
    }
}

extension Trait where Self == ConditionTrait {
    /// Enabled when all tools are on PATH, or always when MOTCUA_REQUIRE_TOOLS=1;
    /// the test body must still call `ExternalTools.require` so that a missing tool fails.
    static func requiresTools(_ names: String...) -> Self {
        .enabled(
            if: ExternalTools.required || ExternalTools.allAvailable(names),
            "needs \(names.joined(separator: ", ")) on PATH (set \(ExternalTools.requireVariable)=1 to make their absence a failure)"
        )
    }
}
