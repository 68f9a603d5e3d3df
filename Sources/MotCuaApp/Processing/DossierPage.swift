import Fluent
import Vapor
import MotCuaCore

/// What the officer's dossier page shows: the dossier as `DossierDTO` has it, formatted for reading,
/// and one form per move this officer may make now.
struct DossierPage: Encodable {
    struct Fact: Encodable { let label: String; let value: String; let code: Bool }
    struct Component: Encodable { let name: String; let copies: Int; let state: String; let css: String }
    struct Attachment: Encodable { let url: String; let filename: String; let kind: String; let size: String; let uploadedAt: String }
    struct TimelineEntry: Encodable {
        let at: String; let actor: String; let action: String; let from: String?; let to: String?
        let note: String?
        /// "Từ: Bộ phận một cửa. Đến: Phòng Tư pháp."
        let units: String?
    }
    struct Slip: Encodable { let number: String; let label: String; let url: String }
    /// A line of the supplement checklist: the papers still missing, ticked when they come back.
    struct MissingLine: Encodable { let index: Int; let name: String; let copies: Int; let required: Bool; let checked: Bool }
    struct Badge: Encodable { let label: String; let css: String }

    /// The moves offered, one flag per form (Leaf cannot look actions up by name).
    struct Actions: Encodable {
        var accept = false, refuse = false, requestSupplement = false, supplement = false, start = false, forward = false
        var requestFees = false, feesPaid = false, resolve = false, stop = false, withdraw = false, reschedule = false
        var returnResult = false
        var any = false
    }

    /// What was typed into each form; only the form that failed carries values.
    struct Values: Encodable {
        var accept = ActionForm(), refuse = ActionForm(), requestSupplement = ActionForm(), supplement = ActionForm()
        var start = ActionForm(), forward = ActionForm(), requestFees = ActionForm(), feesPaid = ActionForm()
        var resolve = ActionForm(), stop = ActionForm(), withdraw = ActionForm(), reschedule = ActionForm()
        var assign = ActionForm()
    }

    let title: String
    let page: PageContext
    let code: String
    let status: StatusDTO
    let statusCss: String
    let procedure: ProcedureRef
    var summary: [Fact]
    let applicant: [Fact]
    let timeliness: Badge?
    let urgency: Badge?
    let components: [Component]
    let attachments: [Attachment]
    let timeline: [TimelineEntry]
    /// The e-mails queued for the applicant and how far each got.
    let mails: [DossierMailLine]
    let slips: [Slip]
    let actions: Actions
    let values: Values
    let nextStepLabel: String?
    let stepOptions: [SelectOption]
    let agencyOptions: [SelectOption]
    /// Officers of the handling agency, for "assign" and for forwarding to a named officer.
    let officerOptions: [SelectOption]
    let assigneeName: String?
    let canAssign: Bool
    let missingLines: [MissingLine]
    let rescheduleMin: String
    /// "20 MB": the per-file limit of the result documents on the resolve form.
    let maxUpload: String
    let rescheduled: Bool
    let originalAppointment: String?
    let notice: String?
    let error: String?
    /// The action whose form failed ("" when none): that form opens and shows the error.
    let failed: String
    /// What the dossier owes and every payment of it, with what the gateway said.
    var payments: PaymentPanel? = nil

