import Fluent
import Vapor
import MotCuaCore

/// The administrator's procedure form as posted, and its checking into a `ProcedureDraft`. Rows of the three lists
/// arrive as `components[3][name]=…`; any integer keys in any order are accepted, blank rows are skipped and rows
/// ticked "Xóa" are removed. Every problem is reported at once, each with its row number.
struct ProcedureForm: Content {
    var code: String?
    var name: String?
    var field: String?
    var tier: String?
    var agency: String?
    var level: String?
    var legalDays: String?
    var timeUnit: String?
    var result: String?
    var legalBasis: String?
    var isActive: String?
    var components: [String: ComponentRow]?
    var fees: [String: FeeRow]?
    var steps: [String: StepRow]?

    struct ComponentRow: Content { var name: String?; var copies: String?; var original: String?; var presentOnly: String?; var conditional: String?; var remove: String? }
    struct FeeRow: Content { var name: String?; var amount: String?; var note: String?; var remove: String? }
    struct StepRow: Content { var name: String?; var unit: String?; var days: String?; var remove: String? }

    static let maxComponents = 50, maxFees = 20, maxSteps = 20
    /// Blank rows offered under the filled ones, to add to a list without JavaScript.
    static let blankRows = 3

    init(_ procedure: Procedure) {
        name = procedure.name
        field = procedure.field
        tier = procedure.tier
        agency = procedure.$agency.value?.code
        level = "\(procedure.level)"
        legalDays = "\(procedure.legalDays)"
        timeUnit = procedure.timeUnit
        result = procedure.result
        legalBasis = procedure.legalBasis.joined(separator: "\n")
        isActive = procedure.isActive ? "on" : nil
        components = Self.keyed(procedure.components.map {
            ComponentRow(name: $0.name, copies: "\($0.copies)", original: $0.original ? "1" : "0", presentOnly: $0.presentOnly == true ? "1" : "0",
                         conditional: $0.conditional, remove: nil)
        })
        fees = Self.keyed(procedure.fees.map { FeeRow(name: $0.name, amount: $0.amountVND.map(String.init), note: $0.note, remove: nil) })
        steps = Self.keyed(procedure.steps.map { StepRow(name: $0.name, unit: $0.unit, days: Self.daysText($0.days), remove: nil) })
    }

    /// A new procedure: active, level 2, in working days.
    init() {
        level = "2"; legalDays = "0"; timeUnit = ProcessingTimeUnit.workingDays.rawValue; isActive = "on"
    }

    private static func keyed<T>(_ rows: [T]) -> [String: T] {
        Dictionary(uniqueKeysWithValues: rows.enumerated().map { ("\($0.offset)", $0.element) })
    }

    /// Rows in the order of their keys; keys that are not small integers are refused.
    static func ordered<T>(_ rows: [String: T]?, label: String, limit: Int) throws -> [T] {
        guard let rows else { return [] }
        guard rows.count <= limit + 50 else {
            throw AppError(.unprocessableEntity, "too_many_rows", "\(label): biểu mẫu có quá nhiều dòng (tối đa \(limit)).")
        }
        var keyed: [(Int, T)] = []
        for (key, row) in rows {
            guard key.utf8.count <= 4, let index = Int(key), index >= 0 else {
                throw AppError.badRequest("invalid_row", "\(label): dòng “\(AuditChanges.shorten(key, to: 10))” không hợp lệ. Vui lòng tải lại trang và nhập lại.")
            }
            keyed.append((index, row))
        }
        return keyed.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// 3 → "3", 0.5 → "0,5", as a Vietnamese reads a decimal.
    static func daysText(_ days: Double) -> String {
        guard days.isFinite, abs(days) < 100_000 else { return "\(days)" }
        let quarters = Int((days * 4).rounded())
        if quarters % 4 == 0 { return "\(quarters / 4)" }
        let fraction = ["", "25", "5", "75"][abs(quarters % 4)]
        return "\(quarters / 4),\(fraction)"
    }
}

/// A checked procedure form, ready to be written.
struct ProcedureDraft {
    var name: String
    var field: String
    var tier: AgencyTier
    var agency: Agency
    var level: Int
    var legalDays: Int
    var unit: ProcessingTimeUnit
    var result: String
    var legalBasis: [String]
    var isActive: Bool
    var components: [ProcedureComponent]
    var fees: [ProcedureFee]
    var steps: [ProcedureStep]

