import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Dossier generator")
struct GeneratorTests {
    /// Friday 20 November 2026, 10:00 in Vietnam.
    static let now = LocalDate(year: 2026, month: 11, day: 20).at(hour: 10, minute: 0)

    static func generate(_ app: Application, count: Int, seed: UInt64 = 7) async throws -> DossierGenerator.Progress {
        let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
        return try await DossierGenerator(options: .init(count: count, seed: seed, now: now, transactionSize: 200), calendar: calendar).run(on: app.db)
    }

    @Test func fiveHundredDossiersWithValidCodesAndConsistentTimelines() async throws {
        try await withMotCua { app in
            let summary = try await Self.generate(app, count: 500)

            let dossiers = try await Dossier.query(on: app.db).with(\.$receivingAgency).all()
            let events = try await DossierEvent.query(on: app.db).sort(\.$at).all()
            let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)

            #expect(summary.dossiers == 500 && dossiers.count == 500)
            #expect(summary.events == events.count)
            #expect(Set(dossiers.map(\.code)).count == 500)
            let byDossier = Dictionary(grouping: events, by: { $0.$dossier.id })
            var problems: [String] = []
            for dossier in dossiers {
                let code = try DossierCode(dossier.code)
                if code.agency.value != dossier.receivingAgency.code { problems.append("\(dossier.code): agency") }
                let timeline = byDossier[dossier.id!] ?? []
                guard let first = timeline.first, let last = timeline.last else { problems.append("\(dossier.code): no event"); continue }
                // The code carries the day of submission, the first event.
                let day = LocalDate(first.at)
                if (code.date.year, code.date.month, code.date.day) != (day.year, day.month, day.day) { problems.append("\(dossier.code): date") }
                if last.toStatus != dossier.statusCode { problems.append("\(dossier.code): last event \(last.toStatus) ≠ \(dossier.statusCode)") }
                if last.at > Self.now { problems.append("\(dossier.code): event in the future") }
                // Every move is one the status machine allows, from the status the previous one left.
                var status: DossierStatus? = nil, accepted = false, rescheduled = false
                for event in timeline {
                    if event.action == DossierEvent.intakeAction {
                        if status != nil || event.toStatus != 1 { problems.append("\(dossier.code): intake") }
                    } else {
                        let action = try #require(DossierAction(rawValue: event.action))
                        let from = try #require(status)
                        if event.fromStatus != from.rawValue { problems.append("\(dossier.code): from") }
                        guard case .success(let target) = DossierStateMachine.next(from: from, action: action, wasAccepted: accepted, alreadyRescheduled: rescheduled),
                              target.rawValue == event.toStatus
                        else { problems.append("\(dossier.code): illegal \(action) from \(from)"); break }
                        if action == .accept { accepted = true }
                        if action == .reschedule { rescheduled = true }
                    }
                    status = DossierStatus(rawValue: event.toStatus)
                }
                if [DossierStatus.resolved, .returned].contains(dossier.status) {
                    guard let resolvedAt = dossier.resolvedAt, let appointment = dossier.appointmentAt else { problems.append("\(dossier.code): resolved without dates"); continue }
                    let expected = calendar.timeliness(appointment: appointment, resolvedAt: resolvedAt, rescheduled: dossier.rescheduled, now: resolvedAt)
                    if dossier.timeliness != expected { problems.append("\(dossier.code): timeliness") }
                }
                if dossier.status == .returned && (dossier.returnedAt == nil || dossier.delivery == nil) { problems.append("\(dossier.code): returned") }
                if [DossierStatus.accepted, .processing, .awaitingFees].contains(dossier.status) && dossier.appointmentAt == nil {
                    problems.append("\(dossier.code): open without appointment")
                }
                _ = try ValidatedApplicant(.init(fullName: dossier.applicantName, idNumber: dossier.applicantIDNumber, phone: dossier.applicantPhone,
                                                 email: dossier.applicantEmail, address: dossier.applicantAddress), currentYear: 2026)
            }
            #expect(problems.isEmpty, "\(problems.prefix(10))")
        }
    }

    @Test func proportionsArePlausible() async throws {
        try await withMotCua { app in
            _ = try await Self.generate(app, count: 2_000, seed: 11)

            let dossiers = try await Dossier.query(on: app.db).all()
            let returned = dossiers.filter { $0.status == .returned }.count
            let resolved = dossiers.filter { $0.timeliness != nil }
            let inTime = resolved.filter { $0.timeliness == .early || $0.timeliness == .onTime }.count
            let open = dossiers.filter { [.accepted, .processing, .awaitingFees, .supplementRequested].contains($0.status) }.count
            let channels = Dictionary(grouping: dossiers, by: \.channel).mapValues(\.count)
            let officeHours = dossiers.filter { $0.channel == "counter" }.allSatisfy { dossier in
                let minutes = Int(dossier.receivedAt.timeIntervalSince(LocalDate(dossier.receivedAt).at(hour: 0, minute: 0))) / 60
                return minutes >= 7 * 60 + 30 && minutes <= 17 * 60
            }

            #expect(Double(returned) / 2_000 > 0.85)
            #expect(Double(inTime) / Double(resolved.count) > 0.93)
            #expect(resolved.contains { $0.timeliness == .late })
            #expect(open > 0 && open < 200)
            #expect(dossiers.contains { $0.status == .notAccepted } && dossiers.contains { $0.rescheduled || $0.status == .withdrawn })
            #expect((channels["counter"] ?? 0) > (channels["online"] ?? 0) && (channels["online"] ?? 0) > 0 && (channels["post"] ?? 0) > 0)
            #expect(officeHours)
        }
    }

    @Test func sameSeedGivesTheSameDossiers() async throws {
        var runs: [[String]] = []
        for _ in 0..<2 {
            try await withMotCua { app in
                _ = try await Self.generate(app, count: 150, seed: 42)
                let rows = try await Dossier.query(on: app.db).sort(\.$code).all()
                runs.append(rows.map { "\($0.code) \($0.applicantName) \($0.statusCode) \($0.applicantIDNumber ?? "-")" })
            }
        }
        #expect(runs[0].count == 150)
        #expect(runs[0] == runs[1])
    }

    @Test func intakeOnAGeneratedDayContinuesAfterTheGeneratedCodes() async throws {
        try await withMotCua { app in
            _ = try await Self.generate(app, count: 500)
            let reception = try await app.bearer("tiepnhan")
            // The busiest generated day at the demo receptionist's agency.
            let home = try await Dossier.query(on: app.db).filter(\.$code =~ "000.00.21.H36-").all()
            let busiest = try #require(Dictionary(grouping: home, by: { String($0.code.split(separator: "-")[1]) }).max { $0.value.count < $1.value.count })
            let highest = busiest.value.map { Int($0.code.suffix(4))! }.max()!
            let day = try DossierCode(busiest.value[0].code).date
            app.clock.set(LocalDate(year: day.year, month: day.month, day: day.day).at(hour: 16, minute: 58))

            let created = try #require(try await app.createDossier(token: reception))

            #expect(created.code == "000.00.21.H36-\(busiest.key)-\(DossierGenerator.pad4(highest + 1))")
        }
    }
}
