import Fluent
import Vapor
import MotCuaCore

/// Applies one move of the status machine to a dossier: checks the rule in MotCuaCore, the role, the
/// action's own conditions, then writes the row and its timeline event in the caller's transaction.
/// Every move goes through `prepare`, so its rules live only here.
struct TransitionService {
    let now: Date
    let calendar: WorkingCalendar

    static let supplementWindowWorkingDays = 3

    /// `bySystem`: the move follows from something MotCua verified itself (a payment the gateway confirmed), made in
    /// the name of `actor` whatever their role; never set from a request's input.
    @discardableResult
    func apply(_ input: TransitionInput, to dossier: Dossier, procedure: Procedure, by actor: User, bySystem: Bool = false,
               on db: Database) async throws -> DossierEvent {
        let before = DossierFacts(dossier)
        let event = try await prepare(input, to: dossier, procedure: procedure, by: actor, bySystem: bySystem, on: db)
        try await dossier.save(on: db)
        // The event (officers' roll-ups) before the dossier's roll-ups: the lock order of every writer.
        try await event.create(on: db)
        try await DossierChangeRecorder.changed(dossier, before: before, at: now, on: db)
        try await recordFees(after: event, dossier: dossier, input: input, procedure: procedure, on: db)
        return event
    }

    /// What the dossier owes follows the fee moves: a request opens a demand (replacing any open one), an officer's
    /// "fees paid" settles it.
    private func recordFees(after event: DossierEvent, dossier: Dossier, input: TransitionInput, procedure: Procedure, on db: Database) async throws {
        let dossierID = try dossier.requireID()
        switch DossierAction(rawValue: event.action) {
        case .requestFees:
            try await FeeDemand.settleOpen(for: dossierID, at: now, on: db)
            if let amount = Self.requestedFee(input, procedure: procedure) {
                try await FeeDemand(dossierID: dossierID, amount: amount, reason: input.text(input.note) ?? "Phí, lệ phí giải quyết thủ tục hành chính",
                                    at: now).create(on: db)
            }
        case .feesPaid:
            try await FeeDemand.settleOpen(for: dossierID, at: now, on: db)
        default:
            break
        }
    }

    /// The amount asked for, or else the catalogue's fixed fees; nil when neither names one (paid outside MotCua).
    static func requestedFee(_ input: TransitionInput, procedure: Procedure) -> Int? {
        if let amount = input.feeAmount, amount > 0 { return amount }
        let total = procedure.fixedFeeTotal
        return total > 0 ? total : nil
    }