    static let componentName = TextRules.Field("componentName", "Tên thành phần hồ sơ", maxCharacters: 500)
    static let componentCondition = TextRules.Field("conditional", "Trường hợp phải nộp", maxCharacters: 300)
    static let feeName = TextRules.Field("feeName", "Tên phí, lệ phí", maxCharacters: 300)
    static let feeNote = TextRules.Field("feeNote", "Ghi chú phí, lệ phí", maxCharacters: 1_000)
    static let stepName = TextRules.Field("stepName", "Tên bước", maxCharacters: 300)
    static let stepUnit = TextRules.Field("stepUnit", "Đơn vị, người thực hiện", maxCharacters: 200)
    static let result = TextRules.Field("result", "Kết quả thực hiện", maxCharacters: 1_000)
    static let legalBasisLine = TextRules.Field("legalBasis", "Căn cứ pháp lý", maxCharacters: 500)
    static let legalBasisText = TextRules.Field("legalBasis", "Căn cứ pháp lý", maxCharacters: 10_000, multiline: true)
    static let maxAmount = 1_000_000_000_000

    static func check(_ form: ProcedureForm, on db: Database) async throws -> ProcedureDraft {
        var checks = TextInput.Checks()
        func problem(_ code: String, _ message: String) { checks.add(ValidationFailure(field: code, code: code, message: message)) }

        let name = checks.clean(form.name, TextInput.procedureName)
        let field = checks.clean(form.field, TextInput.procedureField)
        if name == nil, !checks.problems.contains(where: { $0.field == "name" }) { problem("missing_name", "Vui lòng nhập tên thủ tục.") }
        if field == nil, !checks.problems.contains(where: { $0.field == "field" }) { problem("missing_field", "Vui lòng nhập lĩnh vực.") }
        let tier = AgencyTier(rawValue: form.tier ?? "")
        if tier == nil { problem("invalid_tier", "Vui lòng chọn cấp thực hiện.") }
        var agency: Agency? = nil
        let agencyCode = (form.agency ?? "").trimmingCharacters(in: .whitespaces)
        if agencyCode.isEmpty {
            problem("missing_agency", "Vui lòng chọn cơ quan thực hiện.")
        } else if agencyCode.utf8.count <= 32 {
            agency = try await Agency.find(code: agencyCode, on: db)
        }
        if agency == nil, !agencyCode.isEmpty { problem("unknown_agency", "Cơ quan thực hiện “\(AuditChanges.shorten(agencyCode, to: 32))” không tồn tại.") }
        let level = smallInt(form.level, in: 1...4)
        if level == nil { problem("invalid_level", "Mức độ dịch vụ công phải là số từ 1 đến 4.") }
        let legalDays = smallInt(form.legalDays, in: 0...365)
        if legalDays == nil { problem("invalid_days", "Thời hạn giải quyết phải là số ngày nguyên từ 0 đến 365 (0 = trong ngày).") }
        let unit = ProcessingTimeUnit(rawValue: form.timeUnit ?? "")
        if unit == nil { problem("invalid_unit", "Vui lòng chọn đơn vị của thời hạn: ngày làm việc hoặc ngày theo lịch.") }
        let result = checks.clean(form.result, Self.result) ?? ""
        var legalBasis: [String] = []
        if let text = checks.clean(form.legalBasis, Self.legalBasisText) {
            let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            if lines.count > 30 { problem("too_many_items", "Căn cứ pháp lý có nhiều hơn 30 dòng; hãy gộp bớt.") }
            legalBasis = checks.cleanList(Array(lines.prefix(30)), Self.legalBasisLine, maxItems: 30) ?? []
        }

        // Components
        var components: [ProcedureComponent] = []
        var componentNames = Set<String>()
        for (offset, row) in try ProcedureForm.ordered(form.components, label: "Thành phần hồ sơ", limit: ProcedureForm.maxComponents).enumerated() {
            let number = offset + 1
            if row.remove != nil { continue }
            let rowName = checks.clean(row.name, Self.componentName)
            let condition = checks.clean(row.conditional, Self.componentCondition)
            let copiesText = (row.copies ?? "").trimmingCharacters(in: .whitespaces)
            if rowName == nil {
                if condition != nil || !(copiesText.isEmpty || copiesText == "1") { problem("missing_component_name", "Thành phần hồ sơ \(number): vui lòng nhập tên (hoặc chọn “Xóa” để bỏ dòng này).") }
                continue
            }
            guard let rowName else { continue }
            let copies = copiesText.isEmpty ? 1 : smallInt(copiesText, in: 1...50)
            if copies == nil { problem("invalid_copies", "Thành phần hồ sơ \(number): số bản phải là số nguyên từ 1 đến 50.") }
            if !componentNames.insert(TextSearch.fold(rowName)).inserted {
                problem("duplicate_component", "Thành phần hồ sơ \(number): “\(AuditChanges.shorten(rowName, to: 60))” đã có ở dòng trên; mỗi thành phần chỉ ghi một lần.")
            }
            components.append(ProcedureComponent(name: rowName, copies: copies ?? 1, original: row.original == "1",
                                                 presentOnly: row.presentOnly == "1" ? true : nil, conditional: condition, formURL: nil))
        }
        if components.count > ProcedureForm.maxComponents { problem("too_many_components", "Một thủ tục có tối đa \(ProcedureForm.maxComponents) thành phần hồ sơ.") }

        // Fees
        var fees: [ProcedureFee] = []
        var feeNames = Set<String>()
        for (offset, row) in try ProcedureForm.ordered(form.fees, label: "Phí, lệ phí", limit: ProcedureForm.maxFees).enumerated() {
            let number = offset + 1
            if row.remove != nil { continue }
            let rowName = checks.clean(row.name, Self.feeName)
            let note = checks.clean(row.note, Self.feeNote)
            let amountText = (row.amount ?? "").trimmingCharacters(in: .whitespaces)
            guard let rowName else {
                if note != nil || !amountText.isEmpty { problem("missing_fee_name", "Phí, lệ phí \(number): vui lòng nhập tên (hoặc chọn “Xóa” để bỏ dòng này).") }
                continue
            }
            var amount: Int? = nil
            if !amountText.isEmpty {
                amount = money(amountText)
                if amount == nil {
                    problem("invalid_amount", "Phí, lệ phí \(number): số tiền phải là số đồng nguyên từ 0 đến 1.000 tỷ (ví dụ 50000 hoặc 50.000); để trống nếu mức thu do HĐND tỉnh quy định.")
                }
            }
            if !feeNames.insert(TextSearch.fold(rowName)).inserted {
                problem("duplicate_fee", "Phí, lệ phí \(number): “\(AuditChanges.shorten(rowName, to: 60))” đã có ở dòng trên.")
            }
            fees.append(ProcedureFee(name: rowName, amountVND: amount, note: note))
        }
        if fees.count > ProcedureForm.maxFees { problem("too_many_fees", "Một thủ tục có tối đa \(ProcedureForm.maxFees) khoản phí, lệ phí.") }

        // Steps
        var steps: [ProcedureStep] = []
        var totalQuarters = 0
        for (offset, row) in try ProcedureForm.ordered(form.steps, label: "Quy trình", limit: ProcedureForm.maxSteps).enumerated() {
            let number = offset + 1
            if row.remove != nil { continue }
            let rowName = checks.clean(row.name, Self.stepName)
            let rowUnit = checks.clean(row.unit, Self.stepUnit)
            let daysText = (row.days ?? "").trimmingCharacters(in: .whitespaces)
            guard let rowName else {
                if rowUnit != nil || !daysText.isEmpty { problem("missing_step_name", "Bước \(number): vui lòng nhập tên bước (hoặc chọn “Xóa” để bỏ dòng này).") }
                continue
            }
            if rowUnit == nil { problem("missing_step_unit", "Bước \(number): vui lòng ghi đơn vị hoặc người thực hiện.") }
            let quarters = quarterDays(daysText)
            if let quarters { totalQuarters += quarters } else {
                problem("invalid_step_days", "Bước \(number): thời gian phải là số ngày từ 0 đến 365, chia nhỏ nhất 0,25 ngày (2 giờ làm việc), ví dụ 0,5 hoặc 1,75.")
            }
            steps.append(ProcedureStep(name: rowName, unit: rowUnit ?? "", days: Double(quarters ?? 0) / 4))
        }
        if steps.count > ProcedureForm.maxSteps { problem("too_many_steps", "Một quy trình có tối đa \(ProcedureForm.maxSteps) bước.") }
        if let legalDays, !steps.isEmpty, checks.problems.isEmpty, totalQuarters != legalDays * 4 {
            problem("steps_total", "Tổng thời gian các bước (\(ProcedureForm.daysText(Double(totalQuarters) / 4)) ngày) phải bằng thời hạn giải quyết (\(legalDays) ngày). Hãy sửa thời gian các bước hoặc thời hạn.")
        }

        try checks.finish()
        guard let name, let field, let tier, let agency, let level, let legalDays, let unit else {
            throw AppError(.unprocessableEntity, "invalid_procedure", "Vui lòng kiểm tra lại các trường bắt buộc.")
        }
        return ProcedureDraft(name: name, field: field, tier: tier, agency: agency, level: level, legalDays: legalDays, unit: unit,
                              result: result, legalBasis: legalBasis, isActive: form.isActive != nil,
                              components: components, fees: fees, steps: steps)
    }

