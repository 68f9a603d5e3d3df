import Foundation
import Vapor

/// One row (or the total) of the periodic report. Counts add up across rows; the rates are recomputed.
struct ReportFigures: Content, Sendable, Equatable {
    var carriedOver = 0
    var receivedCounter = 0
    var receivedOnline = 0
    var receivedPost = 0
    var received = 0
    var resolved = 0
    var resolvedEarly = 0
    var resolvedOnTime = 0
    var resolvedLate = 0
    var stopped = 0
    var withdrawn = 0
    var waitingSupplement = 0
    var inProgressWithinTime = 0
    var inProgressOverdue = 0
    var returned = 0
    var awaitingCollection = 0
    var notAccepted = 0
    /// Early + on time over resolved, percent, one decimal (0 when nothing was resolved).
    var onTimeRate = 0.0
    /// The three classes' shares of the resolved, two decimals, adding up to 100 (largest remainder).
    var resolvedEarlyRate = 0.0
    var resolvedOnTimeRate = 0.0
    var resolvedLateRate = 0.0

    /// From the roll-up sums of one (agency, procedure): the states at the period's start and its flows.
    init(atStart p: DossierRollups.Counters, during f: DossierRollups.Counters) {
        let v = DossierRollups.value
        carriedOver = v(p, .deltaWithinTime) + v(p, .deltaOverdue) + v(p, .deltaWaiting)
        receivedCounter = v(f, .receivedCounter)
        receivedOnline = v(f, .receivedOnline)
        receivedPost = v(f, .receivedPost)
        resolvedEarly = v(f, .resolvedEarly)
        resolvedOnTime = v(f, .resolvedOnTime)
        resolvedLate = v(f, .resolvedLate)
        stopped = v(f, .stopped)
        withdrawn = v(f, .withdrawn)
        returned = v(f, .returned)
        notAccepted = v(f, .notAccepted)
        inProgressWithinTime = v(p, .deltaWithinTime) + v(f, .deltaWithinTime)
        inProgressOverdue = v(p, .deltaOverdue) + v(f, .deltaOverdue)
        waitingSupplement = v(p, .deltaWaiting) + v(f, .deltaWaiting)
        awaitingCollection = v(p, .deltaAwaitingCollection) + v(f, .deltaAwaitingCollection)
        finish()
    }

    init() {}

    mutating func add(_ o: ReportFigures) {
        carriedOver += o.carriedOver; receivedCounter += o.receivedCounter; receivedOnline += o.receivedOnline
        receivedPost += o.receivedPost; resolvedEarly += o.resolvedEarly; resolvedOnTime += o.resolvedOnTime
        resolvedLate += o.resolvedLate; stopped += o.stopped; withdrawn += o.withdrawn; waitingSupplement += o.waitingSupplement
        inProgressWithinTime += o.inProgressWithinTime; inProgressOverdue += o.inProgressOverdue; returned += o.returned
        awaitingCollection += o.awaitingCollection; notAccepted += o.notAccepted
        finish()
    }

    /// The derived columns.
    private mutating func finish() {
        received = carriedOver + receivedCounter + receivedOnline + receivedPost
        resolved = resolvedEarly + resolvedOnTime + resolvedLate
        onTimeRate = PercentageSplit.percent(resolvedEarly + resolvedOnTime, of: resolved, decimals: 1)
        let shares = PercentageSplit.split([resolvedEarly, resolvedOnTime, resolvedLate], decimals: 2)
        resolvedEarlyRate = shares[0]
        resolvedOnTimeRate = shares[1]
        resolvedLateRate = shares[2]
    }

    var isEmpty: Bool { self == ReportFigures() }

    struct Column: Content, Sendable {
        let key: String
        let label: String
        /// Whether the value is a percentage (not summed).
        var isRate = false
    }

    /// The report's columns, in the order provinces publish them.
    static let columns: [Column] = [
        Column(key: "carriedOver", label: "Kỳ trước chuyển qua"),
        Column(key: "receivedOnline", label: "Mới tiếp nhận trực tuyến"),
        Column(key: "receivedCounter", label: "Mới tiếp nhận trực tiếp"),
        Column(key: "receivedPost", label: "Mới tiếp nhận qua bưu chính"),
        Column(key: "received", label: "Tổng số hồ sơ tiếp nhận"),
        Column(key: "resolved", label: "Đã giải quyết"),
        Column(key: "resolvedEarly", label: "Giải quyết trước hạn"),
        Column(key: "resolvedOnTime", label: "Giải quyết đúng hạn"),
        Column(key: "resolvedLate", label: "Giải quyết trễ hạn"),
        Column(key: "stopped", label: "Dừng xử lý"),
        Column(key: "withdrawn", label: "Rút hồ sơ"),
        Column(key: "inProgressWithinTime", label: "Đang giải quyết trong hạn"),
        Column(key: "inProgressOverdue", label: "Đang giải quyết quá hạn"),
        Column(key: "waitingSupplement", label: "Chờ bổ sung"),
        Column(key: "onTimeRate", label: "Tỷ lệ trước hạn và đúng hạn (%)", isRate: true),
        Column(key: "returned", label: "Đã trả kết quả"),
        Column(key: "awaitingCollection", label: "Chờ trả kết quả"),
        Column(key: "notAccepted", label: "Từ chối tiếp nhận"),
    ]

    /// A column's value as a number (CSV, XLSX, pages).
    func value(_ key: String) -> Double {
        switch key {
        case "carriedOver": Double(carriedOver)
        case "receivedCounter": Double(receivedCounter)
        case "receivedOnline": Double(receivedOnline)
        case "receivedPost": Double(receivedPost)
        case "received": Double(received)
        case "resolved": Double(resolved)
        case "resolvedEarly": Double(resolvedEarly)
        case "resolvedOnTime": Double(resolvedOnTime)
        case "resolvedLate": Double(resolvedLate)
        case "stopped": Double(stopped)
        case "withdrawn": Double(withdrawn)
        case "waitingSupplement": Double(waitingSupplement)
        case "inProgressWithinTime": Double(inProgressWithinTime)
        case "inProgressOverdue": Double(inProgressOverdue)
        case "returned": Double(returned)
        case "awaitingCollection": Double(awaitingCollection)
        case "notAccepted": Double(notAccepted)
        case "onTimeRate": onTimeRate
        default: 0
        }
    }
}
