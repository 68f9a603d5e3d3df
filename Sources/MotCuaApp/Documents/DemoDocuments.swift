import Fluent
import MotCuaCore
import Vapor

/// A modest electronic office for the demo's Đà Lạt: incoming documents of this year (some assigned to the demo
/// specialist, one overdue, one confidential), outgoing ones issued last year, and this year's drafts in progress.
/// Nothing is issued in this year's outgoing series, so the first document a visitor issues is `Số: 01/…`.
enum DemoDocuments {
    struct Incoming {
        let issuer: String
        let notation: String
        let type: String
        let summary: String
        let daysAgo: Int
        let urgency: DocumentUrgency
        let confidentiality: DocumentConfidentiality
        /// nil: still waiting for the leader; otherwise days from receipt to the deadline (negative: overdue now).
        let deadlineDays: Int?
        let completed: Bool
    }

    static let incoming: [Incoming] = [
        Incoming(issuer: "000.00.00.H36", notation: "1250/QĐ-UBND", type: "QĐ", summary: "Quyết định phê duyệt kế hoạch cải cách hành chính tỉnh Lâm Đồng",
                 daysAgo: 40, urgency: .normal, confidentiality: .normal, deadlineDays: 20, completed: true),
        Incoming(issuer: "000.00.12.H36", notation: "845/STP-HCTP", type: "CV", summary: "Về việc hướng dẫn chứng thực chữ ký người dịch",
                 daysAgo: 21, urgency: .normal, confidentiality: .normal, deadlineDays: 10, completed: false),
        Incoming(issuer: "Bộ Nội vụ", notation: "5120/BNV-CCHC", type: "CV", summary: "Về việc báo cáo kết quả cải cách hành chính quý IV",
                 daysAgo: 6, urgency: .urgent, confidentiality: .normal, deadlineDays: 9, completed: false),
        Incoming(issuer: "000.00.14.H36", notation: "312/TB-STNMT", type: "TB", summary: "Thông báo kết luận kiểm tra công tác quản lý đất đai",
                 daysAgo: 3, urgency: .normal, confidentiality: .normal, deadlineDays: nil, completed: false),
        Incoming(issuer: "000.00.00.H36", notation: "77/CĐ-UBND", type: "CĐ", summary: "Công điện về việc ứng phó mưa lớn, sạt lở đất",
                 daysAgo: 1, urgency: .flash, confidentiality: .normal, deadlineDays: nil, completed: false),
        Incoming(issuer: "Công an tỉnh Lâm Đồng", notation: "18/KH-CAT", type: "KH", summary: "Kế hoạch bảo đảm an ninh trật tự dịp Tết",
                 daysAgo: 2, urgency: .normal, confidentiality: .secret, deadlineDays: nil, completed: false),
    ]

    static func seed(on db: Database, now: Date) async throws {
        guard let agency = try await Agency.find(code: DemoSeed.homeAgencyCode, on: db),
              let clerk = try await User.query(on: db).filter(\.$username == "vanthu").first(),
              let leader = try await User.query(on: db).filter(\.$username == "lanhdao").first(),
              let specialist = try await User.query(on: db).filter(\.$username == "chuyenvien").first(),
              let unit = try await Agency.find(code: "000.01.21.H36", on: db) else { return }
        try await db.transaction { db in
            let today = LocalDate(now)
            for entry in incoming {
                // Received on a working morning of this year: the demo's incoming series is this year's.
                var day = today.adding(days: -entry.daysAgo)
                if day.year < today.year { day = LocalDate(year: today.year, month: 1, day: 2) }
                let received = day.at(hour: 8, minute: 30)
                let issuer = try await Agency.find(code: entry.issuer, on: db)
                let document = try await IncomingRegistration.insert(agency: agency, by: clerk, at: received, channel: "paper", key: nil,
                                                                     confidential: entry.confidentiality.isConfidential, on: db) { d in
                    d.notation = entry.notation
                    d.issuerCode = issuer?.code
                    d.issuerName = issuer?.name ?? entry.issuer
                    d.documentDate = day.adding(days: -2).iso
                    d.typeCode = entry.type
                    d.summary = entry.summary
                    d.urgency = entry.urgency.rawValue
                    d.urgencyRank = entry.urgency.rank
                    d.confidentiality = entry.confidentiality.rawValue
                    d.unitName = unit.name
                }
                guard let days = entry.deadlineDays else { continue }
                document.leadName = specialist.fullName
                document.$leadUser.id = specialist.id
                document.handlerKeys = "|\(OfficialDocument.handlerKey(user: specialist.id ?? UUID()))|"
                document.instruction = "Giao Phòng Tư pháp chủ trì tham mưu, báo cáo kết quả."
                document.deadline = day.adding(days: days).at(hour: 17, minute: 0)
                document.assignedAt = received.addingTimeInterval(3_600)
                document.state = entry.completed ? IncomingState.completed.rawValue : IncomingState.assigned.rawValue
                document.completedAt = entry.completed ? received.addingTimeInterval(Double(days - 2) * 86_400) : nil
                document.refreshSearchText()
                try await document.save(on: db)
                let id = try document.requireID()
                try await DocumentEvent(documentID: id, at: received.addingTimeInterval(3_600), actor: leader, action: "assign",
                                        from: "registered", to: "assigned", note: "Chủ trì: \(specialist.fullName).").create(on: db)
                if entry.completed, let done = document.completedAt {
                    try await DocumentEvent(documentID: id, at: done, actor: specialist, action: "complete", from: "assigned", to: "completed",
                                            note: "Đã tham mưu và trả lời.").create(on: db)
                }
            }
            try await seedOutgoing(agency: agency, drafter: specialist, leader: leader, clerk: clerk, now: now, on: db)
        }
    }

