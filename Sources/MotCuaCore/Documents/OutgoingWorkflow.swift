import Foundation

/// Where an outgoing document stands (Decree 30/2020): drafted, reviewed by the unit head, approved for signature,
/// signed by the leader, issued by the clerk (number, notation and date line are assigned only then).
public enum OutgoingState: String, CaseIterable, Sendable {
    case draft, submitted, approved, signed, issued

    public var label: String {
        switch self {
        case .draft: return "Dự thảo"
        case .submitted: return "Chờ thẩm định"
        case .approved: return "Chờ ký duyệt"
        case .signed: return "Đã ký, chờ phát hành"
        case .issued: return "Đã phát hành"
        }
    }
}

public enum OutgoingAction: String, CaseIterable, Sendable {
    case submit, approve, `return`, sign, issue

    public var label: String {
        switch self {
        case .submit: return "Trình thẩm định"
        case .approve: return "Thẩm định đạt, trình ký"
        case .return: return "Trả lại để sửa"
        case .sign: return "Ký duyệt"
        case .issue: return "Cấp số và phát hành"
        }
    }
}

/// The outgoing document's moves; every other move is refused with a message that says what is possible instead.
public enum OutgoingWorkflow {
    /// The move's target, or nil when the action is not this state's to take.
    public static func target(from state: OutgoingState, action: OutgoingAction) -> OutgoingState? {
        switch (state, action) {
        case (.draft, .submit): return .submitted
        case (.submitted, .approve): return .approved
        case (.submitted, .return), (.approved, .return): return .draft
        case (.approved, .sign): return .signed
        case (.signed, .issue): return .issued
        default: return nil
        }
    }

    public static func next(from state: OutgoingState, action: OutgoingAction) throws(TransitionError) -> OutgoingState {
        if let target = target(from: state, action: action) { return target }
        let allowed = allowedActions(from: state).map { "“\($0.label)”" }.joined(separator: ", ")
        let instead = allowed.isEmpty ? "Văn bản đã phát hành, không thể thay đổi." : "Thao tác có thể làm lúc này: \(allowed)."
        throw TransitionError(code: "transition_not_allowed",
                              message: "Không thể “\(action.label)” văn bản đang ở trạng thái “\(state.label)”. \(instead)")
    }

    public static func allowedActions(from state: OutgoingState) -> [OutgoingAction] {
        OutgoingAction.allCases.filter { target(from: state, action: $0) != nil }
    }
}

/// Urgency of an official document (DOMAIN §7): urgent ones are registered and forwarded at once and sorted first.
public enum DocumentUrgency: String, CaseIterable, Sendable {
    case normal = "thuong", urgent = "khan", veryUrgent = "thuong_khan", flash = "hoa_toc"

    public var label: String {
        switch self {
        case .normal: return "Thường"
        case .urgent: return "Khẩn"
        case .veryUrgent: return "Thượng khẩn"
        case .flash: return "Hỏa tốc"
        }
    }

    /// Higher is more pressing: lists sort on it.
    public var rank: Int {
        switch self {
        case .normal: return 0
        case .urgent: return 1
        case .veryUrgent: return 2
        case .flash: return 3
        }
    }
}

/// Confidentiality (DOMAIN §7): anything but `normal` is numbered in its own series and shown only to those concerned.
public enum DocumentConfidentiality: String, CaseIterable, Sendable {
    case normal = "thuong", secret = "mat", topSecret = "toi_mat", absoluteSecret = "tuyet_mat"

    public var label: String {
        switch self {
        case .normal: return "Thường"
        case .secret: return "Mật"
        case .topSecret: return "Tối mật"
        case .absoluteSecret: return "Tuyệt mật"
        }
    }

    public var isConfidential: Bool { self != .normal }
}
