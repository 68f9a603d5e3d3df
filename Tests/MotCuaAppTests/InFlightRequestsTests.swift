import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// A stopping server lets the requests it is answering finish before the databases close (a request that
/// found its database gone used to crash the process), but does not wait for ever.
@Suite("Requests in flight at shutdown")
struct InFlightRequestsTests {
    /// Answers after `delay`, and says when it did.
    struct SlowResponder: AsyncResponder {
        let delay: Duration
        let answered: NIOLockedValueBox<Bool>
        func respond(to request: Request) async throws -> Response {
            try await Task.sleep(for: delay)
            answered.withLockedValue { $0 = true }
            return Response(status: .ok)
        }
    }

    @Test func shutdownWaitsForARequestStillRunning() async throws {
        try await withMotCua(seed: false) { app in
            // setup
            let inFlight = InFlightRequests(patience: .seconds(10))
            let answered = NIOLockedValueBox(false)
            let request = Request(application: app, on: app.eventLoopGroup.next())
            let running = Task { try await inFlight.respond(to: request, chainingTo: SlowResponder(delay: .milliseconds(300), answered: answered)) }
            while inFlight.count == 0 { try await Task.sleep(for: .milliseconds(5)) }

            // act
            await inFlight.shutdownAsync(app)

            // assert: shutdown came back only once the request had its answer
            #expect(answered.withLockedValue { $0 })
            #expect(inFlight.count == 0)
            #expect(try await running.value.status == .ok)
        }
    }

    @Test func shutdownGivesUpAfterItsPatience() async throws {
        try await withMotCua(seed: false) { app in
            // setup: a request that would take far longer than the patience
            let inFlight = InFlightRequests(patience: .milliseconds(100))
            let answered = NIOLockedValueBox(false)
            let request = Request(application: app, on: app.eventLoopGroup.next())
            let running = Task { try await inFlight.respond(to: request, chainingTo: SlowResponder(delay: .seconds(30), answered: answered)) }
            while inFlight.count == 0 { try await Task.sleep(for: .milliseconds(5)) }

            // act
            await inFlight.shutdownAsync(app)

            // assert: it returned while the request was still running
            #expect(!answered.withLockedValue { $0 })
            #expect(inFlight.count == 1)
            running.cancel()
            _ = try? await running.value
            #expect(inFlight.count == 0)
        }
    }
}
