import Foundation

/// A validation failure a person reads: Vietnamese message saying what is wrong and what to do.
/// `field` and `code` are stable English keys for forms and the JSON API; `message` is for people.
public struct ValidationFailure: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public let field: String
    public let code: String
    public let message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
