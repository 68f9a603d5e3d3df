import Foundation
import MotCuaCore

/// One dossier's life, played event by event through the same status machine as the application and
/// stopped at `now`: whatever had not happened yet by then is not written, so recent dossiers are still
/// open and the row always matches its last event.
struct DossierScenario {
    typealias Procedure = GeneratorCatalog.ProcedureInfo
    typealias Actor = GeneratorCatalog.Actor

    let clock: OfficeClock
    let now: Date
    let procedure: Procedure
    let channel: DossierChannel
    let dossierID: UUID
    let receptionist: Actor
    let specialist: Actor
    let leader: Actor

    private(set) var events: [DossierEventRow] = []
    private(set) var status: DossierStatus = .new
    private(set) var receivedAt: Date
    private(set) var appointmentAt: Date?
    private(set) var originalAppointmentAt: Date?
    private(set) var resolvedAt: Date?
    private(set) var returnedAt: Date?
    private(set) var wasAccepted = false
    private(set) var rescheduled = false
    private(set) var stepIndex = 0
    private(set) var currentUnit: String?
    private(set) var timeliness: Timeliness?
    private(set) var delivery: ResultDelivery?
    private(set) var postalTracking: String?
    private(set) var updatedAt: Date
    /// Set once an event would fall after `now`: the life is cut there.
    private var cut = false

    static let refusalReasons = [
        "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan; đã hướng dẫn công dân nộp tại cơ quan có thẩm quyền.",
        "Giấy tờ tùy thân của người nộp đã hết hạn sử dụng.",
        "Hồ sơ không đủ điều kiện giải quyết theo quy định hiện hành.",
    ]
    static let stopReasons = [
        "Người nộp không bổ sung hồ sơ theo yêu cầu trong thời hạn quy định.",
        "Có tranh chấp, khiếu nại liên quan đang được cơ quan có thẩm quyền giải quyết.",
        "Kết quả xác minh cho thấy hồ sơ không đủ điều kiện giải quyết.",
    ]
    static let rescheduleReasons = [
        "Cần xác minh thêm thông tin tại địa phương",
        "Chờ ý kiến phối hợp của cơ quan liên quan",
        "Hệ thống cơ sở dữ liệu chuyên ngành bị gián đoạn",
    ]

    init(clock: OfficeClock, now: Date, procedure: Procedure, channel: DossierChannel, submittedAt: Date, dossierID: UUID,
         receptionist: Actor, specialist: Actor, leader: Actor) {
        self.clock = clock
        self.now = now
        self.procedure = procedure
        self.channel = channel
        self.dossierID = dossierID
        self.receptionist = receptionist
        self.specialist = specialist
        self.leader = leader
        self.receivedAt = submittedAt
        self.updatedAt = submittedAt
    }

    private var calendar: WorkingCalendar { clock.calendar }

    /// Records a move if it happened by `now`; false once the life is cut (the caller stops there).
    private mutating func move(_ at: Date, _ action: String, to target: DossierStatus, by actor: Actor, note: String? = nil,
                               fromUnit: String? = nil, toUnit: String? = nil, ids: inout OrderedUUIDs, rng: inout SeededRandom) -> Bool {
        guard !cut, at <= now else { cut = true; return false }
        events.append(DossierEventRow(id: ids.next(&rng), dossierID: dossierID, at: at, actorID: actor.id, actorName: actor.name,
                                     action: action, fromStatus: events.isEmpty ? nil : status.rawValue, toStatus: target.rawValue,
                                     note: note, fromUnit: fromUnit, toUnit: toUnit))
        status = target
        updatedAt = at
        return true
    }

    private func missingNote(rng: inout SeededRandom) -> String {
        let required = procedure.requiredComponents
        guard !required.isEmpty else { return "– Bản sao giấy tờ chứng minh nhân thân của người nộp" }
        let first = rng.below(required.count)
        var named = [required[first]]
        if required.count > 1 && rng.chance(0.3) { named.append(required[(first + 1 + rng.below(required.count - 1)) % required.count]) }
        return named.map { "– \($0)" }.joined(separator: "\n")
    }

    private mutating func accept(at: Date) {
        wasAccepted = true
        receivedAt = at
        appointmentAt = calendar.appointment(receivedAt: at, days: procedure.legalDays, unit: procedure.unit)
        currentUnit = procedure.stepUnits.first
    }

    /// How many of the played events are this action (the row's supplement counters).
    func count(of action: DossierAction) -> Int? {
        let n = events.reduce(0) { $0 + ($1.action == action.rawValue ? 1 : 0) }
        return n == 0 ? nil : n
    }

