/// BCH-protected metadata written next to the finder patterns.
enum QRFormatInfo {
    /// 15 bits: level + mask, BCH(15,5) with generator 0x537, XORed with 0x5412 so it is never all light.
    static func formatBits(_ level: QRErrorCorrection, mask: Int) -> Int {
        let data = level.formatIndicator << 3 | mask
        var remainder = data
        for _ in 0..<10 {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
        }
        return ((data << 10) | (remainder & 0x3ff)) ^ 0x5412
    }

    /// 18 bits for versions ≥ 7: version number + BCH(18,6) with generator 0x1F25.
    static func versionBits(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 {
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1f25)
        }
        return version << 12 | (remainder & 0xfff)
    }
}