    static func build(_ dossier: Dossier, scope: DossierScope, request req: Request, form: ActionForm? = nil,
                      error: String? = nil, notice: String? = nil) async throws -> DossierPage {
        let now = req.now
        let calendar = try await req.workingCalendar()
        let dto = try await DossierDTO.load(dossier, for: scope.user, now: now, calendar: calendar, on: req.db)
        let procedure = try await dossier.$procedure.get(on: req.db)
        let allowed = Set(dto.allowedActions.compactMap(DossierAction.init(rawValue:)))
        let window = UrgencyWindow(now: now, calendar: calendar)
        let urgency = window.classify(status: dossier.status, appointment: dossier.appointmentAt)
        let failed = form?.action ?? ""

        var actions = Actions()
        actions.accept = allowed.contains(.accept)
        actions.refuse = allowed.contains(.refuse)
        actions.requestSupplement = allowed.contains(.requestSupplement)
        actions.supplement = allowed.contains(.supplement)
        actions.start = allowed.contains(.start)
        actions.forward = allowed.contains(.forward)
        actions.requestFees = allowed.contains(.requestFees)
        actions.feesPaid = allowed.contains(.feesPaid)
        actions.resolve = allowed.contains(.resolve)
        actions.stop = allowed.contains(.stop)
        actions.withdraw = allowed.contains(.withdraw)
        actions.reschedule = allowed.contains(.reschedule)
        actions.returnResult = allowed.contains(.return)
        actions.any = !allowed.isEmpty

        var values = Values()
        if let form, let action = DossierAction(rawValue: form.action) {
            switch action {
            case .accept: values.accept = form
            case .refuse: values.refuse = form
            case .requestSupplement: values.requestSupplement = form
            case .supplement: values.supplement = form
            case .start: values.start = form
            case .forward: values.forward = form
            case .requestFees: values.requestFees = form
            case .feesPaid: values.feesPaid = form
            case .resolve: values.resolve = form
            case .stop: values.stop = form
            case .withdraw: values.withdraw = form
            case .reschedule: values.reschedule = form
            case .return: break
            }
        } else if let form, form.action == DossierEvent.assignAction {
            values.assign = form
        }

        // Forward: the remaining steps of the procedure; the first is the default ("next step").
        let steps = procedure.steps
        let later = steps.indices.filter { $0 > dossier.stepIndex }.map { steps[$0] }
        let chosenUnit = values.forward.toUnit
        let stepOptions = later.dropFirst().map { SelectOption(value: $0.unit, label: "\($0.name) – \($0.unit)", selected: $0.unit == chosenUnit) }
        let agencies = try await Agency.query(on: req.db).sort(\.$path).all()
        let agencyOptions = agencies.filter { $0.id != dossier.$handlingAgency.id }
            .map { SelectOption(value: $0.code, label: "\($0.indentedName) (\($0.code))", selected: $0.code == values.forward.toAgency) }

        let assignee = try await dossier.$assignee.get(on: req.db)
        let canAssign = scope.user.hasAny(.specialist, .leader) && !dossier.status.isTerminal && dossier.status != .resolved
        let chosenOfficer = failed == DossierEvent.assignAction ? values.assign.assignee : values.forward.assignee
        let officers = canAssign || actions.forward
            ? try await DossierAssignment.candidates(handlingAgencyID: dossier.$handlingAgency.id, on: req.db) : []
        let officerOptions = officers.map {
            SelectOption(value: $0.username, label: "\($0.fullName) – \($0.roles.map(\.label).joined(separator: ", "))",
                         selected: $0.username == chosenOfficer)
        }
        let presentOnly = Set(procedure.components.filter { $0.presentOnly == true }.map(\.name))
        let ticked = Set(values.supplement.provided)
        let missingLines = dossier.components.enumerated().filter { !$0.element.provided }.map { index, component in
            MissingLine(index: index, name: component.name, copies: component.copies, required: component.required, checked: ticked.contains(index))
        }

        var built = DossierPage(
            title: "Hồ sơ \(dossier.code)", page: PageContext(req, forms: true),
            code: dossier.code, status: dto.status, statusCss: Self.statusCss(dossier.status), procedure: dto.procedure,
            summary: Self.summary(dto, channel: dossier.channel, accepted: dossier.wasAccepted, closed: dossier.status.isTerminal,
                                  assignee: assignee?.fullName, collector: SlipBuilder.collectorLine(dossier)),
            applicant: Self.applicant(dto.applicant),
            timeliness: dto.timeliness.map { Badge(label: $0.label, css: Self.timelinessCss($0.code)) },
            // Overdue already shows as the timeliness badge.
            urgency: urgency.isPressing && urgency != .overdue ? Badge(label: urgency.label, css: "urgency-\(urgency.rawValue)") : nil,
            components: dto.components.map { Self.component($0, presentOnly: presentOnly) },
            attachments: dto.attachments.map { Attachment(
                url: "/ho-so/\(dossier.code)/tep/\($0.id.uuidString)", filename: $0.filename,
                kind: $0.kind == "result" ? "Kết quả giải quyết" : "Thành phần hồ sơ", size: Self.size($0.size),
                uploadedAt: VietnameseFormat.dateTime($0.uploadedAt)) },
            timeline: dto.timeline.map { entry in TimelineEntry(
                at: VietnameseFormat.dateTime(entry.at), actor: entry.actor ?? "Hệ thống", action: entry.actionLabel,
                // "Đang xử lý → Đang xử lý" says nothing: a move that keeps the status shows no status line.
                from: entry.fromStatus?.code == entry.toStatus.code ? nil : entry.fromStatus?.label,
                to: entry.fromStatus?.code == entry.toStatus.code ? nil : entry.toStatus.label,
                note: entry.action == DossierAction.return.rawValue
                    ? SlipBuilder.withCollector(entry.note, dossier: dossier) : entry.note,
                units: entry.fromUnit == nil && entry.toUnit == nil ? nil
                    : Sentences.join([entry.fromUnit.map { "Từ: \($0)" }, entry.toUnit.map { "Đến: \($0)" }])) },
            mails: try await DossierMailLine.load(dossierID: dossier.requireID(), on: req.db),
            slips: Self.slips(dossier, actions: Set(dto.timeline.map(\.action))),
            actions: actions, values: values,
            nextStepLabel: later.first.map { "\($0.name) – \($0.unit)" },
            stepOptions: stepOptions, agencyOptions: agencyOptions,
            officerOptions: officerOptions, assigneeName: assignee?.fullName, canAssign: canAssign, missingLines: missingLines,
            rescheduleMin: LocalDate(now).adding(days: 1).iso,
            maxUpload: UploadCheck.megabytes(req.application.settings.maxUploadBytes),
            rescheduled: dossier.rescheduled,
            originalAppointment: dossier.originalAppointmentAt.map(VietnameseFormat.dateTime),
            notice: notice, error: error, failed: failed)
        built.payments = try await PaymentPanel.load(for: dossier, officer: true, request: req)
        if let ticket = try await QueueTicketLink.ticket(of: dossier.requireID(), on: req.db) {
            built.summary.append(Fact(label: "Số thứ tự tại quầy", value: "\(ticket.number) – \(VietnameseFormat.dateTime(ticket.issuedAt))", code: false))
        }
        return built
    }

