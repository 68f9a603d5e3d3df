import Foundation
import Vapor
import MotCuaCore

/// The report of one agency subtree for one period (the API's answer, and the dashboard's figures).
struct AgencyStatistics: Content, Sendable {
    struct ByChannel: Content, Sendable { let counter: Int; let online: Int; let post: Int }
    struct Received: Content, Sendable { let total: Int; let byChannel: ByChannel }
    struct Share: Content, Sendable { let count: Int; let percent: Double }
    struct Resolved: Content, Sendable {
        let total: Int
        let early: Share
        let onTime: Share
        let late: Share
        /// Early or on time, in percent of the resolved dossiers (100 − late, so the figures agree).
        let onTimeRate: Double
    }
    struct Open: Content, Sendable {
        /// Accepted, processing or awaiting fees, appointment not yet passed.
        let withinTime: Int
        /// Accepted, processing or awaiting fees, appointment passed.
        let overdue: Int
        /// Status 5: the clock is stopped until the applicant brings the supplement.
        let waitingSupplement: Int
        /// Status 1: submitted online, not yet checked by the counter.
        let awaitingIntake: Int
        let total: Int
    }

    let agency: AgencySummary
    let from: String
    let to: String
    let received: Received
    let resolved: Resolved
    let open: Open
    /// Results handed over (status 10) in the period.
    let returned: Int
    /// Refused at intake in the period (slip 03): not part of `received`.
    let notAccepted: Int
    /// The instant the open dossiers were counted at.
    let asOf: Date

    init(agency: AgencySummary, period: StatisticsPeriod, counts c: StatisticsCounts.PerAgency, now: Date) {
        self.agency = agency
        from = period.from.iso
        to = period.to.iso
        let channel = { (name: DossierChannel) in c.receivedByChannel[name.rawValue] ?? 0 }
        received = Received(total: c.receivedByChannel.values.reduce(0, +),
                            byChannel: ByChannel(counter: channel(.counter), online: channel(.online), post: channel(.post)))

        let classes = [Timeliness.early, .onTime, .late].map { c.resolvedByTimeliness[$0.rawValue] ?? 0 }
        let percents = PercentageSplit.split(classes, decimals: 1)
        resolved = Resolved(total: c.resolvedByTimeliness.values.reduce(0, +),
                            early: Share(count: classes[0], percent: percents[0]),
                            onTime: Share(count: classes[1], percent: percents[1]),
                            late: Share(count: classes[2], percent: percents[2]),
                            onTimeRate: classes[0] + classes[1] + classes[2] == 0 ? 0 : (1000 - Int((percents[2] * 10).rounded())).tenths)

        let running = [DossierStatus.accepted, .processing, .awaitingFees].map(\.rawValue)
        let runningTotal = running.reduce(0) { $0 + (c.openByStatus[$1] ?? 0) }
        let runningOverdue = running.reduce(0) { $0 + (c.overdueByStatus[$1] ?? 0) }
        let waiting = c.openByStatus[DossierStatus.supplementRequested.rawValue] ?? 0
        let intake = c.openByStatus[DossierStatus.new.rawValue] ?? 0
        open = Open(withinTime: runningTotal - runningOverdue, overdue: runningOverdue, waitingSupplement: waiting,
                    awaitingIntake: intake, total: runningTotal + waiting + intake)
        returned = c.returned
        notAccepted = c.notAccepted
        asOf = now
    }
}

private extension Int {
    var tenths: Double { Double(self) / 10 }
}
