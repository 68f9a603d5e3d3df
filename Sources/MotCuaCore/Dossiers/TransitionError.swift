import Foundation

/// A refused status change. `message` (Vietnamese) names the action, the current status and
/// what can be done instead; `code` is a stable key for the API:
/// `dossier_closed` (terminal status), `already_rescheduled`, `transition_not_allowed`.
public struct TransitionError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