    private static func summary(_ dto: DossierDTO, channel: String, accepted: Bool, closed: Bool,
                                assignee: String?, collector: String?) -> [Fact] {
        var facts = [
            Fact(label: "Mã hồ sơ", value: dto.code, code: true),
            Fact(label: "Thủ tục", value: dto.procedure.name, code: false),
            Fact(label: "Kênh nộp", value: DossierChannel(rawValue: channel)?.label ?? channel, code: false),
            // Until the counter accepts it, the date is when it was submitted, not a receipt.
            Fact(label: accepted ? "Ngày tiếp nhận" : "Ngày nộp", value: VietnameseFormat.dateTime(dto.receivedAt), code: false),
            Fact(label: "Ngày hẹn trả", value: dto.appointmentAt.map(VietnameseFormat.dateTime) ?? "Chưa có (hồ sơ chưa được tiếp nhận)", code: false),
        ]
        if let original = dto.originalAppointmentAt {
            facts.append(Fact(label: "Ngày hẹn ban đầu", value: VietnameseFormat.dateTime(original), code: false))
        }
        if let resolved = dto.resolvedAt { facts.append(Fact(label: "Ngày giải quyết xong", value: VietnameseFormat.dateTime(resolved), code: false)) }
        if let returned = dto.returnedAt { facts.append(Fact(label: "Ngày trả kết quả", value: VietnameseFormat.dateTime(returned), code: false)) }
        if let delivery = dto.delivery {
            let label = ResultDelivery(rawValue: delivery)?.label ?? delivery
            facts.append(Fact(label: "Hình thức trả", value: label + (dto.postalTracking.map { " – số hiệu bưu gửi \($0)" } ?? ""), code: false))
        }
        if let collector { facts.append(Fact(label: "Người nhận kết quả", value: collector, code: false)) }
        if !closed {
            facts.append(Fact(label: "Đơn vị đang xử lý", value: dto.currentUnit ?? "—", code: false))
            facts.append(Fact(label: "Cán bộ được giao", value: assignee ?? "Chưa phân công", code: false))
        }
        facts.append(Fact(label: "Cơ quan xử lý", value: "\(dto.handlingAgency.name) (\(dto.handlingAgency.code))", code: false))
        facts.append(Fact(label: "Cơ quan tiếp nhận", value: "\(dto.receivingAgency.name) (\(dto.receivingAgency.code))", code: false))
        return facts
    }

