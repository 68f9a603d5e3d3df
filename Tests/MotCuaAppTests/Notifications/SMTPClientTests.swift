import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import MotCuaApp

/// The client against servers that misbehave: silent, or talking nonsense. Each must end in a transient error, in time.
@Suite("SMTP client against broken servers")
struct SMTPClientTests {
    /// A TCP server on a free loopback port that runs `greet` on each connection and never reads.
    private func server(_ greet: @escaping @Sendable (any Channel) -> Void) async throws -> (any Channel, Int) {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.scheduleTask(in: .milliseconds(20)) { greet(child) }
                return child.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        return (channel, port)
    }

    /// Replies are awaited `timeout` seconds; long enough by default that a loaded machine still hears a prompt server.
    private func client(port: Int, timeout: Int64 = 20) -> SMTPClient {
        var client = SMTPClient(server: SMTPServerAddress(host: "127.0.0.1", port: port), caFile: nil, group: MultiThreadedEventLoopGroup.singleton)
        client.replyTimeout = .seconds(timeout)
        return client
    }

    private func failure(_ client: SMTPClient) async -> SMTPError? {
        do {
            try await client.send(from: "no-reply@motcua.local", to: "an@example.vn", message: "Subject: x\r\n\r\nx\r\n")
            return nil
        } catch {
            return error as? SMTPError
        }
    }

    @Test func aSilentServerTimesOut() async throws {
        let (listener, port) = try await server { _ in }
        defer { listener.close(promise: nil) }
        let started = Date()
        let error = await failure(client(port: port, timeout: 1))
        #expect(error?.isPermanent == false)
        #expect(error?.description.contains("không trả lời sau 1 giây") == true, "\(String(describing: error))")
        // Well under the default 60 s: the configured timeout ended it (a loaded machine may take a while to say so).
        #expect(Date().timeIntervalSince(started) < 45)
    }

    @Test func endlessLinesAndNonSMTPRepliesAreRefused() async throws {
        let (endless, endlessPort) = try await server { channel in
            channel.writeAndFlush(channel.allocator.buffer(repeating: UInt8(ascii: "A"), count: 10_000), promise: nil)
        }
        defer { endless.close(promise: nil) }
        let tooLong = await failure(client(port: endlessPort))
        #expect(tooLong?.description.contains("quá dài") == true, "\(String(describing: tooLong))")

        let (http, httpPort) = try await server { channel in
            channel.writeAndFlush(channel.allocator.buffer(string: "HTTP/1.1 400 Bad Request\r\n\r\n"), promise: nil)
        }
        defer { http.close(promise: nil) }
        let nonsense = await failure(client(port: httpPort))
        #expect(nonsense?.isPermanent == false)
        #expect(nonsense?.description.contains("không đúng giao thức SMTP") == true, "\(String(describing: nonsense))")
    }

    @Test func aServerThatRefusesTheGreetingIsAPermanentFailure() async throws {
        let (listener, port) = try await server { channel in
            channel.writeAndFlush(channel.allocator.buffer(string: "554 5.7.1 no service for you\r\n"), promise: nil)
        }
        defer { listener.close(promise: nil) }
        let error = await failure(client(port: port))
        #expect(error?.isPermanent == true)
        #expect(error?.description.contains("554") == true)
    }
}