    /// A small non-negative integer, or nil (never traps: the text is bounded before `Int` reads it).
    static func smallInt(_ raw: String?, in range: ClosedRange<Int>) -> Int? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.utf8.count <= 6, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text), range.contains(value) else { return nil }
        return value
    }

    /// "50.000", "50 000", "50000" or "50.000 đồng" → 50000.
    static func money(_ raw: String) -> Int? {
        var text = raw.lowercased()
        for suffix in ["đồng", "vnđ", "vnd", "đ"] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)); break }
        let digits = text.filter { $0 != "." && $0 != " " && $0 != "," && $0 != "\u{00A0}" }
        guard !digits.isEmpty, digits.utf8.count <= 13, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(digits), value <= maxAmount else { return nil }
        return value
    }

    /// "0,5" or "0.5" → 2 (quarter days); "3" → 12. At most 365 days, in steps of a quarter day.
    static func quarterDays(_ raw: String) -> Int? {
        let text = raw.replacingOccurrences(of: ",", with: ".")
        guard !text.isEmpty, text.utf8.count <= 7 else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = smallInt(String(parts[0]), in: 0...365) else { return nil }
        var quarters = whole * 4
        if parts.count == 2 {
            let fraction = String(parts[1])
            guard (1...2).contains(fraction.utf8.count), let hundredths = smallInt(fraction.count == 1 ? fraction + "0" : fraction, in: 0...99),
                  hundredths % 25 == 0 else { return nil }
            quarters += hundredths / 25
        }
        return quarters <= 365 * 4 ? quarters : nil
    }

    /// Writes the draft into a procedure (keeping a component's downloadable form, matched by name) and describes the change.
    func apply(to procedure: Procedure, isNew: Bool) -> AuditChanges {
        var changes = AuditChanges()
        // A new model has no lists yet: reading them before they are set would trap.
        let previous = isNew ? [] : procedure.components
        let components = self.components.map { component in
            var component = component
            component.formURL = previous.first { $0.name == component.name }?.formURL
            return component
        }
        if !isNew {
            changes.field("Tên", procedure.name, name)
            changes.field("Lĩnh vực", procedure.field, field)
            changes.field("Cấp thực hiện", AgencyTier(rawValue: procedure.tier)?.label ?? procedure.tier, tier.label)
            changes.field("Cơ quan thực hiện", procedure.$agency.value.map { "\($0.name) (\($0.code))" } ?? "", "\(agency.name) (\(agency.code))")
            changes.field("Mức độ", "\(procedure.level)", "\(level)")
            changes.field("Thời hạn", LegalTimeText.describe(days: procedure.legalDays, unit: procedure.unit), LegalTimeText.describe(days: legalDays, unit: unit))
            changes.field("Kết quả", procedure.result, result)
            changes.list("Căn cứ pháp lý", before: procedure.legalBasis, after: legalBasis, name: { $0 }, describe: { AuditChanges.quoted($0) })
            changes.field("Trạng thái", procedure.isActive, isActive, yes: "đang áp dụng", no: "ngừng áp dụng")
            changes.list("Thành phần hồ sơ", before: procedure.components, after: components, name: \.name, describe: Self.describe)
            changes.list("Phí, lệ phí", before: procedure.fees, after: fees, name: \.name, describe: Self.describe)
            changes.list("Quy trình", before: procedure.steps, after: steps, name: \.name, describe: Self.describe)
        } else {
            changes.add("Tên: \(AuditChanges.quoted(name)); Lĩnh vực: \(AuditChanges.quoted(field)); Cơ quan thực hiện: \(agency.name) (\(agency.code)); "
                        + "Mức độ \(level); Thời hạn: \(LegalTimeText.describe(days: legalDays, unit: unit)); "
                        + "\(components.count) thành phần hồ sơ, \(fees.count) khoản phí, lệ phí, \(steps.count) bước"
                        + (isActive ? "" : "; ngừng áp dụng"))
        }
        procedure.name = name
        procedure.field = field
        procedure.tier = tier.rawValue
        procedure.$agency.id = agency.id ?? procedure.$agency.id
        procedure.$agency.value = agency
        procedure.level = level
        procedure.legalDays = legalDays
        procedure.timeUnit = unit.rawValue
        procedure.result = result
        procedure.legalBasis = legalBasis
        procedure.isActive = isActive
        procedure.components = components
        procedure.fees = fees
        procedure.steps = steps
        procedure.refreshSearchText()
        return changes
    }

    static func describe(_ component: ProcedureComponent) -> String {
        var text = "\(AuditChanges.quoted(component.name)) (\(component.copies) bản \(component.original ? "chính" : "sao")"
        if component.presentOnly == true { text += ", chỉ xuất trình" }
        if let condition = component.conditional { text += ", khi: \(AuditChanges.shorten(condition, to: 60))" }
        return text + ")"
    }

    static func describe(_ fee: ProcedureFee) -> String {
        let amount = fee.amountVND.map { $0 == 0 ? "miễn phí" : VietnameseFormat.money($0) } ?? "theo quy định"
        return "\(AuditChanges.quoted(fee.name)): \(amount)" + (fee.note.map { " (\(AuditChanges.shorten($0, to: 60)))" } ?? "")
    }

    static func describe(_ step: ProcedureStep) -> String {
        "\(AuditChanges.quoted(step.name)) – \(AuditChanges.shorten(step.unit, to: 60)), \(ProcedureForm.daysText(step.days)) ngày"
    }
}
