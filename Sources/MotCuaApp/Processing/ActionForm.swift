import Vapor
import MotCuaCore

/// One action form of the dossier page as the browser posts it: every field is text, so that what the
/// officer typed can be shown again exactly when the move is refused.
struct ActionForm: Encodable, Sendable {
    var action: String = ""
    var note: String = ""
    var reason: String = ""
    /// One missing item per line.
    var missing: String = ""
    var toUnit: String = ""
    /// A unit typed by hand wins over the step chosen in the list.
    var toUnitOther: String = ""
    var toAgency: String = ""
    var newAppointment: String = ""
    var feeAmount: String = ""
    var assignee: String = ""
    /// The supplement checklist: indices of the lines brought back.
    var provided: [Int] = []

    init() {}

    init(action: String) { self.action = action }

    /// The file input of the resolve form: the result documents (văn bản kết quả giải quyết).
    static let resultFilesField = "resultFiles"
    /// The file input of the supplement form: scans of the papers brought back.
    static let supplementFilesField = "supplementFiles"

    /// From a posted form, url-encoded or multipart (the resolve form carries files).
    init(_ posted: PostedForm) {
        func text(_ key: CodingKeys) -> String { posted.value(key.stringValue) ?? "" }
        action = text(.action); note = text(.note); reason = text(.reason); missing = text(.missing)
        toUnit = text(.toUnit); toUnitOther = text(.toUnitOther); toAgency = text(.toAgency)
        newAppointment = text(.newAppointment); feeAmount = text(.feeAmount); assignee = text(.assignee)
        // Checkbox values outside the checklist are ignored here and refused by the move's own bounds.
        provided = posted.values("provided").prefix(TransitionInput.Fields.maxComponents).compactMap { Int($0.prefix(4)) }
    }

    /// The move for `DossierTransitions.perform`; form-only checks (the fee amount's spelling) happen here.
    func transitionInput() throws -> TransitionInput {
        let action = action.trimmingCharacters(in: .whitespaces)
        var fee: Int? = nil
        if action == DossierAction.requestFees.rawValue {
            fee = try Self.amount(feeAmount)
        }
        let unit = toUnitOther.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? toUnit : toUnitOther
        return TransitionInput(
            action: action, note: note, reason: reason,
            missing: Self.lines(missing), toAgency: toAgency, toUnit: unit,
            newAppointment: newAppointment.trimmingCharacters(in: .whitespaces), feeAmount: fee,
            providedComponents: action == DossierAction.supplement.rawValue ? provided : nil,
            assignee: assignee)
    }

    /// "Tờ khai\n- Bản sao CCCD" → ["Tờ khai", "Bản sao CCCD"]: bullets typed by habit are dropped,
    /// because the slip numbers the items itself.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { line in
            var item = line.trimmingCharacters(in: .whitespaces)
            while let first = item.first, "-–•*+".contains(first) {
                item = String(item.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            return item
        }.filter { !$0.isEmpty }
    }

    /// "150.000", "150 000 đ", "150000" → 150000.
    static func amount(_ text: String) throws -> Int {
        var cleaned = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        for suffix in ["đồng", "vnđ", "vnd", "đ"] where cleaned.hasSuffix(suffix) {
            cleaned = String(cleaned.dropLast(suffix.count))
            break
        }
        cleaned.removeAll { ".,  ".contains($0) || $0.isWhitespace }
        guard !cleaned.isEmpty else {
            throw AppError.badRequest("fee_required", "Vui lòng nhập số tiền phí, lệ phí mà người nộp cần nộp (ví dụ 150.000).")
        }
        guard cleaned.count <= 12, cleaned.allSatisfy(\.isASCII), let value = Int(cleaned) else {
            throw AppError.badRequest("invalid_fee", "Số tiền “\(text)” không hợp lệ: chỉ nhập số đồng, ví dụ 150000 hoặc 150.000.")
        }
        return value
    }
}
