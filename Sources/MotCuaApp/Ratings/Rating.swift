import Fluent
import Vapor

/// The applicant's judgement of a served dossier (Circular 01/2018 Art. 13–15): once per dossier, overall and on the
/// officer's attitude, with an optional comment; given online by the owner or on the counter's tablet.
final class Rating: Model, @unchecked Sendable {
    static let schema = "ratings"

    enum Level: String, Codable, CaseIterable, Sendable {
        case satisfied, neutral, dissatisfied

        var label: String {
            switch self {
            case .satisfied: return "Hài lòng"
            case .neutral: return "Bình thường"
            case .dissatisfied: return "Không hài lòng"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "dossier_id") var dossier: Dossier
    @Field(key: "overall") var overall: String
    @Field(key: "attitude") var attitude: String
    @OptionalField(key: "comment") var comment: String?
    @OptionalParent(key: "officer_id") var officer: User?
    @Parent(key: "agency_id") var agency: Agency
    @Field(key: "channel") var channel: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var properties: [any AnyProperty] { [$id, $dossier, $overall, $attitude, $comment, $officer, $agency, $channel, $createdAt] }
}

/// A short code the receptionist shows so that the applicant in front of them can rate on the counter's tablet
/// without an account: six digits, 15 minutes, one dossier, one use.
final class RatingInvitation: Model, @unchecked Sendable {
    static let schema = "rating_invitations"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Parent(key: "dossier_id") var dossier: Dossier
    @Parent(key: "officer_id") var officer: User
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    var properties: [any AnyProperty] { [$id, $code, $dossier, $officer, $expiresAt, $usedAt] }
}

struct CreateRatings: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Rating.schema)
            .id()
            .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id"))
            .field("overall", .string, .required)
            .field("attitude", .string, .required)
            .field("comment", .string)
            .field("officer_id", .uuid, .references(User.schema, "id"))
            .field("agency_id", .uuid, .required, .references(Agency.schema, "id"))
            .field("channel", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "dossier_id")
            .create()
        try await database.createIndex(name: "ratings_agency_idx", on: Rating.schema, columns: ["agency_id", "created_at"])
        try await database.createIndex(name: "ratings_officer_idx", on: Rating.schema, columns: ["officer_id", "created_at"])
        try await database.schema(RatingInvitation.schema)
            .id()
            .field("code", .string, .required)
            .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id"))
            .field("officer_id", .uuid, .required, .references(User.schema, "id"))
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .create()
        try await database.createIndex(name: "rating_invitations_code_idx", on: RatingInvitation.schema, columns: ["code", "expires_at"])
    }

    func revert(on database: Database) async throws {
        try await database.schema(RatingInvitation.schema).delete()
        try await database.schema(Rating.schema).delete()
    }
}
