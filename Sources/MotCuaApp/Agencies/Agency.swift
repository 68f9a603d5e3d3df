import Fluent
import MotCuaCore
import Vapor

/// A public agency in a tree of any depth (province → district → commune, or province → commune).
/// `path` lists the identifier codes from the root, so a subtree is one indexed prefix query.
final class Agency: Model, @unchecked Sendable {
    static let schema = "agencies"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "tier") var tier: String
    @Field(key: "kind") var kind: String
    @OptionalParent(key: "parent_id") var parent: Agency?
    @Field(key: "path") var path: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// The place name of the date line ("Đà Lạt, ngày …"); nil → derived from the name (`PlaceName`).
    @OptionalField(key: "place") var place: String?
    /// Who signs in the agency's name (slip 04): the head ("Chủ tịch", "Giám đốc"…) or a deputy on their behalf.
    @OptionalField(key: "head_title") var headTitle: String?
    @OptionalField(key: "head_name") var headName: String?
    @OptionalField(key: "deputy_name") var deputyName: String?

    init() {}

    // Fluent would find these by reflection on every query, insert and row decode (a third of intake's CPU);
    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $code, $name, $tier, $kind, $parent, $path, $createdAt, $place, $headTitle, $headName, $deputyName]
    }

    init(id: UUID? = nil, code: String, name: String, tier: AgencyTier, kind: String, parent: Agency?) {
        self.id = id
        self.code = code
        self.name = name
        self.tier = tier.rawValue
        self.kind = kind
        self.$parent.id = parent?.id
        self.path = (parent?.path ?? "/") + code + "/"
    }

    /// 0 for a root agency.
    var depth: Int { path.split(separator: "/").count - 1 }
    /// The name indented by depth, for tree-shaped option lists.
    var indentedName: String { String(repeating: "— ", count: depth) + name }
    /// The date line's place: as configured, or the locality the agency's name ends with.
    var placeName: String { place.flatMap { $0.isEmpty ? nil : $0 } ?? PlaceName.derive(fromAgencyName: name) }
}

enum AgencyTier: String, Codable, CaseIterable, Sendable {
    case central, province, district, commune

    var label: String {
        switch self {
        case .central: return "Trung ương"
        case .province: return "Cấp tỉnh"
        case .district: return "Cấp huyện"
        case .commune: return "Cấp xã"
        }
    }
}

struct AgencySummary: Content {
    let code: String
    let name: String
}

extension Agency {
    var summary: AgencySummary { AgencySummary(code: code, name: name) }

    static func find(code: String, on db: Database) async throws -> Agency? {
        try await Agency.query(on: db).filter(\.$code == code).first()
    }
}
