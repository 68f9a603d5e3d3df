import Fluent
import Vapor
import MotCuaCore

/// The demo province: Lâm Đồng's agency tree and catalogue, and one account per role.
enum DemoSeed {
    static let password = "MotCua@2026"
    /// The district-level agency of the demo officers (Đà Lạt city), and the second receptionist's (Đức Trọng district).
    static let homeAgencyCode = "000.00.21.H36"
    static let secondAgencyCode = "000.00.27.H36"
    static let planningDepartmentCode = "000.00.11.H36"
    /// Dossiers of the past year that `motcua demo` generates on its first start.
    static let historyDossiers = 3_000

    struct Account { let username: String; let fullName: String; let roles: [Role]; let agencyCode: String }

    static let accounts: [Account] = [
        Account(username: "quantri", fullName: "Trần Minh Quân", roles: [.administrator], agencyCode: homeAgencyCode),
        Account(username: "tiepnhan", fullName: "Nguyễn Thị Thu Hà", roles: [.receptionist], agencyCode: homeAgencyCode),
        Account(username: "chuyenvien", fullName: "Lê Văn Phúc", roles: [.specialist], agencyCode: homeAgencyCode),
        Account(username: "lanhdao", fullName: "Phạm Quốc Hùng", roles: [.leader], agencyCode: homeAgencyCode),
        Account(username: "vanthu", fullName: "Đỗ Thị Lan", roles: [.clerk], agencyCode: homeAgencyCode),
        Account(username: "tiepnhan2", fullName: "Hoàng Thị Mai", roles: [.receptionist], agencyCode: secondAgencyCode),
        // The Department of Planning and Investment receives the level-4 business registrations (paid online).
        Account(username: "tiepnhankhdt", fullName: "Vũ Thị Ngọc Anh", roles: [.receptionist], agencyCode: planningDepartmentCode),
        Account(username: "chuyenvienkhdt", fullName: "Ngô Đức Thắng", roles: [.specialist], agencyCode: planningDepartmentCode),
        Account(username: "congdan", fullName: "Trần Văn Bình", roles: [.citizen], agencyCode: ""),
        // Issue 13: the provincial People's Committee's leader sees every report of the province; the national portal's sync account.
        Account(username: "lanhdaotinh", fullName: "Lê Hoàng Nam", roles: [.leader], agencyCode: provinceAgencyCode),
        Account(username: "tichhop", fullName: "Hệ thống đồng bộ Cổng Dịch vụ công quốc gia", roles: [.integration], agencyCode: provinceAgencyCode),
    ]
    static let provinceAgencyCode = "000.00.00.H36"

    /// The demo citizen, already verified, so that online filing can be tried at once.
    static let citizenUsername = "congdan"
    static let citizenEmail = "congdan@motcua.demo"
    static let citizenIDNumber = "068090001234"
    static let citizenPhone = "0912000111"

    /// Who signs in the demo agencies' names (fictional people): Đà Lạt's apologies are signed by a deputy "KT. CHỦ TỊCH".
    static let demoHeads: [String: (name: String, deputy: String?)] = [
        "000.00.00.H36": ("Lê Hoàng Nam", nil),
        homeAgencyCode: ("Nguyễn Văn Sơn", "Trần Thị Hồng"),
        "000.01.21.H36": ("Võ Thị Ngọc Anh", nil),
        secondAgencyCode: ("Phan Văn Tâm", nil),
    ]

    /// The leader hands a few of the home agency's dossiers in progress to the demo specialist, so that "Của tôi" has work.
    static func assignDemoWork(on db: Database, now: Date) async throws {
        guard let leader = try await User.query(on: db).filter(\.$username == "lanhdao").first(),
              let specialist = try await User.query(on: db).filter(\.$username == "chuyenvien").first(),
              let agencyID = specialist.$agency.id else { return }
        let open = try await Dossier.query(on: db)
            .filter(\.$handlingAgency.$id == agencyID)
            .filter(\.$statusCode == DossierStatus.processing.rawValue)
            .sort(\.$appointmentAt).limit(8).all()
        try await db.transaction { db in
            for dossier in open {
                dossier.$assignee.id = specialist.id
                try await dossier.save(on: db)
                try await DossierEvent(dossierID: try dossier.requireID(), at: now, actor: leader, action: DossierEvent.assignAction,
                                       from: dossier.status, to: dossier.status, note: "Giao cho \(specialist.fullName).").create(on: db)
            }
        }
    }

    static func isSeeded(on db: Database) async throws -> Bool {
        try await Agency.query(on: db).count() > 0
    }

