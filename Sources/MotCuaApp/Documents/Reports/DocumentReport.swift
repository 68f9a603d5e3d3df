import Fluent
import MotCuaCore
import Vapor

/// `/van-ban/bao-cao`: the seeds' own indicators for a period — documents received and sent per unit; assigned
/// documents handled on time, late, still open and overdue; the share of documents handled electronically.
struct DocumentReport: Encodable {
    struct UnitLine: Encodable { let unit: String; let received: Int; let sent: Int }
    struct Share: Encodable { let label: String; let part: Int; let total: Int; let percent: String; let explanation: String }

    let title = "Báo cáo văn bản"
    let page: PageContext
    let agencyName: String
    let from: String
    let to: String
    let periodLabel: String
    let received: Int
    let sent: Int
    let units: [UnitLine]
    let assigned: Int
    let onTime: Int
    let late: Int
    let open: Int
    let overdue: Int
    let shares: [Share]

    /// The figures, also for tests: incoming counted by the day received, outgoing by the day issued.
    struct Figures: Sendable, Equatable {
        var received = 0, sent = 0, assigned = 0, onTime = 0, late = 0, open = 0, overdue = 0
        var receivedElectronically = 0, handledInSystem = 0, sentWithFile = 0
        var perUnit: [String: (received: Int, sent: Int)] = [:]
        static func == (a: Figures, b: Figures) -> Bool {
            a.received == b.received && a.sent == b.sent && a.assigned == b.assigned && a.onTime == b.onTime && a.late == b.late
                && a.open == b.open && a.overdue == b.overdue
        }
    }

    static func figures(scope: DocumentScope, period: StatisticsPeriod, now: Date, on db: Database) async throws -> Figures {
        var f = Figures()
        let incoming = try await scope.apply(OfficialDocument.query(on: db))
            .filter(\.$register == DocumentRegister.incoming.rawValue)
            .filter(\.$receivedAt >= period.start).filter(\.$receivedAt < period.end)
            .field(\.$id).field(\.$unitName).field(\.$channel).field(\.$assignedAt).field(\.$deadline).field(\.$completedAt).all()
        let noUnit = "Chưa xác định đơn vị"
        for d in incoming {
            f.received += 1
            f.perUnit[d.unitName ?? noUnit, default: (0, 0)].received += 1
            if d.channel == "electronic" { f.receivedElectronically += 1 }
            guard d.assignedAt != nil else { continue }
            f.assigned += 1
            f.handledInSystem += 1
            if let completed = d.completedAt {
                if let deadline = d.deadline, completed > deadline { f.late += 1 } else { f.onTime += 1 }
            } else if let deadline = d.deadline, deadline < now {
                f.overdue += 1
            } else {
                f.open += 1
            }
        }
        let outgoing = try await scope.apply(OfficialDocument.query(on: db))
            .filter(\.$register == DocumentRegister.outgoing.rawValue).filter(\.$state == OutgoingState.issued.rawValue)
            .filter(\.$issuedAt >= period.start).filter(\.$issuedAt < period.end)
            .field(\.$id).field(\.$unitName).all()
        let ids = outgoing.compactMap(\.id)
        var withFile = Set<UUID>()
        if !ids.isEmpty {
            for file in try await DocumentFile.query(on: db).filter(\.$document.$id ~~ ids).field(\.$id).field(\.$document.$id).all() {
                withFile.insert(file.$document.id)
            }
        }
        for d in outgoing {
            f.sent += 1
            f.perUnit[d.unitName.map { "\($0) (đơn vị soạn thảo)" } ?? noUnit, default: (0, 0)].sent += 1
            if let id = d.id, withFile.contains(id) { f.sentWithFile += 1 }
        }
        return f
    }

    static func build(_ req: Request, scope: DocumentScope) async throws -> DocumentReport {
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let f = try await figures(scope: scope, period: period, now: req.now, on: req.db)
        func share(_ label: String, _ part: Int, _ total: Int, _ explanation: String) -> Share {
            let percent = total == 0 ? "—" : VietnameseFormat.decimal(Double(part) * 100 / Double(total)) + "%"
            return Share(label: label, part: part, total: total, percent: percent, explanation: explanation)
        }
        return DocumentReport(
            page: PageContext(req), agencyName: scope.agency.name, from: period.from.iso, to: period.to.iso,
            periodLabel: "Từ ngày \(VietnameseFormat.day(period.from)) đến ngày \(VietnameseFormat.day(period.to))",
            received: f.received, sent: f.sent,
            units: f.perUnit.sorted { $0.key < $1.key }.map { UnitLine(unit: $0.key, received: $0.value.received, sent: $0.value.sent) },
            assigned: f.assigned, onTime: f.onTime, late: f.late, open: f.open, overdue: f.overdue,
            shares: [
                share("Văn bản đến xử lý trên hệ thống", f.handledInSystem, f.received, "văn bản đến được phân công và theo dõi xử lý trên phần mềm / tổng văn bản đến"),
                share("Văn bản đến nhận điện tử", f.receivedElectronically, f.received, "văn bản đến nhận qua mạng (liên thông nội bộ) / tổng văn bản đến"),
                share("Văn bản đi phát hành kèm bản điện tử", f.sentWithFile, f.sent, "văn bản đi có tệp điện tử khi phát hành / tổng văn bản đi đã phát hành"),
            ])
    }
}
