import Fluent
import Vapor

/// The append-only history of a document: registration, assignments, progress notes, workflow moves, deliveries.
final class DocumentEvent: Model, @unchecked Sendable {
    static let schema = "official_document_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "document_id") var document: OfficialDocument
    @Field(key: "at") var at: Date
    @OptionalParent(key: "actor_id") var actor: User?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @OptionalField(key: "from_state") var fromState: String?
    @OptionalField(key: "to_state") var toState: String?
    @OptionalField(key: "note") var note: String?

    init() {}

    var properties: [any AnyProperty] { [$id, $document, $at, $actor, $actorName, $action, $fromState, $toState, $note] }

    init(documentID: UUID, at: Date, actor: User?, action: String, from: String? = nil, to: String? = nil, note: String? = nil) {
        self.$document.id = documentID
        self.at = at
        self.$actor.id = actor?.id
        self.actorName = actor?.fullName ?? "Hệ thống"
        self.action = action
        self.fromState = from
        self.toState = to
        self.note = note
    }

    static func label(_ action: String) -> String {
        switch action {
        case "register": return "Vào sổ văn bản đến"
        case "assign": return "Phân công xử lý"
        case "progress": return "Cập nhật tiến độ"
        case "complete": return "Hoàn thành xử lý"
        case "draft": return "Tạo dự thảo"
        case "file": return "Đính kèm tệp"
        case "deliver": return "Nhận văn bản điện tử"
        default: return OutgoingActionLabel.label(action)
        }
    }
}

enum OutgoingActionLabel {
    static func label(_ action: String) -> String {
        switch action {
        case "submit": return "Trình thẩm định"
        case "approve": return "Thẩm định đạt, trình ký"
        case "return": return "Trả lại để sửa"
        case "sign": return "Ký duyệt"
        case "issue": return "Cấp số và phát hành"
        default: return action
        }
    }
}
