import MotCuaCore

/// The slips of Circular 01/2018/TT-VPCP that a dossier can print (form 06, the register, is a report, not a slip).
enum SlipForm: String, CaseIterable, Sendable {
    case receipt = "01"
    case supplement = "02"
    case refusal = "03"
    case apology = "04"
    case control = "05"

    var title: String {
        switch self {
        case .receipt: return "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        case .supplement: return "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
        case .refusal: return "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
        case .apology: return "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
        case .control: return "Phiếu kiểm soát quá trình giải quyết hồ sơ"
        }
    }

    var template: String { "Slips/\(rawValue)" }

    func path(for code: String) -> String { "/ho-so/\(code)/phieu/\(rawValue)" }

    /// Why this slip cannot be printed for a dossier to which it does not apply.
    var notApplicable: String {
        switch self {
        case .receipt, .control: return "Hồ sơ này chưa được tiếp nhận nên không có \(title.lowercasedFirst) (mẫu \(rawValue))."
        case .supplement: return "Hồ sơ này chưa từng được yêu cầu bổ sung nên không có \(title.lowercasedFirst) (mẫu 02)."
        case .refusal: return "Hồ sơ này không bị từ chối tiếp nhận nên không có \(title.lowercasedFirst) (mẫu 03)."
        case .apology: return "Hồ sơ này chưa được hẹn lại ngày trả kết quả nên không có \(title.lowercasedFirst) (mẫu 04)."
        }
    }

    /// The slips that can be printed for a dossier in the state a list row shows (the slip itself re-checks the timeline).
    static func available(status: DossierStatus, wasAccepted: Bool, rescheduled: Bool) -> [SlipForm] {
        var forms: [SlipForm] = []
        if wasAccepted { forms.append(.receipt) }
        if status == .supplementRequested { forms.append(.supplement) }
        if status == .notAccepted { forms.append(.refusal) }
        if rescheduled { forms.append(.apology) }
        if wasAccepted { forms.append(.control) }
        return forms
    }
}

private extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
