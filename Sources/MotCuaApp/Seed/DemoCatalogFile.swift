import Foundation

/// The shape of `Resources/Seed/procedures-demo.json`: Lâm Đồng's agencies and real procedures from public sources.
struct DemoCatalogFile: Decodable {
    struct AgencyEntry: Decodable {
        let code: String
        let name: String
        let tier: String
        let kind: String
        let parent: String?
    }
    struct FeeEntry: Decodable { let name: String; let amountVND: Int?; let note: String? }
    struct ComponentEntry: Decodable {
        let name: String
        let copies: Int?
        let original: Bool?
        let presentOnly: Bool?
        let conditional: String?
    }
    struct StepEntry: Decodable { let name: String; let unit: String; let days: Double }
    struct ProcedureEntry: Decodable {
        let code: String?
        let nationalCode: String?
        let name: String
        let field: String
        let tier: String
        let agency: String
        let level: Int
        let legalDays: Int
        let legalDaysUnit: String
        let fees: [FeeEntry]?
        let components: [ComponentEntry]?
        let steps: [StepEntry]?
        let result: String?
        let legalBasis: [String]?
    }

    let agencies: [AgencyEntry]
    let procedures: [ProcedureEntry]

    static func load(from url: URL) throws -> DemoCatalogFile {
        try JSONDecoder().decode(DemoCatalogFile.self, from: Data(contentsOf: url))
    }
}
