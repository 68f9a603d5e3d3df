import Fluent
import Vapor
import MotCuaCore

/// One entry of a dossier's timeline: who did what, when, from which status to which. Append-only.
final class DossierEvent: Model, @unchecked Sendable {
    static let schema = "dossier_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "dossier_id") var dossier: Dossier
    @Field(key: "at") var at: Date
    @OptionalParent(key: "actor_id") var actor: User?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "from_status") var fromStatus: Int?
    @Field(key: "to_status") var toStatus: Int
    @Field(key: "note") var note: String?
    @Field(key: "from_unit") var fromUnit: String?
    @Field(key: "to_unit") var toUnit: String?

    init() {}

    // Fluent would find these by reflection on every query, insert and row decode (a third of intake's CPU);
    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $dossier, $at, $actor, $actorName, $action, $fromStatus, $toStatus, $note, $fromUnit, $toUnit]
    }

    init(dossierID: UUID, at: Date, actor: User?, action: String, from: DossierStatus?, to: DossierStatus,
         note: String? = nil, fromUnit: String? = nil, toUnit: String? = nil) {
        self.$dossier.id = dossierID
        self.at = at
        self.$actor.id = actor?.id
        self.actorName = actor?.fullName ?? "Hệ thống"
        self.action = action
        self.fromStatus = from?.rawValue
        self.toStatus = to.rawValue
        self.note = note
        self.fromUnit = fromUnit
        self.toUnit = toUnit
    }

    /// "intake" is the creation of the record; the other actions are the status machine's.
    static let intakeAction = "intake"
    /// A leader or specialist hands the dossier to a named officer; the status does not change.
    static let assignAction = "assign"

    var actionLabel: String {
        if action == Self.intakeAction { return "Nộp hồ sơ" }
        if action == Self.assignAction { return "Phân công xử lý" }
        return DossierAction(rawValue: action)?.label ?? action
    }
}
