import Fluent
import Vapor

/// SQLite allows one writer at a time and answers a second with "database is locked"; this gate queues
/// write transactions inside the process instead. PostgreSQL handles concurrent writers itself, so the gate
/// is open there (and several nodes can share that database).
actor WriteGate {
    private let enabled: Bool
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(enabled: Bool) { self.enabled = enabled }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard enabled else { return try await body() }
        await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

extension Application {
    private struct WriteGateKey: StorageKey { typealias Value = WriteGate }
    var writeGate: WriteGate {
        get { storage[WriteGateKey.self] ?? WriteGate(enabled: false) }
        set { storage[WriteGateKey.self] = newValue }
    }
}

extension Request {
    /// A write transaction, queued behind others when the database is SQLite.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) async throws -> T) async throws -> T {
        let db = self.db
        return try await application.writeGate.run {
            try await db.transaction { try await body($0) }
        }
    }
}
