import Vapor

extension Digest {
    /// Lower-case hexadecimal, as SHA-256 digests are stored and compared (tokens, uploads, request fingerprints).
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
