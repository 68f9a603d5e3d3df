import Fluent
import Foundation
import MotCuaCore

/// What the generator draws from, read once from the database: agencies, procedures and their
/// popularity, who receives them, and the officers who appear in the timelines.
struct GeneratorCatalog: Sendable {
    struct Actor: Sendable { let id: UUID?; let name: String }

    struct Staff: Sendable {
        let receptionists: [Actor]
        let specialists: [Actor]
        let leaders: [Actor]
    }

    struct AgencyInfo: Sendable {
        let id: UUID
        let code: String
        let path: String
        let area: GeneratorPeople.Area
        let staff: Staff
    }

    struct ProcedureInfo: Sendable {
        let id: UUID
        let name: String
        let level: Int
        let legalDays: Int
        let unit: ProcessingTimeUnit
        let stepUnits: [String]
        let componentsJSON: String
        /// Required components, named in supplement requests.
        let requiredComponents: [String]
        let feeAmount: Int?
        let handling: AgencyInfo
        /// The one-stop section that receives it: the people's committee at or above the competent agency.
        let receiving: AgencyInfo
    }

    let procedures: [ProcedureInfo]
    /// Picks among all procedures, weighted by how often they are filed.
    let anyProcedure: WeightedPicker
    /// Indices of procedures that can be filed online (service level 3 or 4), with their own picker.
    let onlineProcedures: [Int]
    let onlineProcedure: WeightedPicker

    static let portalActor = Actor(id: nil, name: "Cổng Dịch vụ công trực tuyến")

    static func load(on db: Database, rng: inout SeededRandom) async throws -> GeneratorCatalog {
        let agencies = try await Agency.query(on: db).all()
        let users = try await User.query(on: db).filter(\.$isActive == true).all()
        let procedures = try await Procedure.query(on: db).filter(\.$isActive == true).all()
        guard !procedures.isEmpty else {
            throw AppError(.conflict, "no_procedures", "Danh mục chưa có thủ tục nào đang áp dụng: hãy nạp dữ liệu mẫu (motcua seed-demo) trước.")
        }
        let byID = Dictionary(uniqueKeysWithValues: agencies.compactMap { a in a.id.map { ($0, a) } })

        var infos: [UUID: AgencyInfo] = [:]
        for agency in agencies {
            let id = try agency.requireID()
            let own = users.filter { $0.$agency.id == id }
            func actors(_ role: Role, count: Int) -> [Actor] {
                let real = own.filter { $0.has(role) }.map { Actor(id: $0.id, name: $0.fullName) }
                return real.isEmpty ? (0..<count).map { _ in Actor(id: nil, name: GeneratorPeople.officerName(rng: &rng)) } : real
            }
            let staff = Staff(receptionists: actors(.receptionist, count: 2), specialists: actors(.specialist, count: 3), leaders: actors(.leader, count: 1))
            infos[id] = AgencyInfo(id: id, code: agency.code, path: agency.path, area: .of(agencyCode: agency.code, name: agency.name), staff: staff)
        }

        func receiver(of agency: Agency) -> Agency {
            var current = agency
            while current.kind != "people_committee", let parentID = current.$parent.id, let parent = byID[parentID] { current = parent }
            return current.kind == "people_committee" ? current : agency
        }

        var list: [ProcedureInfo] = []
        var weights: [Double] = []
        for procedure in procedures {
            guard let handling = byID[procedure.$agency.id], let handlingInfo = infos[procedure.$agency.id],
                  let receivingInfo = infos[try receiver(of: handling).requireID()] else { continue }
            let checklist = IntakeService.checklist(for: procedure, input: nil)
            list.append(ProcedureInfo(
                id: try procedure.requireID(), name: procedure.name, level: procedure.level, legalDays: procedure.legalDays,
                unit: procedure.unit, stepUnits: procedure.steps.map(\.unit), componentsJSON: JSONColumn.encode(checklist),
                requiredComponents: checklist.filter(\.required).map(\.name),
                feeAmount: procedure.fees.compactMap(\.amountVND).first { $0 > 0 },
                handling: handlingInfo, receiving: receivingInfo))
            weights.append(popularity(name: procedure.name, tier: procedure.tier))
        }
        let online = list.indices.filter { list[$0].level >= 3 }
        return GeneratorCatalog(
            procedures: list, anyProcedure: WeightedPicker(weights), onlineProcedures: online,
            onlineProcedure: WeightedPicker(online.isEmpty ? [1] : online.map { weights[$0] }))
    }

    /// How often a procedure is filed, relative to others: certifications and civil status at the
    /// commune make up most of a one-stop section's day; commune and district procedures outweigh provincial ones.
    static func popularity(name: String, tier: String) -> Double {
        let text = TextSearch.fold(name)
        var weight = 1.0
        let boosts: [(String, Double)] = [
            ("chung thuc ban sao", 12), ("chung thuc chu ky", 6), ("chung thuc", 2), ("trich luc", 3),
            ("tinh trang hon nhan", 4), ("khai sinh", 4), ("ket hon", 2), ("khai tu", 2), ("ho kinh doanh", 3),
            ("giay phep lai xe", 4), ("ly lich tu phap", 3), ("quyen su dung dat", 2.5), ("doanh nghiep", 1.5),
            ("cong ty", 1.5), ("tro cap", 1.5),
        ]
        if let boost = boosts.first(where: { text.contains($0.0) }) { weight *= boost.1 }
        if text.contains("nuoc ngoai") { weight *= 0.25 }
        switch tier {
        case "commune": weight *= 1.0
        case "district": weight *= 0.8
        default: weight *= 0.5
        }
        return weight
    }
}
