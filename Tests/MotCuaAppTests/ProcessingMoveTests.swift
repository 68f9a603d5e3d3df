import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Every allowed move of DOMAIN §3 through `POST /api/v1/dossiers/{code}/transitions`, and every refusal.
@Suite("Processing moves through the API")
struct ProcessingMoveTests {
    @Test func onlineDossierIsAcceptedRefusedOrSentBackBeforeAcceptance() async throws {
        try await withMotCua { app in
            // setup
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let toAccept = try await client.intake(o.reception, procedure: ownAgencyProcedure, channel: "online")
            let toRefuse = try await client.intake(o.reception, channel: "online", applicant: 2)
            let toSupplement = try await client.intake(o.reception, channel: "online", applicant: 3)
            #expect(try await client.stored(toAccept).status == .new)
            #expect(try await client.stored(toAccept).appointmentAt == nil)

            // act / assert: 1 → 2, the appointment is set at acceptance (0 days: close of today).
            #expect(try await client.mustMove(toAccept, token: o.reception, TransitionInput(action: "accept")) == 2)
            #expect(try await client.stored(toAccept).appointmentAt == processingTime("2027-04-14T17:00"))

            // 1 → 3 needs a reason (slip 03).
            let noReason = try await client.move(toRefuse, token: o.reception, TransitionInput(action: "refuse"))
            #expect(noReason.status == .badRequest)
            #expect(noReason.errorCode == "reason_required")
            #expect(try await client.stored(toRefuse).status == .new)
            #expect(try await client.mustMove(toRefuse, token: o.reception, TransitionInput(action: "refuse", reason: "Không thuộc thẩm quyền.")) == 3)
            #expect(try await client.events(toRefuse).last?.note == "Không thuộc thẩm quyền.")

            // 1 → 5 lists what is missing; 5 → 1 when the applicant completes it (never accepted: back to intake).
            #expect(try await client.mustMove(toSupplement, token: o.reception, TransitionInput(action: "request-supplement", missing: ["Tờ khai", "Bản sao CCCD"])) == 5)
            #expect(try await client.events(toSupplement).last?.note == "– Tờ khai\n– Bản sao CCCD")
            #expect(try await client.mustMove(toSupplement, token: o.reception, TransitionInput(action: "supplement")) == 1)
            #expect(try await client.stored(toSupplement).appointmentAt == nil)
            #expect(try await client.mustMove(toSupplement, token: o.reception, TransitionInput(action: "accept")) == 2)
        }
    }