    /// Seeds everything in one transaction: a half-seeded database is never left behind.
    static func run(on db: Database, catalogURL: URL, passwordHash: String, logger: Logger) async throws {
        let file = try DemoCatalogFile.load(from: catalogURL)
        try await db.transaction { db in
            var agenciesByCode: [String: Agency] = [:]
            // Parents come before children in the file; sort by depth anyway to be safe.
            let ordered = try sortedParentsFirst(file.agencies)
            for entry in ordered {
                _ = try AgencyCode(entry.code)
                let parent = entry.parent.flatMap { agenciesByCode[$0] }
                let agency = Agency(code: entry.code, name: entry.name, tier: AgencyTier(rawValue: entry.tier) ?? .province, kind: entry.kind, parent: parent)
                try await agency.create(on: db)
                agenciesByCode[entry.code] = agency
            }
            for (code, head) in demoHeads {
                guard let agency = agenciesByCode[code] else { continue }
                agency.headName = head.name
                agency.deputyName = head.deputy
                try await agency.save(on: db)
            }
            var usedCodes = Set<String>()
            for (index, entry) in file.procedures.enumerated() {
                guard let agency = agenciesByCode[entry.agency] else { continue }
                let procedure = Procedure()
                procedure.code = uniqueCode(for: entry, index: index, used: &usedCodes)
                procedure.name = entry.name
                procedure.field = entry.field
                procedure.tier = entry.tier
                procedure.$agency.id = try agency.requireID()
                procedure.level = entry.level
                // Deadlines are counted forwards only, within a year (as the administrator's form allows).
                procedure.legalDays = min(max(entry.legalDays, 0), 365)
                procedure.timeUnit = ProcessingTimeUnit(rawValue: entry.legalDaysUnit)?.rawValue ?? ProcessingTimeUnit.workingDays.rawValue
                procedure.fees = (entry.fees ?? []).map { ProcedureFee(name: $0.name, amountVND: $0.amountVND, note: ResearchNotes.publicPart(of: $0.note)) }
                procedure.components = (entry.components ?? []).map {
                    ProcedureComponent(name: $0.name, copies: $0.copies ?? 1, original: $0.original ?? false,
                                       presentOnly: $0.presentOnly, conditional: $0.conditional, formURL: nil)
                }
                procedure.steps = (entry.steps ?? []).map { ProcedureStep(name: $0.name, unit: $0.unit, days: $0.days) }
                procedure.result = entry.result ?? ""
                procedure.legalBasis = entry.legalBasis ?? []
                procedure.isActive = true
                procedure.refreshSearchText()
                try await procedure.create(on: db)
            }
            for account in accounts {
                let agency = agenciesByCode[account.agencyCode]
                let user = User(username: account.username, passwordHash: passwordHash, fullName: account.fullName,
                                roles: account.roles, agencyID: agency?.id)
                if account.roles == [.citizen] {
                    user.email = citizenEmail
                    user.idNumber = citizenIDNumber
                    user.phone = citizenPhone
                    user.emailVerifiedAt = Date()
                }
                try await user.create(on: db)
            }
            try await QueueDemoSeed.run(on: db)
            try await WorkCalendarDemoSeed.run(on: db, now: Date())
        }
        logger.info("Đã nạp dữ liệu mẫu: \(file.agencies.count) cơ quan, \(file.procedures.count) thủ tục, \(accounts.count) tài khoản.")
    }

    /// The file keeps the national code where one was found; procedures without one, or sharing one across tiers,
    /// get a code of the same shape that is unique in our catalogue.
    static func uniqueCode(for entry: DemoCatalogFile.ProcedureEntry, index: Int, used: inout Set<String>) -> String {
        var code = entry.code ?? "9.\(String(format: "%06d", 900_000 + index)).000.00.00.H36"
        if used.contains(code), let national = entry.nationalCode ?? entry.code.map({ String($0.split(separator: ".").prefix(2).joined(separator: ".")) }) {
            code = "\(national).\(entry.agency)"
        }
        used.insert(code)
        return code
    }

    static func sortedParentsFirst(_ entries: [DemoCatalogFile.AgencyEntry]) throws -> [DemoCatalogFile.AgencyEntry] {
        var placed = Set<String>(), result: [DemoCatalogFile.AgencyEntry] = [], remaining = entries
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.parent == nil || placed.contains($0.parent!) }
            guard !ready.isEmpty else { throw AppError.badRequest("seed_invalid", "Cây cơ quan trong dữ liệu mẫu có vòng lặp hoặc thiếu cơ quan cha.") }
            result += ready
            ready.forEach { placed.insert($0.code) }
            remaining.removeAll { entry in ready.contains { $0.code == entry.code } }
        }
        return result
    }

    static func printAccounts(to console: Console, baseURL: String) {
        console.output("MotCua đang chạy với dữ liệu mẫu tỉnh Lâm Đồng tại \(baseURL)".consoleText(.success))
        console.output("Tài khoản mẫu (mật khẩu chung: \(password)):".consoleText())
        for account in accounts {
            let roles = account.roles.map(\.label).joined(separator: ", ")
            let agency = account.agencyCode.isEmpty ? "" : " (\(account.agencyCode))"
            console.output("  \(account.username.padding(toLength: 11, withPad: " ", startingAt: 0)) \(roles) – \(account.fullName)\(agency)".consoleText())
        }
    }
}