    /// Plays the whole life. `ids` gives the events' identifiers.
    mutating func play(ids: inout OrderedUUIDs, rng: inout SeededRandom) {
        let submittedAt = receivedAt
        let atCounter = channel != .online
        guard move(submittedAt, DossierEvent.intakeAction, to: .new, by: atCounter ? receptionist : GeneratorCatalog.portalActor,
                   note: channel.label, ids: &ids, rng: &rng) else { return }
        // The counter decides while the applicant waits; online submissions are checked within two working days.
        var t = atCounter ? clock.soon(after: submittedAt, minutes: 2...12, rng: &rng)
            : clock.workingDaysLater(submittedAt, rng.int(0...2), rng: &rng)

        let intakeRoll = rng.unit()
        if intakeRoll < 0.015 {
            _ = move(t, DossierAction.refuse.rawValue, to: .notAccepted, by: receptionist, note: rng.pick(Self.refusalReasons), ids: &ids, rng: &rng)
            return
        }
        if intakeRoll < 0.045 {
            guard move(t, DossierAction.requestSupplement.rawValue, to: .supplementRequested, by: receptionist,
                       note: missingNote(rng: &rng), ids: &ids, rng: &rng) else { return }
            if rng.chance(0.1) { return abandon(after: t, ids: &ids, rng: &rng) }
            t = clock.workingDaysLater(t, rng.int(1...10), rng: &rng)
            guard move(t, DossierAction.supplement.rawValue, to: .new, by: receptionist, ids: &ids, rng: &rng) else { return }
            t = clock.soon(after: t, minutes: 2...10, rng: &rng)
        }
        guard move(t, DossierAction.accept.rawValue, to: .accepted, by: receptionist, ids: &ids, rng: &rng) else { return }
        accept(at: t)

        if rng.chance(0.002) {
            _ = move(clock.workingDaysLater(t, rng.int(0...2), rng: &rng), DossierAction.withdraw.rawValue, to: .withdrawn,
                     by: receptionist, note: "Theo đề nghị của người nộp hồ sơ.", ids: &ids, rng: &rng)
            return
        }

        let sameDay = procedure.legalDays == 0
        t = sameDay ? clock.soon(after: t, minutes: 5...60, rng: &rng) : clock.workingDaysLater(t, rng.int(0...1), rng: &rng)
        let steps = procedure.stepUnits
        let startUnit = currentUnit
        stepIndex = min(1, max(steps.count - 1, 0))
        if steps.indices.contains(stepIndex) { currentUnit = steps[stepIndex] }
        guard move(t, DossierAction.start.rawValue, to: .processing, by: specialist, fromUnit: startUnit, toUnit: currentUnit,
                   ids: &ids, rng: &rng) else { return }

        // A supplement asked during processing (within 3 working days of receipt) stops the clock;
        // when it comes back, the legal time starts again from zero.
        if procedure.legalDays >= 2 && rng.chance(0.025) {
            t = clock.workingDaysLater(t, rng.int(0...1), rng: &rng)
            guard move(t, DossierAction.requestSupplement.rawValue, to: .supplementRequested, by: specialist,
                       note: missingNote(rng: &rng), ids: &ids, rng: &rng) else { return }
            if rng.chance(0.08) { return abandon(after: t, ids: &ids, rng: &rng) }
            t = clock.workingDaysLater(t, rng.int(2...15), rng: &rng)
            guard move(t, DossierAction.supplement.rawValue, to: .processing, by: receptionist, ids: &ids, rng: &rng) else { return }
            receivedAt = t
            appointmentAt = calendar.appointment(receivedAt: t, days: procedure.legalDays, unit: procedure.unit)
        }

        let endRoll = rng.unit()
        let span = max(1, procedure.legalDays)
        if endRoll < 0.004 {
            _ = move(clock.workingDaysLater(t, rng.int(1...span), rng: &rng), DossierAction.stop.rawValue, to: .stopped, by: leader,
                     note: rng.pick(Self.stopReasons), ids: &ids, rng: &rng)
            return
        }
        if endRoll < 0.008 {
            _ = move(clock.workingDaysLater(t, rng.int(1...span), rng: &rng), DossierAction.withdraw.rawValue, to: .withdrawn,
                     by: receptionist, note: "Theo đề nghị của người nộp hồ sơ.", ids: &ids, rng: &rng)
            return
        }
        if endRoll < 0.0095 { return }  // stuck in processing: it will show as overdue

        resolveAndReturn(after: t, ids: &ids, rng: &rng)
    }

    /// The applicant never brings the supplement; half of them withdraw the dossier a month or two later.
    private mutating func abandon(after t: Date, ids: inout OrderedUUIDs, rng: inout SeededRandom) {
        guard rng.chance(0.5) else { return }
        _ = move(clock.workingDaysLater(t, rng.int(20...40), rng: &rng), DossierAction.withdraw.rawValue, to: .withdrawn,
                 by: receptionist, note: "Người nộp không bổ sung hồ sơ và đề nghị rút hồ sơ.", ids: &ids, rng: &rng)
    }

