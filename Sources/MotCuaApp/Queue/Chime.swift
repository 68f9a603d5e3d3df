import Foundation

/// The two-note chime ("ding–dong") played before a spoken call, synthesised here: no sound file from elsewhere.
/// 16-bit mono PCM at the sample rate of the speech it precedes, so the two join into one WAV.
enum Chime {
    static func samples(sampleRate: Int) -> [Int16] {
        var out: [Int16] = []
        // E5 then C5, each with a quick attack and an exponential decay, then a short silence before the voice.
        for (frequency, seconds) in [(659.25, 0.45), (523.25, 0.65)] {
            let count = Int(Double(sampleRate) * seconds)
            out.reserveCapacity(out.count + count)
            for i in 0..<count {
                let t = Double(i) / Double(sampleRate)
                let attack = min(1, t / 0.01)
                let envelope = attack * exp(-3.5 * t)
                let value = 0.45 * envelope * (sin(2 * .pi * frequency * t) + 0.25 * sin(4 * .pi * frequency * t))
                out.append(Int16(max(-1, min(1, value)) * 32_000))
            }
        }
        out.append(contentsOf: [Int16](repeating: 0, count: sampleRate / 4))
        return out
    }
}