    /// Officers see the applicant in full: they need the CCCD and phone to serve them.
    private static func applicant(_ a: DossierDTO.Applicant) -> [Fact] {
        var facts = [Fact(label: "Họ và tên", value: a.fullName, code: false)]
        if let id = a.idNumber { facts.append(Fact(label: "Số CCCD/định danh", value: id, code: true)) }
        if let phone = a.phone { facts.append(Fact(label: "Điện thoại", value: phone, code: false)) }
        if let email = a.email { facts.append(Fact(label: "Thư điện tử", value: email, code: false)) }
        if let address = a.address { facts.append(Fact(label: "Địa chỉ", value: address, code: false)) }
        return facts
    }

    private static func component(_ c: IntakeComponent, presentOnly: Set<String>) -> Component {
        // Papers the applicant only shows (the original is handed back) are checked, never kept.
        if presentOnly.contains(c.name) {
            return Component(name: c.name, copies: c.copies, state: c.provided ? "Đã xuất trình" : "Chỉ xuất trình", css: c.provided ? "ok" : "muted")
        }
        if c.provided { return Component(name: c.name, copies: c.copies, state: "Đã nộp", css: "ok") }
        if c.required { return Component(name: c.name, copies: c.copies, state: "Còn thiếu", css: "danger") }
        return Component(name: c.name, copies: c.copies, state: "Tùy trường hợp", css: "muted")
    }

    /// Slips of Circular 01/2018 that exist for this dossier's history.
    static func slips(_ dossier: Dossier, actions: Set<String>) -> [Slip] {
        var slips: [Slip] = []
        func add(_ number: String, _ label: String) {
            slips.append(Slip(number: number, label: label, url: "/ho-so/\(dossier.code)/phieu/\(number)"))
        }
        if dossier.wasAccepted { add("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)") }
        if actions.contains(DossierAction.requestSupplement.rawValue) { add("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)") }
        if dossier.status == .notAccepted || actions.contains(DossierAction.refuse.rawValue) { add("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)") }
        if dossier.rescheduled { add("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)") }
        // The control sheet follows a dossier from its acceptance; before that there is nothing to control.
        if dossier.wasAccepted { add("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 05)") }
        return slips
    }

    static func statusCss(_ status: DossierStatus) -> String {
        switch status {
        case .resolved, .returned: return "ok"
        case .notAccepted, .stopped, .withdrawn: return "danger"
        case .supplementRequested, .awaitingFees: return "warn"
        default: return ""
        }
    }

    static func timelinessCss(_ code: String) -> String {
        switch Timeliness(rawValue: code) {
        case .early, .onTime, .withinTime: return "ok"
        case .late, .overdue: return "danger"
        case nil: return ""
        }
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576).replacingOccurrences(of: ".", with: ",")
    }
}
