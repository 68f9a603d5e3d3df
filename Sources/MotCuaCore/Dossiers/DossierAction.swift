import Foundation

/// What a person can do to a dossier; raw values are the stable keys used in URLs and events.
public enum DossierAction: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case accept
    case refuse
    case requestSupplement = "request-supplement"
    case supplement
    case start
    case forward
    case requestFees = "request-fees"
    case feesPaid = "fees-paid"
    case resolve
    case stop
    case withdraw
    case reschedule
    case `return`

    /// The button label.
    public var label: String {
        switch self {
        case .accept: "Tiếp nhận"
        case .refuse: "Từ chối tiếp nhận"
        case .requestSupplement: "Yêu cầu bổ sung"
        case .supplement: "Nhận bổ sung"
        case .start: "Bắt đầu xử lý"
        case .forward: "Chuyển bước tiếp theo"
        case .requestFees: "Yêu cầu nộp phí"
        case .feesPaid: "Đã nộp phí"
        case .resolve: "Giải quyết xong"
        case .stop: "Dừng xử lý"
        case .withdraw: "Rút hồ sơ"
        case .reschedule: "Gia hạn (xin lỗi, hẹn lại)"
        case .return: "Trả kết quả"
        }
    }

    public var description: String { label }
}
