import Foundation
import Vapor

/// espeak-ng as a subprocess: arguments passed as an array (no shell, nothing interpolated), output to a temporary
/// file, killed after a timeout. Missing espeak-ng is a 503 with a message, not a crash.
enum Speech {
    static let timeout: TimeInterval = 10

    static func executable() -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] {
            let path = dir + "/espeak-ng"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static var unavailable: AppError {
        AppError(.serviceUnavailable, "speech_unavailable",
                 "Máy chủ chưa cài espeak-ng nên chưa đọc được lời mời; bảng hiển thị vẫn hiện số. Quản trị viên cài gói “espeak-ng” để bật tiếng.",
                 retryAfter: 300)
    }

    static func synthesize(_ text: String, logger: Logger) async throws -> Data {
        guard let espeak = executable() else { throw unavailable }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-speech-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: espeak)
        process.arguments = ["-v", "vi", "-s", "150", "-w", output.path, "--", text]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: unavailable)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
            }
        }
        guard status == 0, let data = FileManager.default.contents(atPath: output.path), !data.isEmpty else {
            logger.warning("espeak-ng kết thúc với mã \(status)")
            throw AppError(.serviceUnavailable, "speech_failed", "Không tạo được âm thanh lời mời. Bảng hiển thị vẫn hiện số; vui lòng thử lại sau.", retryAfter: 30)
        }
        return data
    }
}
