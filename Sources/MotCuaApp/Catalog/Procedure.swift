import Fluent
import Vapor
import MotCuaCore

/// An administrative procedure ("thủ tục hành chính") of the catalogue.
/// Lists (fees, components, steps, legal basis) are stored as JSON text: read together, never queried apart.
final class Procedure: Model, @unchecked Sendable {
    static let schema = "procedures"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "field") var field: String
    @Field(key: "tier") var tier: String
    @Parent(key: "agency_id") var agency: Agency
    @Field(key: "level") var level: Int
    @Field(key: "legal_days") var legalDays: Int
    @Field(key: "time_unit") var timeUnit: String
    @Field(key: "fees_json") var feesJSON: String
    @Field(key: "components_json") var componentsJSON: String
    @Field(key: "steps_json") var stepsJSON: String
    @Field(key: "result") var result: String
    @Field(key: "legal_basis_json") var legalBasisJSON: String
    @Field(key: "search_text") var searchText: String
    @Field(key: "is_active") var isActive: Bool
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// `VietnameseCollation.key(name)`: lists sort on it so "Cấp…" comes before "Chứng…" on every database.
    @OptionalField(key: "name_sort_key") var nameSortKey: String?

    init() {}

    // Fluent would find these by reflection on every query, insert and row decode (a third of intake's CPU);
    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $code, $name, $field, $tier, $agency, $level, $legalDays, $timeUnit, $feesJSON, $componentsJSON, $stepsJSON,
         $result, $legalBasisJSON, $searchText, $isActive, $updatedAt, $nameSortKey]
    }

    var unit: ProcessingTimeUnit { ProcessingTimeUnit(rawValue: timeUnit) ?? .workingDays }

    /// The fees with a fixed amount, added up (those "per the provincial council's resolution" have none): what a
    /// level-4 submission owes. Stored amounts are bounded by the admin form, the sum is still added with care.
    var fixedFeeTotal: Int {
        fees.compactMap(\.amountVND).filter { $0 > 0 }.reduce(0) { total, amount in
            let (sum, overflow) = total.addingReportingOverflow(amount)
            return overflow ? total : sum
        }
    }

    var fees: [ProcedureFee] {
        get { JSONColumn.decode(feesJSON) }
        set { feesJSON = JSONColumn.encode(newValue) }
    }
    var components: [ProcedureComponent] {
        get { JSONColumn.decode(componentsJSON) }
        set { componentsJSON = JSONColumn.encode(newValue) }
    }
    var steps: [ProcedureStep] {
        get { JSONColumn.decode(stepsJSON) }
        set { stepsJSON = JSONColumn.encode(newValue) }
    }
    var legalBasis: [String] {
        get { JSONColumn.decode(legalBasisJSON) }
        set { legalBasisJSON = JSONColumn.encode(newValue) }
    }

    func refreshSearchText() {
        searchText = TextSearch.fold("\(code) \(name) \(field)")
        nameSortKey = VietnameseCollation.key(name)
    }
}

struct ProcedureFee: Content, Equatable {
    var name: String
    var amountVND: Int?
    var note: String?
}

struct ProcedureComponent: Content, Equatable {
    var name: String
    var copies: Int
    var original: Bool
    var presentOnly: Bool?
    var conditional: String?
    var formURL: String?
}

struct ProcedureStep: Content, Equatable {
    var name: String
    var unit: String
    var days: Double
}

enum JSONColumn {
    static func decode<T: Decodable>(_ text: String) -> [T] {
        (try? JSONDecoder().decode([T].self, from: Data(text.utf8))) ?? []
    }
    static func encode<T: Encodable>(_ value: [T]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "[]"
    }
}

/// Online service levels (Decree 43/2011) and their label under Decree 42/2022.
enum ServiceLevel {
    static func label(_ level: Int) -> String {
        switch level {
        case 4: return "Mức độ 4 – Dịch vụ công trực tuyến toàn trình"
        case 3: return "Mức độ 3 – Dịch vụ công trực tuyến một phần"
        case 2: return "Mức độ 2 – Cung cấp thông tin và biểu mẫu"
        default: return "Mức độ 1 – Cung cấp thông tin"
        }
    }
    static func shortLabel(_ level: Int) -> String {
        switch level {
        case 4: return "Toàn trình"
        case 3: return "Một phần"
        default: return "Thông tin, biểu mẫu"
        }
    }
}
