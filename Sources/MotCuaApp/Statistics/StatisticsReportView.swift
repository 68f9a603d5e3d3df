import Foundation
import MotCuaCore

/// The dashboard's figures as text and bar widths, so that the template only places them.
struct StatisticsReportView: Encodable {
    struct Bar: Encodable {
        let label: String
        let value: String
        let percent: String
        /// Width of the bar in percent of its track.
        let width: Double
        let tone: String
    }

    struct ChildRow: Encodable {
        let name: String
        let code: String
        let url: String?
        let received: String
        let resolved: String
        let early: String
        let onTime: String
        let late: String
        let onTimeRate: String
        let overdue: String
        let waitingSupplement: String
        let hasResolved: Bool

        init(_ s: AgencyStatistics, url: String?, label: String? = nil) {
            name = label ?? s.agency.name
            code = s.agency.code
            self.url = url
            received = StatisticsReportView.number(s.received.total)
            resolved = StatisticsReportView.number(s.resolved.total)
            early = StatisticsReportView.percent(s.resolved.early.percent)
            onTime = StatisticsReportView.percent(s.resolved.onTime.percent)
            late = StatisticsReportView.number(s.resolved.late.count)
            onTimeRate = StatisticsReportView.percent(s.resolved.onTimeRate)
            overdue = StatisticsReportView.number(s.open.overdue)
            waitingSupplement = StatisticsReportView.number(s.open.waitingSupplement)
            hasResolved = s.resolved.total > 0
        }
    }

    let agencyName: String
    let agencyCode: String
    let periodText: String
    let asOfText: String
    let receivedTotal: String
    let resolvedTotal: String
    let returned: String
    let notAccepted: String
    let openTotal: String
    /// The headline as the table's total row.
    let totalRow: ChildRow
    let hasResolved: Bool
    let early: Bar
    let onTime: Bar
    let late: Bar
    let timeliness: [Bar]
    let onTimeRate: String
    let channels: [Bar]
    let open: [Bar]
    let children: [ChildRow]

    init(_ s: AgencyStatistics, agencyName: String, period: StatisticsPeriod, children: [ChildRow]) {
        self.agencyName = agencyName
        agencyCode = s.agency.code
        periodText = "Từ ngày \(VietnameseFormat.day(period.from)) đến ngày \(VietnameseFormat.day(period.to))"
        asOfText = VietnameseFormat.dateTime(s.asOf)
        receivedTotal = Self.number(s.received.total)
        resolvedTotal = Self.number(s.resolved.total)
        returned = Self.number(s.returned)
        notAccepted = Self.number(s.notAccepted)
        totalRow = ChildRow(s, url: nil, label: "Tổng cộng")
        openTotal = Self.number(s.open.total)
        hasResolved = s.resolved.total > 0
        func share(_ label: String, _ share: AgencyStatistics.Share, tone: String) -> Bar {
            Bar(label: label, value: Self.number(share.count), percent: Self.percent(share.percent), width: share.percent, tone: tone)
        }
        early = share(Timeliness.early.label, s.resolved.early, tone: "early")
        onTime = share(Timeliness.onTime.label, s.resolved.onTime, tone: "ontime")
        late = share(Timeliness.late.label, s.resolved.late, tone: "late")
        timeliness = [early, onTime, late]
        onTimeRate = Self.percent(s.resolved.onTimeRate)

        let byChannel = s.received.byChannel
        let channelCounts = [byChannel.counter, byChannel.online, byChannel.post]
        let channelPercents = PercentageSplit.split(channelCounts, decimals: 1)
        channels = zip([DossierChannel.counter, .online, .post], zip(channelCounts, channelPercents)).map { channel, figures in
            Bar(label: channel.label, value: Self.number(figures.0), percent: Self.percent(figures.1), width: figures.1, tone: "channel")
        }

        let openCounts = [s.open.withinTime, s.open.overdue, s.open.waitingSupplement, s.open.awaitingIntake]
        let openPercents = PercentageSplit.split(openCounts, decimals: 1)
        open = zip(["Đang giải quyết, trong hạn", "Đang giải quyết, quá hạn", "Chờ công dân bổ sung", "Nộp trực tuyến, chờ tiếp nhận"],
                   zip(zip(openCounts, openPercents), ["ontime", "late", "waiting", "channel"])).map { label, rest in
            Bar(label: label, value: Self.number(rest.0.0), percent: Self.percent(rest.0.1), width: rest.0.1, tone: rest.1)
        }
        self.children = children
    }

    /// "8.114"
    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, ch) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + String(out.reversed())
    }

    /// "66,8%"
    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10),\(tenths % 10)%"
    }
}
