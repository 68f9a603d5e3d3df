import NIOCore
import Vapor

/// Hands one SMS to the operator's gateway. The HTTP gateway is the real one; tests may count or fail instead.
protocol SMSTransport: Sendable {
    /// Returns when the gateway answered 2xx; throws `SMSGatewayError` otherwise (the worker retries with its back-off).
    /// `id` is the outbox row's id: the same on every attempt, so the gateway can drop a duplicate.
    func send(id: String, to: String, text: String) async throws
}

/// Why the gateway did not take a message; the description is what administrators read.
struct SMSGatewayError: Error, CustomStringConvertible, Sendable {
    let description: String
}

/// `POST $MOTCUA_SMS_URL` with `{"to","text","id","from"}` and `Authorization: Bearer $MOTCUA_SMS_TOKEN`.
struct HTTPSMSGateway: SMSTransport {
    struct Body: Content {
        let to: String
        let text: String
        let id: String
        /// The brand name (`MOTCUA_SMS_SENDER`); gateways that fix the brand per account ignore it.
        let from: String
    }

    let client: any Client
    let url: URI
    let token: String
    let sender: String
    let timeout: TimeAmount

    /// nil without `MOTCUA_SMS_URL`: SMS then stay in the outbox.
    init?(app: Application) {
        let settings = app.smsSettings
        guard let url = settings.gatewayURL, let token = settings.token else { return nil }
        self.init(client: app.client, url: url, token: token, sender: settings.sender, timeout: settings.timeout)
    }

    init(client: any Client, url: URI, token: String, sender: String, timeout: TimeAmount) {
        self.client = client
        self.url = url
        self.token = token
        self.sender = sender
        self.timeout = timeout
    }

    func send(id: String, to: String, text: String) async throws {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let body = Body(to: to, text: text, id: id, from: sender)
        let response: ClientResponse
        do {
            response = try await client.post(url, headers: headers) { request in
                try request.content.encode(body, as: .json)
                request.timeout = timeout
            }
        } catch {
            throw SMSGatewayError(description: "Không kết nối được tới cổng SMS \(url.host ?? "?"): \(String(describing: error).prefix(300))")
        }
        guard (200..<300).contains(response.status.code) else {
            // The start of the gateway's answer helps the administrator; it is bounded and kept to one line.
            let answer = response.body.map { String(buffer: $0) } ?? ""
            let line = answer.prefix(200).map { $0.isNewline ? " " : $0 }
            throw SMSGatewayError(description: "Cổng SMS trả lời \(response.status.code)\(line.isEmpty ? "" : ": " + String(line)); sẽ thử lại sau.")
        }
    }
}