    /// The move on the dossier in memory and its timeline event, neither written: intake uses it to insert a new
    /// dossier directly in its outcome state, with both of its events in one statement.
    func prepare(_ input: TransitionInput, to dossier: Dossier, procedure: Procedure, by actor: User, bySystem: Bool = false,
                 on db: Database) async throws -> DossierEvent {
        let input = try input.checked()
        guard let action = DossierAction(rawValue: input.action) else {
            let known = DossierAction.allCases.map(\.rawValue).joined(separator: ", ")
            throw AppError.badRequest("unknown_action", "Thao tác “\(input.action)” không tồn tại. Các thao tác hợp lệ: \(known).")
        }
        guard bySystem || DossierPermissions.allows(actor, action) else { throw DossierPermissions.refusal(action) }
        let from = dossier.status
        let target: DossierStatus
        switch DossierStateMachine.next(from: from, action: action, wasAccepted: dossier.wasAccepted, alreadyRescheduled: dossier.rescheduled) {
        case .success(let status): target = status
        case .failure(let error): throw error
        }

        // Stored procedures hold 0–365 days (admin form, seed); anything else must not reach the calendar's precondition.
        guard (0...365).contains(procedure.legalDays) else {
            throw AppError(.conflict, "invalid_procedure_time", "Thời hạn giải quyết của thủ tục \(procedure.code) không hợp lệ; vui lòng báo quản trị viên sửa danh mục.")
        }
        var note = input.text(input.note)
        var fromUnit: String? = nil
        var toUnit: String? = nil

        switch action {
        case .accept:
            dossier.wasAccepted = true
            dossier.receivedAt = now
            dossier.appointmentAt = calendar.appointment(receivedAt: now, days: procedure.legalDays, unit: procedure.unit)
            dossier.currentUnit = procedure.steps.first?.unit
        case .refuse:
            guard let reason = input.text(input.reason) else {
                throw AppError.badRequest("reason_required", "Vui lòng ghi rõ lý do từ chối tiếp nhận (in trên Phiếu từ chối, mẫu 03).")
            }
            note = reason
        case .requestSupplement:
            let missing = input.cleanMissing
            guard !missing.isEmpty else {
                throw AppError.badRequest("missing_required",
                                          "Vui lòng liệt kê đầy đủ các giấy tờ cần bổ sung, một lần (Phiếu yêu cầu bổ sung, mẫu 02).")
            }
            if dossier.wasAccepted {
                let received = calendar.effectiveReceiptDay(for: dossier.receivedAt)
                let elapsed = calendar.workingDays(from: received, to: LocalDate(now))
                guard elapsed <= Self.supplementWindowWorkingDays else {
                    throw AppError(.conflict, "supplement_window_passed",
                                   "Đã quá \(Self.supplementWindowWorkingDays) ngày làm việc kể từ ngày tiếp nhận: không được yêu cầu bổ sung hồ sơ nữa. Nếu hồ sơ không đủ điều kiện, hãy xin lỗi và hẹn lại hoặc dừng xử lý có lý do.")
                }
            }
            note = missing.map { "– \($0)" }.joined(separator: "\n") + (note.map { "\n\($0)" } ?? "")
            dossier.supplementRequests = (dossier.supplementRequests ?? 0) + 1
        case .supplement:
            dossier.supplementsReceived = (dossier.supplementsReceived ?? 0) + 1
            let received = markReceived(input.providedComponents ?? [], on: dossier)
            if !received.isEmpty {
                note = Sentences.join(["Đã nhận bổ sung: " + received.joined(separator: "; "), note])
            }
            if dossier.wasAccepted {
                // The clock restarts from zero when the complete dossier comes back (DOMAIN §3).
                dossier.receivedAt = now
                dossier.appointmentAt = calendar.appointment(receivedAt: now, days: procedure.legalDays, unit: procedure.unit)
            }
        case .start:
            fromUnit = dossier.currentUnit
            let steps = procedure.steps
            dossier.stepIndex = min(1, max(steps.count - 1, 0))
            dossier.currentUnit = steps.indices.contains(dossier.stepIndex) ? steps[dossier.stepIndex].unit : dossier.currentUnit
            toUnit = dossier.currentUnit
            // Whoever starts an unassigned dossier takes it on: it appears under their "Của tôi".
            if dossier.$assignee.id == nil { dossier.$assignee.id = actor.id }
        case .forward:
            fromUnit = dossier.currentUnit
            if let code = input.text(input.toAgency) {
                guard let agency = try await Agency.find(code: code, on: db) else {
                    throw AppError.badRequest("unknown_agency", "Cơ quan nhận “\(code)” không tồn tại. Kiểm tra mã định danh cơ quan.")
                }
                dossier.$handlingAgency.id = try agency.requireID()
                dossier.handlingAgencyPath = agency.path
                toUnit = input.text(input.toUnit) ?? agency.name
            } else if let unit = input.text(input.toUnit) {
                toUnit = unit
            } else {
                let steps = procedure.steps
                let next = dossier.stepIndex + 1
                guard steps.indices.contains(next) else {
                    throw AppError(.conflict, "no_next_step",
                                   "Hồ sơ đã ở bước cuối của quy trình. Hãy chọn “Giải quyết xong”, hoặc ghi rõ đơn vị/cơ quan nhận để chuyển tiếp.")
                }
                toUnit = steps[next].unit
            }
            dossier.stepIndex += 1
            dossier.currentUnit = toUnit
            if let username = input.assignee {
                let officer = try await DossierAssignment.officer(username, handlingAgencyID: dossier.$handlingAgency.id, on: db)
                dossier.$assignee.id = officer.id
                toUnit = (toUnit.map { "\($0) – " } ?? "") + officer.fullName
            } else if input.text(input.toAgency) != nil {
                // Another agency assigns its own officers.
                dossier.$assignee.id = nil
            }
        case .requestFees:
            if let amount = input.feeAmount {
                guard amount > 0, amount <= TransitionInput.Fields.maxFee else {
                    throw AppError.badRequest("invalid_fee", "Số tiền phải lớn hơn 0 và không quá 1.000 tỷ đồng.")
                }
            }
            if let amount = Self.requestedFee(input, procedure: procedure) {
                note = Sentences.join(["Số tiền: \(VietnameseFormat.money(amount))", note])
            }
        case .feesPaid:
            break
        case .resolve:
            dossier.resolvedAt = now
            if let appointment = dossier.appointmentAt {
                dossier.timelinessCode = calendar.timeliness(appointment: appointment, resolvedAt: now, rescheduled: dossier.rescheduled, now: now).rawValue
            }
        case .stop:
            guard let reason = input.text(input.reason) else {
                throw AppError.badRequest("reason_required", "Vui lòng ghi rõ lý do dừng xử lý hồ sơ.")
            }
            note = reason
        case .withdraw:
            note = input.text(input.reason) ?? note ?? "Theo đề nghị của người nộp hồ sơ."
        case .reschedule:
            let change = try reschedule(dossier, input: input)
            note = Sentences.join(["Lý do: \(change.reason)",
                                   "Hẹn cũ: \(VietnameseFormat.dateTime(change.old)); hẹn mới: \(VietnameseFormat.dateTime(change.new))"])
        case .return:
            guard let delivery = ResultDelivery(rawValue: input.text(input.delivery) ?? "") else {
                throw AppError.badRequest("delivery_required", "Vui lòng chọn hình thức trả kết quả: counter (tại quầy), post (bưu chính) hoặc online.")
            }
            if delivery == .post {
                guard let tracking = input.text(input.trackingNumber) else {
                    throw AppError.badRequest("tracking_required", "Trả kết quả qua bưu chính cần số hiệu bưu gửi để tra cứu.")
                }
                dossier.postalTracking = tracking
            }
            if delivery == .online {
                // An electronic return hands over the result document: without one there is nothing to hand over.
                let results = try await DossierAttachment.query(on: db).filter(\.$dossier.$id == dossier.requireID())
                    .filter(\.$kind == AttachmentStore.Kind.result.rawValue).count()
                guard results > 0 else {
                    throw AppError(.conflict, "no_electronic_result",
                                   "Hồ sơ chưa có văn bản kết quả điện tử (đính kèm khi “Giải quyết xong”), nên không thể trả kết quả trực tuyến. Hãy trả tại quầy hoặc qua bưu chính.")
                }
            }
            dossier.delivery = delivery.rawValue
            dossier.returnedAt = now
            // Who collected is kept on the dossier, not in the note: the public lookup shows notes, never identity numbers.
            if delivery == .counter {
                let collector = try Self.collector(input, dossier: dossier)
                dossier.collectorName = collector.name
                dossier.collectorIDNumber = collector.idNumber
                dossier.collectedByProxy = collector.byProxy
            }
            note = Sentences.join([delivery.label + (dossier.postalTracking.map { " – số hiệu bưu gửi \($0)" } ?? ""), input.text(input.note)])
        }

        dossier.status = target
        dossier.updatedAt = now
        dossier.statusAt = now
        return DossierEvent(dossierID: try dossier.requireID(), at: now, actor: actor, action: action.rawValue, from: from, to: target,
                            note: note, fromUnit: fromUnit, toUnit: toUnit)
    }

