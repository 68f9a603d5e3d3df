import Foundation
import Testing
@testable import MotCuaApp

/// scripts/smtp-sink.py (aiosmtpd) on a free loopback port, saving each message it accepts as an .eml file.
final class MailSink: @unchecked Sendable {
    let port: Int
    let directory: URL
    private let process: Process

    struct Options {
        var tlsCert: String? = nil
        var tlsKey: String? = nil
        var auth: String? = nil
    }

    init(_ options: Options = Options()) throws {
        try MailTools.require()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = [MailTools.script("smtp-sink.py"), "--port", "0", "--dir", directory.path]
        if let cert = options.tlsCert, let key = options.tlsKey { arguments += ["--tls-cert", cert, "--tls-key", key] }
        if let auth = options.auth { arguments += ["--auth", auth] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // The first line says where it listens; until then the port is not open.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on "), let port = text.split(separator: ":").last.flatMap({ Int($0) }) else {
            process.terminate()
            throw MailTools.Failure(description: "smtp-sink.py did not start (\(text.isEmpty ? "no output" : text))")
        }
        self.port = port
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            // SIGTERM can be blocked in the child (an inherited signal mask): do not wait for it forever.
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    var server: SMTPServerAddress { SMTPServerAddress(host: "127.0.0.1", port: port) }

    /// The messages received so far, oldest first, each read by Python's e-mail parser.
    func messages() throws -> [ReceivedMail] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try files.map { try ReceivedMail.read(directory.appendingPathComponent($0).path) }
    }
}

/// One .eml as scripts/read-eml.py reports it.
struct ReceivedMail: Decodable {
    let subject: String
    let from: String
    let to: String
    let message_id: String
    let date: String
    let content_type: String
    let text: String?
    let html: String?
    let longest_line: Int
    let envelope_to: String

    static func read(_ path: String) throws -> ReceivedMail {
        let output = try MailTools.run("python3", [MailTools.script("read-eml.py"), path])
        return try JSONDecoder().decode(ReceivedMail.self, from: Data(output.utf8))
    }
}

/// python3 with aiosmtpd (and openssl for the STARTTLS test): found on this machine, or required by CI.
enum MailTools {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static var required: Bool { ProcessInfo.processInfo.environment["MOTCUA_REQUIRE_TOOLS"] == "1" }

    /// Whether the SMTP tests run: always under MOTCUA_REQUIRE_TOOLS=1 (a missing tool then fails them).
    static let enabled: Bool = required || missing().isEmpty

    static func missing() -> [String] {
        guard (try? run("python3", ["-c", "import aiosmtpd"])) != nil else { return ["python3 with aiosmtpd (pip install aiosmtpd)"] }
        return []
    }

    static func require() throws {
        let missing = missing()
        if !missing.isEmpty {
            throw Failure(description: "missing for the SMTP tests: \(missing.joined(separator: ", ")) (MOTCUA_REQUIRE_TOOLS=1 requires it)")
        }
    }

    static func script(_ name: String) -> String {
        URL(fileURLWithPath: ProjectRoot.locate()).appendingPathComponent("scripts/\(name)").path
    }

    /// Runs a tool from PATH; throws with its error output when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A self-signed certificate for 127.0.0.1 made by openssl; returns (cert, key) paths in `directory`.
    static func selfSignedCertificate(in directory: URL) throws -> (cert: String, key: String) {
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        return (cert, key)
    }
}
