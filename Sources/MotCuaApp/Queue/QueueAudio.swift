import Fluent
import Foundation
import Vapor

/// `GET /api/v1/queue/calls/{id}/audio`: the chime and "Mời công dân có số thứ tự 1023 đến quầy số 3" as WAV,
/// spoken by espeak-ng (voice `vi`) and cached on disk per text under the data directory: a recall or another board
/// asking for the same call costs nothing. The text holds only our own ticket number and counter number.
enum QueueAudio {
    static func text(number: String, counterNumber: Int) -> String {
        "Mời công dân có số thứ tự \(spoken(number)) đến quầy số \(counterNumber)"
    }

    /// Letters of a prefix are spelled apart from the digits ("A 007" rather than a word); digits pass as they are.
    static func spoken(_ number: String) -> String {
        guard let first = number.first, first.isLetter else { return number }
        return String(number.prefix { $0.isLetter }) + " " + String(number.drop { $0.isLetter })
    }

    @Sendable static func audio(req: Request) async throws -> Response {
        guard let text = req.parameters.get("id"), text.count <= 18, let id = Int(text),
              let call = try await QueueCall.query(on: req.db).filter(\.$id == id).with(\.$ticket).with(\.$counter).first() else {
            throw AppError.notFound("Không tìm thấy lượt gọi số này.")
        }
        let sentence = Self.text(number: call.ticket.number, counterNumber: call.counter.number)
        let directory = (req.application.settings.dataDirectory as NSString).appendingPathComponent("queue-audio")
        let data = try await cachedWAV(for: sentence, directory: directory, logger: req.logger)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: "audio/wav")
        // The same call always says the same thing.
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400, immutable")
        return response
    }

    static func cachedWAV(for sentence: String, directory: String, logger: Logger) async throws -> Data {
        let name = SHA256.hash(data: Data(sentence.utf8)).hexString + ".wav"
        let path = (directory as NSString).appendingPathComponent(name)
        if let cached = FileManager.default.contents(atPath: path), !cached.isEmpty { return cached }
        let speech = try await Speech.synthesize(sentence, logger: logger)
        guard var wav = WAVFile(data: speech) else {
            throw AppError(.serviceUnavailable, "speech_failed", "Không tạo được âm thanh lời mời. Bảng hiển thị vẫn hiện số; vui lòng báo quản trị viên.")
        }
        wav.samples = Chime.samples(sampleRate: wav.sampleRate) + wav.samples
        let data = wav.data
        // Written aside then moved: a reader never sees half a file, two writers leave one whole file.
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".\(UUID().uuidString).tmp"
        if FileManager.default.createFile(atPath: temporary, contents: data) {
            if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        }
        return data
    }
}