    /// Form 04: at least one day before the appointment, with a reason and a later date; once only.
    private func reschedule(_ dossier: Dossier, input: TransitionInput) throws -> (reason: String, old: Date, new: Date) {
        guard let reason = input.text(input.reason) else {
            throw AppError.badRequest("reason_required", "Vui lòng ghi rõ lý do chậm trễ (in trên Phiếu xin lỗi và hẹn lại, mẫu 04).")
        }
        guard let appointment = dossier.appointmentAt else {
            throw AppError(.conflict, "no_appointment", "Hồ sơ chưa có ngày hẹn trả nên không thể hẹn lại.")
        }
        guard let raw = input.text(input.newAppointment) else {
            throw AppError.badRequest("new_appointment_required", "Vui lòng chọn ngày hẹn trả mới.")
        }
        let newAppointment: Date
        if let day = LocalDate(iso: raw) {
            newAppointment = calendar.closing(of: day)
        } else if let instant = VietnamTime.parse(raw) {
            newAppointment = instant
        } else {
            throw AppError.badRequest("invalid_date", "Ngày hẹn mới “\(raw)” không hợp lệ; dùng dạng YYYY-MM-DD.")
        }
        guard LocalDate(now) < LocalDate(appointment) else {
            throw AppError(.conflict, "too_late_to_reschedule",
                           "Phiếu xin lỗi và hẹn lại phải được lập chậm nhất một ngày trước ngày hẹn trả (\(VietnameseFormat.date(appointment))).")
        }
        guard newAppointment > appointment else {
            throw AppError.badRequest("appointment_not_later", "Ngày hẹn mới phải sau ngày hẹn cũ (\(VietnameseFormat.dateTime(appointment))).")
        }
        // A delay is counted in days or weeks; a date years away is a typing mistake (or 9999-12-31).
        guard newAppointment <= appointment.addingTimeInterval(Self.maxRescheduleDays * 86_400) else {
            throw AppError.badRequest("appointment_too_far", "Ngày hẹn mới không được quá \(Int(Self.maxRescheduleDays)) ngày sau ngày hẹn cũ (\(VietnameseFormat.date(appointment))).")
        }
        guard calendar.isWorkingDay(LocalDate(newAppointment)) else {
            throw AppError.badRequest("appointment_on_day_off", "Ngày hẹn mới rơi vào ngày nghỉ; vui lòng chọn một ngày làm việc.")
        }
        dossier.originalAppointmentAt = appointment
        dossier.appointmentAt = newAppointment
        dossier.rescheduled = true
        return (reason, appointment, newAppointment)
    }

