import Fluent
import Vapor

/// A dossier a citizen is preparing online: saved as they go, kept across logins, turned into a dossier (and
/// deleted) at submission. Only its owner ever sees it.
final class Draft: Model, @unchecked Sendable {
    static let schema = "drafts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    @Parent(key: "procedure_id") var procedure: Procedure
    @Field(key: "applicant_json") var applicantJSON: String
    @Field(key: "components_json") var componentsJSON: String
    @Field(key: "delivery_method") var deliveryMethod: String
    @OptionalField(key: "delivery_address") var deliveryAddress: String?
    /// Set at submission: a repeated submit (a double click, a retry after a lost answer) gets this dossier back.
    @OptionalField(key: "submitted_code") var submittedCode: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var properties: [any AnyProperty] {
        [$id, $owner, $procedure, $applicantJSON, $componentsJSON, $deliveryMethod, $deliveryAddress, $submittedCode, $createdAt, $updatedAt]
    }

    var applicant: DraftApplicant {
        get { (try? JSONDecoder().decode(DraftApplicant.self, from: Data(applicantJSON.utf8))) ?? DraftApplicant() }
        set { applicantJSON = (try? String(decoding: JSONEncoder().encode(newValue), as: UTF8.self)) ?? "{}" }
    }

    /// The names of the components the citizen ticked.
    var components: [String] {
        get { JSONColumn.decode(componentsJSON) }
        set { componentsJSON = JSONColumn.encode(newValue) }
    }
}

/// The applicant as typed so far; checked in full only at submission.
struct DraftApplicant: Content, Equatable {
    var fullName: String?
    var idNumber: String?
    var phone: String?
    var email: String?
    var address: String?
}

/// A checked file attached to one component of a draft.
final class DraftFile: Model, @unchecked Sendable {
    static let schema = "draft_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "draft_id") var draft: Draft
    @Field(key: "component") var component: String
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}

    var properties: [any AnyProperty] { [$id, $draft, $component, $filename, $contentType, $size, $sha256, $data, $uploadedAt] }
}
