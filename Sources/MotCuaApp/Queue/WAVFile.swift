import Foundation

/// Just enough of RIFF/WAVE for the spoken call: read espeak-ng's 16-bit mono PCM and write chime + speech as one file.
struct WAVFile {
    var sampleRate: Int
    var samples: [Int16]

    /// Parses a PCM WAV; nil for anything else (then the call is answered with an error, never a trap).
    init?(data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, bytes[0..<4].elementsEqual(Array("RIFF".utf8)), bytes[8..<12].elementsEqual(Array("WAVE".utf8)) else { return nil }
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        var offset = 12
        var rate: Int? = nil
        var pcm: [Int16]? = nil
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = u32(offset + 4)
            let body = offset + 8
            // espeak-ng writing to a file it cannot seek leaves the data size at 0x7FFFFFFF-ish: take what is there.
            let end = min(bytes.count, body + max(0, size))
            if id == "fmt ", end - body >= 16 {
                guard u16(body) == 1, u16(body + 2) == 1, u16(body + 14) == 16 else { return nil }
                rate = u32(body + 4)
            } else if id == "data" {
                var values: [Int16] = []
                values.reserveCapacity((end - body) / 2)
                var i = body
                while i + 1 < end {
                    values.append(Int16(bitPattern: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8))
                    i += 2
                }
                pcm = values
                break
            }
            guard size >= 0, body + size > offset else { return nil }
            offset = body + size + (size % 2)
        }
        guard let rate, rate > 0, rate <= 192_000, let pcm else { return nil }
        sampleRate = rate
        samples = pcm
    }

    init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    var data: Data {
        var out = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
        let dataSize = samples.count * 2
        out.append(contentsOf: Array("RIFF".utf8)); u32(36 + dataSize)
        out.append(contentsOf: Array("WAVE".utf8))
        out.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(sampleRate); u32(sampleRate * 2); u16(2); u16(16)
        out.append(contentsOf: Array("data".utf8)); u32(dataSize)
        samples.withUnsafeBufferPointer { buffer in
            for sample in buffer { withUnsafeBytes(of: sample.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }
}