    @Test func processingStartsForwardsAlongTheStepsAndToAnotherAgency() async throws {
        try await withMotCua { app in
            // setup: the 3-day procedure has five steps; reception is step 0.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.accepted, o)
            let steps = try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first()!.steps

            // act / assert: 2 → 4 hands the dossier to the second step's unit.
            #expect(try await client.mustMove(code, token: o.specialist, TransitionInput(action: "start")) == 4)
            #expect(try await client.stored(code).currentUnit == steps[1].unit)
            // 4 → 4: the next step of the procedure, recorded from → to.
            #expect(try await client.mustMove(code, token: o.specialist, TransitionInput(action: "forward", note: "Đã kiểm tra tên hộ kinh doanh.")) == 4)
            let forwarded = try #require(try await client.events(code).last)
            #expect(forwarded.fromUnit == steps[1].unit)
            #expect(forwarded.toUnit == steps[2].unit)
            #expect(forwarded.fromStatus == 4 && forwarded.toStatus == 4)
            // 4 → 4 to a named unit.
            try await client.mustMove(code, token: o.leader, TransitionInput(action: "forward", toUnit: "Phòng Tư pháp"))
            #expect(try await client.stored(code).currentUnit == "Phòng Tư pháp")
            // 4 → 4 to another agency (interconnected one-stop): the handling agency changes.
            try await client.mustMove(code, token: o.specialist, TransitionInput(action: "forward", toAgency: DemoSeed.secondAgencyCode))
            let moved = try await client.stored(code)
            let other = try #require(try await Agency.find(code: DemoSeed.secondAgencyCode, on: app.db))
            #expect(moved.$handlingAgency.id == other.id)
            #expect(moved.handlingAgencyPath == other.path)
            #expect(moved.currentUnit == other.name)
            // An unknown agency is refused and changes nothing.
            let before = try await client.eventCount(code)
            let unknown = try await client.move(code, token: o.specialist, TransitionInput(action: "forward", toAgency: "999.99.99.H99"))
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorCode == "unknown_agency")
            #expect(try await client.eventCount(code) == before)
        }
    }

    @Test func feesAreRequestedPaidAndTheDossierResolvedFromEitherStatus() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.processing, o)

            // 4 → 6 with the amount in the timeline; 6 → 4; 4 → 6 again; 6 → 9.
            let zero = try await client.move(code, token: o.specialist, TransitionInput(action: "request-fees", feeAmount: 0))
            #expect(zero.status == .badRequest)
            #expect(zero.errorCode == "invalid_fee")
            #expect(try await client.mustMove(code, token: o.specialist, TransitionInput(action: "request-fees", feeAmount: 1_250_000)) == 6)
            #expect(try await client.events(code).last?.note?.contains("1.250.000 đồng") == true)
            #expect(try await client.mustMove(code, token: o.reception, TransitionInput(action: "fees-paid")) == 4)
            #expect(try await client.mustMove(code, token: o.specialist, TransitionInput(action: "request-fees", feeAmount: 50_000)) == 6)
            #expect(try await client.mustMove(code, token: o.leader, TransitionInput(action: "resolve")) == 9)
            // Resolved on Wednesday, appointment Tuesday 20 (DOMAIN §4 example): early.
            let resolved = try await client.stored(code)
            #expect(resolved.resolvedAt == processingMorning)
            #expect(resolved.timeliness == .early)

            // 4 → 9 directly, on the appointment day for a same-day procedure: on time.
            let sameDay = try await client.make(.processing, o, procedure: ownAgencyProcedure, applicant: 2)
            #expect(try await client.mustMove(sameDay, token: o.leader, TransitionInput(action: "resolve")) == 9)
            #expect(try await client.stored(sameDay).timeliness == .onTime)
        }
    }

    @Test func resultIsReturnedAtTheCounterOrByPostWithATrackingNumber() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let atCounter = try await client.make(.resolved, o)
            let byPost = try await client.make(.resolved, o, applicant: 2)

            #expect(try await client.mustMove(atCounter, token: o.reception, TransitionInput(action: "return", delivery: "counter")) == 10)
            let returned = try await client.stored(atCounter)
            #expect(returned.delivery == "counter")
            #expect(returned.returnedAt == processingMorning)

            let noDelivery = try await client.move(byPost, token: o.reception, TransitionInput(action: "return"))
            #expect(noDelivery.errorCode == "delivery_required")
            let noTracking = try await client.move(byPost, token: o.reception, TransitionInput(action: "return", delivery: "post"))
            #expect(noTracking.status == .badRequest)
            #expect(noTracking.errorCode == "tracking_required")
            #expect(try await client.stored(byPost).status == .resolved)
            #expect(try await client.mustMove(byPost, token: o.reception, TransitionInput(action: "return", delivery: "post", trackingNumber: "EB123456789VN")) == 10)
            #expect(try await client.stored(byPost).postalTracking == "EB123456789VN")
            #expect(try await client.events(byPost).last?.note?.contains("EB123456789VN") == true)
        }
    }

    @Test func stopNeedsAReasonAndClosesTheDossier() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.processing, o)

            let blank = try await client.move(code, token: o.leader, TransitionInput(action: "stop", reason: "   "))
            #expect(blank.status == .badRequest)
            #expect(blank.errorCode == "reason_required")
            #expect(try await client.stored(code).status == .processing)
            #expect(try await client.mustMove(code, token: o.leader, TransitionInput(action: "stop", reason: "Giấy tờ giả mạo.")) == 8)
            #expect(try await client.events(code).last?.note == "Giấy tờ giả mạo.")

            let after = try await client.move(code, token: o.reception, TransitionInput(action: "withdraw"))
            #expect(after.status == .conflict)
            #expect(after.errorCode == "dossier_closed")
            #expect(after.message?.contains(DossierStatus.stopped.label) == true)
        }
    }

    @Test func withdrawIsPossibleFromEveryOpenStatus() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let open: [DossierStatus] = [.new, .accepted, .processing, .supplementRequested, .awaitingFees, .resolved]
            for (index, status) in open.enumerated() {
                let code = try await client.make(status, o, applicant: index + 1)
                #expect(try await client.mustMove(code, token: o.reception, TransitionInput(action: "withdraw")) == 7, "from \(status)")
                let last = try #require(try await client.events(code).last)
                #expect(last.fromStatus == status.rawValue)
                #expect(last.note == "Theo đề nghị của người nộp hồ sơ.")
            }
        }
    }

    @Test func supplementsAreRequestedWithinThreeWorkingDaysOfReceiptOnly() async throws {
        try await withMotCua { app in
            // setup: both received Wednesday 14 at 09:00 (before the cut-off, so that day is the receipt day).
            let client = ProcessingClient(app: app)
            var o = try await client.at(processingMorning)
            let inTime = try await client.make(.processing, o)
            let tooLate = try await client.make(.processing, o, applicant: 2)

            // act / assert: Tuesday 20 is the 3rd working day after Wed 14 (Thu 15, [Fri 16 holiday], Mon 19, Tue 20).
            o = try await client.at(processingTime("2027-04-20T16:00"))
            #expect(try await client.mustMove(inTime, token: o.specialist, TransitionInput(action: "request-supplement", missing: ["Bản sao CCCD"])) == 5)
            // Wednesday 21 is the 4th: refused, nothing written.
            o = try await client.at(processingTime("2027-04-21T08:00"))
            let before = try await client.eventCount(tooLate)
            let refused = try await client.move(tooLate, token: o.specialist, TransitionInput(action: "request-supplement", missing: ["Bản sao CCCD"]))
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "supplement_window_passed")
            #expect(try await client.eventCount(tooLate) == before)
            #expect(try await client.stored(tooLate).status == .processing)
        }
    }

    @Test func supplementRestartsTheProcessingTimeFromZero() async throws {
        try await withMotCua { app in
            // setup: accepted Wed 14 09:00 → appointment Tue 20 17:00; supplement requested the same day.
            let client = ProcessingClient(app: app)
            var o = try await client.at(processingMorning)
            let code = try await client.make(.supplementRequested, o)
            #expect(try await client.stored(code).appointmentAt == processingTime("2027-04-20T17:00"))

            // act: the complete dossier comes back Thursday 22 at 16:30, after the 15:00 cut-off.
            let back = processingTime("2027-04-22T16:30")
            o = try await client.at(back)
            #expect(try await client.mustMove(code, token: o.reception, TransitionInput(action: "supplement")) == 4)

            // assert: counts as received Fri 23; three working days Mon 26, Tue 27, Wed 28 → 2027-04-28 17:00.
            let dossier = try await client.stored(code)
            #expect(dossier.receivedAt == back)
            #expect(dossier.appointmentAt == processingTime("2027-04-28T17:00"))
        }
    }

    @Test func rescheduleOnceAtLeastOneDayBeforeTheAppointment() async throws {
        try await withMotCua { app in
            // setup: appointment Tue 2027-04-20 17:00.
            let client = ProcessingClient(app: app)
            var o = try await client.at(processingMorning)
            let code = try await client.make(.processing, o)
            let lastDay = try await client.make(.processing, o, applicant: 2)
            let reschedule = { (date: String?, reason: String?) in
                TransitionInput(action: "reschedule", reason: reason, newAppointment: date)
            }

            // Bad input: every refusal says what to fix and changes nothing.
            #expect(try await client.move(code, token: o.specialist, reschedule("2027-04-23", nil)).errorCode == "reason_required")
            #expect(try await client.move(code, token: o.specialist, reschedule(nil, "Cần xác minh.")).errorCode == "new_appointment_required")
            #expect(try await client.move(code, token: o.specialist, reschedule("23/04/2027", "Cần xác minh.")).errorCode == "invalid_date")
            #expect(try await client.move(code, token: o.specialist, reschedule("2027-04-19", "Cần xác minh.")).errorCode == "appointment_not_later")
            #expect(try await client.move(code, token: o.specialist, reschedule("2027-04-24", "Cần xác minh.")).errorCode == "appointment_on_day_off")
            #expect(try await client.stored(code).rescheduled == false)
            #expect(try await client.eventCount(code) == 3)

            // act: the first reschedule is accepted (form 04), the status stays.
            #expect(try await client.mustMove(code, token: o.specialist, reschedule("2027-04-23", "Cần xác minh với cơ quan thuế.")) == 4)
            let moved = try await client.stored(code)
            #expect(moved.appointmentAt == processingTime("2027-04-23T17:00"))
            #expect(moved.originalAppointmentAt == processingTime("2027-04-20T17:00"))
            #expect(moved.rescheduled)

            // a second one is refused by name.
            let second = try await client.move(code, token: o.leader, reschedule("2027-04-26", "Lại chậm."))
            #expect(second.status == .conflict)
            #expect(second.errorCode == "already_rescheduled")
            #expect(second.message?.contains(DossierStatus.processing.label) == true)
            #expect(try await client.stored(code).appointmentAt == processingTime("2027-04-23T17:00"))

            // On the appointment day itself it is too late for the apology slip.
            o = try await client.at(processingTime("2027-04-20T08:00"))
            let late = try await client.move(lastDay, token: o.specialist, reschedule("2027-04-23", "Cần xác minh."))
            #expect(late.status == .conflict)
            #expect(late.errorCode == "too_late_to_reschedule")

            // A rescheduled dossier counts as late even when resolved before the new date (DOMAIN §4).
            try await client.mustMove(code, token: o.leader, TransitionInput(action: "resolve"))
            #expect(try await client.stored(code).timeliness == .late)
        }
    }

    /// The legal moves of DOMAIN §3 (reschedule: the open statuses with an appointment). Everything else is refused.
    static let legal: [DossierStatus: Set<DossierAction>] = [
        .new: [.accept, .refuse, .requestSupplement, .withdraw],
        .accepted: [.start, .withdraw, .reschedule],
        .notAccepted: [],
        .processing: [.forward, .requestSupplement, .requestFees, .resolve, .stop, .withdraw, .reschedule],
        .supplementRequested: [.supplement, .withdraw, .reschedule],
        .awaitingFees: [.feesPaid, .resolve, .withdraw, .reschedule],
        .withdrawn: [],
        .stopped: [],
        .resolved: [.return, .withdraw],
        .returned: [],
    ]

    @Test(arguments: DossierStatus.allCases)
    func everyIllegalMoveIsRefusedNamingTheStatusAndChangesNothing(status: DossierStatus) async throws {
        try await withMotCua { app in
            // setup
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(status, o)
            let before = try await client.stored(code)
            let events = try await client.eventCount(code)
            let illegal = DossierAction.allCases.filter { !(Self.legal[status] ?? []).contains($0) }

            for action in illegal {
                // act: by an officer whose role allows the action, so only the status can refuse it.
                let token = DossierPermissions.roles(for: action).contains(.leader) ? o.leader : o.reception
                let result = try await client.move(code, token: token, processingInput(action))
                // assert
                #expect(result.status == .conflict, "\(action) from \(status)")
                #expect(["transition_not_allowed", "dossier_closed"].contains(result.errorCode ?? ""), "\(action) from \(status)")
                #expect(result.message?.contains("“\(status.label)”") == true, "\(action) from \(status): \(result.message ?? "")")
            }
            let after = try await client.stored(code)
            #expect(after.status == before.status)
            #expect(after.appointmentAt == before.appointmentAt)
            #expect(after.updatedAt == before.updatedAt)
            #expect(try await client.eventCount(code) == events)
        }
    }
}
