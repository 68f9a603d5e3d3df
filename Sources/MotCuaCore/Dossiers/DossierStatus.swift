import Foundation

/// A dossier's status, numbered as on the national public-service portal so that syncing is
/// a mapping of raw values (DOMAIN §3).
public enum DossierStatus: Int, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case new = 1
    case accepted
    case notAccepted
    case processing
    case supplementRequested
    case awaitingFees
    case withdrawn
    case stopped
    case resolved
    case returned

    public var label: String {
        switch self {
        case .new: "Mới đăng ký"
        case .accepted: "Đã tiếp nhận"
        case .notAccepted: "Không được tiếp nhận"
        case .processing: "Đang xử lý"
        case .supplementRequested: "Yêu cầu bổ sung"
        case .awaitingFees: "Chờ thực hiện nghĩa vụ tài chính"
        case .withdrawn: "Công dân rút hồ sơ"
        case .stopped: "Dừng xử lý"
        case .resolved: "Đã giải quyết"
        case .returned: "Đã trả kết quả"
        }
    }

    /// No action leaves these statuses.
    public var isTerminal: Bool {
        switch self {
        case .notAccepted, .withdrawn, .stopped, .returned: true
        default: false
        }
    }

    public var description: String { label }
}
