import Vapor

extension Request {
    /// The address a client's attempts are counted under (login back-off, lookup rate limit). The peer address,
    /// unless the peer is one of `MOTCUA_TRUSTED_PROXIES`: then the nearest address in `X-Forwarded-For` that is not
    /// one of them. A header any client can write is believed only when our own proxy wrote it.
    var clientAddress: String { clientAddress(trusting: application.settings.trustedProxies) }

    func clientAddress(trusting trusted: Set<String>) -> String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard !trusted.isEmpty, trusted.contains(peer) else { return peer }
        let forwarded = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return forwarded.reversed().first { !trusted.contains($0) }.map { String($0.prefix(64)) } ?? peer
    }
}
