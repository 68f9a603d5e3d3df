import Foundation
import NIOConcurrencyHelpers
import Vapor
@testable import MotCuaApp

/// A real HTTP SMS gateway for the tests: a second Vapor application on a free loopback port that records every POST
/// and answers with the statuses it is told to (then 200).
final class SMSGatewayStub: Sendable {
    struct Received: Sendable {
        let authorization: String?
        let contentType: String?
        let json: [String: String]
        let answered: UInt
    }

    private struct State {
        var received: [Received] = []
        var script: [HTTPResponseStatus] = []
    }

    private let app: Application
    private let state = NIOLockedValueBox(State())
    let port: Int

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    static func start() async throws -> SMSGatewayStub {
        let app = try await Application.make(.testing)
        let box = NIOLockedValueBox<SMSGatewayStub?>(nil)
        app.post("send") { req -> Response in
            guard let stub = box.withLockedValue({ $0 }) else { return Response(status: .serviceUnavailable) }
            return stub.record(req)
        }
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else {
            await app.server.shutdown()
            try await app.asyncShutdown()
            throw Abort(.internalServerError, reason: "the SMS gateway stub has no port")
        }
        let stub = SMSGatewayStub(app: app, port: port)
        box.withLockedValue { $0 = stub }
        return stub
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    var url: URI { URI(string: "http://127.0.0.1:\(port)/send") }

    /// The next answers, in order (e.g. 500, 503); after them, 200.
    func answer(_ statuses: [HTTPResponseStatus]) {
        state.withLockedValue { $0.script = statuses }
    }

    var received: [Received] { state.withLockedValue { $0.received } }
    var delivered: [Received] { received.filter { (200..<300).contains($0.answered) } }

    private func record(_ req: Request) -> Response {
        let json = req.body.data.flatMap { try? JSONSerialization.jsonObject(with: Data($0.readableBytesView)) as? [String: String] } ?? [:]
        let status = state.withLockedValue { state -> HTTPResponseStatus in
            let status = state.script.isEmpty ? .ok : state.script.removeFirst()
            state.received.append(Received(authorization: req.headers.first(name: .authorization), contentType: req.headers.first(name: .contentType),
                                           json: json, answered: status.code))
            return status
        }
        return Response(status: status, body: .init(string: status == .ok ? "{\"status\":\"accepted\"}" : "{\"error\":\"temporarily unavailable\"}"))
    }
}

extension Application {
    /// Points the application's SMS settings at `stub` with the tests' token.
    func useSMSGateway(_ stub: SMSGatewayStub?, ascii: Bool = false) {
        var settings = SMSSettings()
        settings.gatewayURL = stub?.url
        settings.token = SMSTestToken.value
        settings.sender = "UBND LAMDONG"
        settings.ascii = ascii
        settings.timeout = .seconds(5)
        smsSettings = settings
    }
}

enum SMSTestToken {
    static let value = "gw-7f3a9c-secret"
}