    static let maxRescheduleDays = 365.0

    /// Ticks the checklist lines brought back; returns their names for the timeline (lines already ticked are skipped).
    private func markReceived(_ indices: [Int], on dossier: Dossier) -> [String] {
        var components = dossier.components
        var names: [String] = []
        for index in Set(indices).sorted() where components.indices.contains(index) && !components[index].provided {
            components[index].provided = true
            names.append(components[index].name)
        }
        dossier.components = components
        return names
    }

    /// At the counter the applicant collects in person unless the officer records someone else, who then needs
    /// an identity number and, when not the applicant, an authorisation.
    static func collector(_ input: TransitionInput, dossier: Dossier) throws -> ReturnCollector {
        let byProxy = input.collectedByProxy ?? false
        guard let name = input.text(input.collectorName) else {
            if byProxy {
                throw AppError.badRequest("collector_required", "Người nhận thay theo ủy quyền: vui lòng ghi họ tên và số định danh của người nhận.")
            }
            return ReturnCollector(name: dossier.applicantName, idNumber: dossier.applicantIDNumber, byProxy: false)
        }
        let idNumber = input.text(input.collectorIdNumber)
        if byProxy, idNumber == nil {
            throw AppError.badRequest("collector_id_required", "Người nhận thay theo ủy quyền phải xuất trình giấy tờ tùy thân: vui lòng ghi số định danh.")
        }
        return ReturnCollector(name: name, idNumber: idNumber, byProxy: byProxy)
    }
}
