import Vapor

extension Request {
    /// An absolute address for links that leave the browser (mail, QR codes): `MOTCUA_PUBLIC_URL` when set, otherwise
    /// the Host this request came to, otherwise the default listening address.
    func publicURL(_ path: String) -> String {
        let suffix = path.hasPrefix("/") ? path : "/" + path
        if var configured = application.settings.publicBaseURL, !configured.isEmpty {
            while configured.hasSuffix("/") { configured.removeLast() }
            return configured + suffix
        }
        // The Host header is client input: only a plain host[:port] may end up in a link sent to someone.
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        if let host = headers.first(name: .host), !host.isEmpty, host.count <= 255, host.unicodeScalars.allSatisfy(allowed.contains) {
            let scheme = application.http.server.configuration.tlsConfiguration == nil ? "http" : "https"
            return "\(scheme)://\(host)\(suffix)"
        }
        return "http://127.0.0.1:8080" + suffix
    }
}