    private mutating func resolveAndReturn(after start: Date, ids: inout OrderedUUIDs, rng: inout SeededRandom) {
        guard let appointment = appointmentAt else { return }
        var t = start
        let dueDay = clock.day(appointment)
        let classRoll = rng.unit()
        var resolveAt: Date?

        if classRoll >= 0.99, clock.day(t) < dueDay {
            // Apology and new appointment (form 04), issued at least a day before the appointment; still counts as late.
            let issued = clock.soon(after: t, minutes: 30...240, rng: &rng)
            if clock.day(issued) < dueDay {
                let newDay = calendar.addingWorkingDays(rng.int(2...7), to: dueDay)
                let newAppointment = calendar.closing(of: newDay)
                let note = "Lý do: \(rng.pick(Self.rescheduleReasons)). Hẹn cũ: \(VietnameseFormat.dateTime(appointment)); hẹn mới: \(VietnameseFormat.dateTime(newAppointment))."
                guard move(issued, DossierAction.reschedule.rawValue, to: .processing, by: specialist, note: note, ids: &ids, rng: &rng) else { return }
                originalAppointmentAt = appointment
                appointmentAt = newAppointment
                rescheduled = true
                t = issued
                let day = calendar.addingWorkingDays(rng.int(0...max(0, calendar.workingDays(from: dueDay, to: newDay))), to: dueDay)
                resolveAt = clock.onDay(day, after: t, rng: &rng, latest: newAppointment)
            }
        }
        if resolveAt == nil {
            if classRoll < 0.64 {
                // Early: some working day before the appointment's day.
                let before = calendar.workingDays(from: clock.day(t), to: dueDay)
                if before > 0 {
                    let offset = rng.below(before)
                    let day = offset == 0 ? clock.day(t) : calendar.addingWorkingDays(offset, to: clock.day(t))
                    resolveAt = clock.onDay(day, after: t, rng: &rng)
                }
            } else if classRoll >= 0.97 {
                let day = calendar.addingWorkingDays(rng.int(1...5), to: dueDay)
                resolveAt = clock.onDay(day, after: t, rng: &rng)
            }
            // On time (and the fall-back of the others): the appointment's day, by the appointment.
            if resolveAt == nil {
                resolveAt = clock.onDay(dueDay, after: t, rng: &rng, latest: appointment)
                    ?? clock.workingDaysLater(t, 1, rng: &rng)
            }
        }
        var resolveTime = resolveAt!

        // Hand-overs between units, and fees, happen between the start and the decision.
        let steps = procedure.stepUnits
        let forwards = max(0, steps.count - 3)
        let withFees = procedure.feeAmount != nil && rng.chance(0.3)
        let between = forwards + (withFees ? 2 : 0)
        let minimum = t.addingTimeInterval(TimeInterval(120 * (between + 1)))
        if resolveTime < minimum { resolveTime = minimum }
        var slots = clock.spread(between, between: t, and: resolveTime, rng: &rng)[...]
        for _ in 0..<forwards {
            let from = currentUnit
            stepIndex += 1
            if steps.indices.contains(stepIndex) { currentUnit = steps[stepIndex] }
            guard move(slots.removeFirst(), DossierAction.forward.rawValue, to: .processing, by: specialist, fromUnit: from,
                       toUnit: currentUnit, ids: &ids, rng: &rng) else { return }
        }
        if withFees, let amount = procedure.feeAmount {
            guard move(slots.removeFirst(), DossierAction.requestFees.rawValue, to: .awaitingFees, by: specialist,
                       note: "Số tiền: \(VietnameseFormat.money(amount))", ids: &ids, rng: &rng) else { return }
            guard move(slots.removeFirst(), DossierAction.feesPaid.rawValue, to: .processing, by: receptionist, ids: &ids, rng: &rng) else { return }
        }

        guard move(resolveTime, DossierAction.resolve.rawValue, to: .resolved, by: leader, ids: &ids, rng: &rng) else { return }
        resolvedAt = resolveTime
        timeliness = calendar.timeliness(appointment: appointmentAt!, resolvedAt: resolveTime, rescheduled: rescheduled, now: resolveTime)

        // Most results are collected within a few days; a few are never collected.
        guard rng.chance(0.985) else { return }
        let waitDays = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5][rng.below(20)]
        let handedAt = waitDays == 0 ? clock.soon(after: resolveTime, minutes: 5...120, rng: &rng)
            : clock.workingDaysLater(resolveTime, waitDays, rng: &rng)
        let how: ResultDelivery = procedure.level >= 4 && rng.chance(0.3) ? .online : (rng.chance(0.12) ? .post : .counter)
        let tracking = how == .post ? "EB\(rng.digits(9))VN" : nil
        guard move(handedAt, DossierAction.return.rawValue, to: .returned, by: receptionist,
                   note: how.label + (tracking.map { " – số hiệu bưu gửi \($0)" } ?? ""), ids: &ids, rng: &rng) else { return }
        returnedAt = handedAt
        delivery = how
        postalTracking = tracking
    }
}
