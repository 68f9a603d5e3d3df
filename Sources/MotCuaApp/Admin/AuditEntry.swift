import Fluent
import Vapor

/// One line of the administration log: who changed what, when, and what it was before. Written in the same
/// transaction as the change it describes, so the log never shows a change that did not happen, nor misses one.
/// Passwords never appear in it, only the fact that one was set.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "target_kind") var targetKind: String
    @Field(key: "target_id") var targetID: String
    @Field(key: "summary") var summary: String

    init() {}

    init(at: Date, actor: String, action: AuditAction, targetID: String, summary: String) {
        self.at = at
        self.actor = actor
        self.action = action.rawValue
        self.targetKind = action.targetKind.rawValue
        self.targetID = targetID
        self.summary = summary
    }
}

struct CreateAuditEntry: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("target_kind", .string, .required)
            .field("target_id", .string, .required)
            .field("summary", .string, .required)
            .create()
        try await database.createIndex(name: "audit_entries_at_idx", on: AuditEntry.schema, columns: ["at"])
        try await database.createIndex(name: "audit_entries_target_idx", on: AuditEntry.schema, columns: ["target_kind", "target_id"])
    }

    func revert(on database: Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}

enum AuditTargetKind: String, Sendable {
    case user, agency, procedure, holiday

    var label: String {
        switch self {
        case .user: return "Người dùng"
        case .agency: return "Cơ quan"
        case .procedure: return "Thủ tục"
        case .holiday: return "Lịch nghỉ"
        }
    }

    /// The admin page of the target, when it has one.
    func url(_ id: String) -> String? {
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? id
        switch self {
        case .user: return "/quan-tri/nguoi-dung/" + escaped
        case .agency: return "/quan-tri/co-quan/" + escaped
        case .procedure: return "/quan-tri/thu-tuc/" + escaped
        case .holiday: return id.count >= 4 ? "/quan-tri/lich-nghi?nam=" + id.prefix(4) : nil
        }
    }
}

enum AuditAction: String, CaseIterable, Sendable {
    case userCreate = "user.create", userUpdate = "user.update", userPassword = "user.password"
    case userDisable = "user.disable", userEnable = "user.enable", userUnlock = "user.unlock"
    case agencyCreate = "agency.create", agencyUpdate = "agency.update"
    case procedureCreate = "procedure.create", procedureUpdate = "procedure.update"
    case holidaySet = "holiday.set", holidayRemove = "holiday.remove"

    var targetKind: AuditTargetKind {
        switch self {
        case .userCreate, .userUpdate, .userPassword, .userDisable, .userEnable, .userUnlock: return .user
        case .agencyCreate, .agencyUpdate: return .agency
        case .procedureCreate, .procedureUpdate: return .procedure
        case .holidaySet, .holidayRemove: return .holiday
        }
    }

    var label: String {
        switch self {
        case .userCreate: return "Tạo tài khoản"
        case .userUpdate: return "Sửa tài khoản"
        case .userPassword: return "Đặt lại mật khẩu"
        case .userDisable: return "Vô hiệu hóa tài khoản"
        case .userEnable: return "Kích hoạt lại tài khoản"
        case .userUnlock: return "Mở khóa đăng nhập"
        case .agencyCreate: return "Thêm cơ quan"
        case .agencyUpdate: return "Sửa cơ quan"
        case .procedureCreate: return "Thêm thủ tục"
        case .procedureUpdate: return "Sửa thủ tục"
        case .holidaySet: return "Điều chỉnh lịch nghỉ"
        case .holidayRemove: return "Bỏ điều chỉnh lịch nghỉ"
        }
    }
}

/// What changed, in Vietnamese: "Họ và tên: “A” → “B”; Vai trò: … → …". Values are shortened so that one line
/// stays readable; the summary as a whole is bounded too.
struct AuditChanges {
    private(set) var parts: [String] = []

    var isEmpty: Bool { parts.isEmpty }
    var summary: String { Self.shorten(parts.joined(separator: "; "), to: 4_000) }

    mutating func field(_ label: String, _ before: String, _ after: String) {
        guard before != after else { return }
        parts.append("\(label): \(Self.quoted(before)) → \(Self.quoted(after))")
    }

    mutating func field(_ label: String, _ before: Bool, _ after: Bool, yes: String = "có", no: String = "không") {
        guard before != after else { return }
        parts.append("\(label): \(before ? yes : no) → \(after ? yes : no)")
    }

    mutating func add(_ text: String) { parts.append(text) }

    /// Items of a list keyed by name: which were added, removed or changed (and how), and whether only the order moved.
    mutating func list<Item: Equatable>(_ label: String, before: [Item], after: [Item], name: (Item) -> String, describe: (Item) -> String) {
        guard before != after else { return }
        let beforeByName = Dictionary(before.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        let afterByName = Dictionary(after.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [String] = []
        for item in before where afterByName[name(item)] == nil { changes.append("bỏ \(describe(item))") }
        for item in after {
            if let old = beforeByName[name(item)] {
                if old != item { changes.append("sửa \(describe(old)) → \(describe(item))") }
            } else {
                changes.append("thêm \(describe(item))")
            }
        }
        if changes.isEmpty { changes.append("đổi thứ tự") }
        parts.append("\(label): " + changes.joined(separator: ", "))
    }

    static func quoted(_ value: String) -> String {
        value.isEmpty ? "(trống)" : "“" + shorten(value, to: 120) + "”"
    }

    static func shorten(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

extension Request {
    /// Writes one line of the administration log on `db` (the transaction of the change).
    func audit(_ action: AuditAction, target: String, _ summary: String, on db: Database) async throws {
        let actor = auth.get(User.self)?.username ?? "?"
        try await AuditEntry(at: now, actor: actor, action: action, targetID: target, summary: AuditChanges.shorten(summary, to: 4_000))
            .create(on: db)
    }
}