    /// Last year's issued documents (their own year's series) and this year's drafts, which carry no number yet.
    private static func seedOutgoing(agency: Agency, drafter: User, leader: User, clerk: User, now: Date, on db: Database) async throws {
        let lastYear = LocalDate(now).year - 1
        let issued: [(type: String, summary: String, month: Int, day: Int)] = [
            ("KH", "Kế hoạch cải cách hành chính năm \(lastYear + 1) của thành phố Đà Lạt", 11, 20),
            ("CV", "Về việc rà soát thủ tục hành chính thuộc thẩm quyền cấp huyện", 12, 2),
            ("BC", "Báo cáo kết quả thực hiện cơ chế một cửa, một cửa liên thông năm \(lastYear)", 12, 15),
        ]
        for entry in issued {
            let day = LocalDate(year: lastYear, month: entry.month, day: entry.day)
            let number = try await DocumentNumbering.next(register: .outgoing, agency: agency, year: lastYear, confidential: false, on: db)
            let document = draft(agency: agency, drafter: drafter, type: entry.type, summary: entry.summary, at: day.at(hour: 9, minute: 0))
            document.year = lastYear
            document.number = number
            document.notation = DocumentNumbering.notation(number: number, typeCode: entry.type, agency: agency, unit: "VP")
            document.documentDate = day.iso
            document.issuedAt = day.at(hour: 15, minute: 0)
            document.dateLine = DocumentNotation.dateLine(place: agency.placeName, year: day.year, month: day.month, day: day.day)
            document.state = OutgoingState.issued.rawValue
            document.recipientsText = "Ủy ban nhân dân tỉnh Lâm Đồng"
            document.refreshSearchText()
            try await document.create(on: db)
            try await DocumentEvent(documentID: try document.requireID(), at: day.at(hour: 14, minute: 0), actor: leader, action: "sign",
                                    from: "approved", to: "signed").create(on: db)
            try await DocumentEvent(documentID: try document.requireID(), at: day.at(hour: 15, minute: 0), actor: clerk, action: "issue",
                                    from: "signed", to: "issued", note: "Số: \(document.notation ?? "").").create(on: db)
        }
        let pending: [(type: String, summary: String, state: OutgoingState)] = [
            ("TB", "Thông báo lịch tiếp công dân định kỳ của lãnh đạo thành phố", .draft),
            ("CV", "Về việc đôn đốc giải quyết hồ sơ thủ tục hành chính quá hạn", .submitted),
        ]
        for entry in pending {
            let document = draft(agency: agency, drafter: drafter, type: entry.type, summary: entry.summary, at: now.addingTimeInterval(-86_400))
            document.state = entry.state.rawValue
            document.recipientsText = "Ủy ban nhân dân Phường 1, thành phố Đà Lạt"
            document.refreshSearchText()
            try await document.create(on: db)
            let recipient = DocumentRecipient()
            recipient.$document.id = try document.requireID()
            recipient.$agency.id = try await Agency.find(code: "000.11.21.H36", on: db)?.id
            recipient.name = "Ủy ban nhân dân Phường 1, thành phố Đà Lạt"
            try await recipient.create(on: db)
            try await DocumentEvent(documentID: try document.requireID(), at: document.createdAt, actor: drafter, action: "draft", to: "draft").create(on: db)
        }
    }

    private static func draft(agency: Agency, drafter: User, type: String, summary: String, at date: Date) -> OfficialDocument {
        let document = OfficialDocument()
        document.register = DocumentRegister.outgoing.rawValue
        document.$agency.id = agency.id ?? UUID()
        document.year = LocalDate(date).year
        document.issuerCode = agency.code
        document.issuerName = agency.name
        document.typeCode = type
        document.summary = summary
        document.urgency = DocumentUrgency.normal.rawValue
        document.urgencyRank = 0
        document.confidentiality = DocumentConfidentiality.normal.rawValue
        document.unitName = "VP"
        document.state = OutgoingState.draft.rawValue
        document.channel = "electronic"
        document.handlerKeys = "|"
        document.$createdBy.id = drafter.id
        document.createdAt = date
        return document
    }
}
