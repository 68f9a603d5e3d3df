import Fluent
import Vapor

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "full_name") var fullName: String
    @Field(key: "roles") var rolesValue: String
    @OptionalParent(key: "agency_id") var agency: Agency?
    @Field(key: "email") var email: String?
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "failed_logins") var failedLogins: Int
    @Field(key: "locked_until") var lockedUntil: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Citizens only: their CCCD and mobile number (prefilled into online filings), and when they proved their e-mail.
    @OptionalField(key: "id_number") var idNumber: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?

    init() {}

    // Fluent would find these by reflection on every query, insert and row decode (a third of intake's CPU);
    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $username, $passwordHash, $fullName, $rolesValue, $agency, $email, $isActive, $failedLogins, $lockedUntil, $createdAt, $idNumber, $phone, $emailVerifiedAt]
    }

    init(id: UUID? = nil, username: String, passwordHash: String, fullName: String, roles: [Role], agencyID: UUID?, email: String? = nil) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.fullName = fullName
        self.rolesValue = roles.map(\.rawValue).joined(separator: ",")
        self.$agency.id = agencyID
        self.email = email
        self.isActive = true
        self.failedLogins = 0
        self.lockedUntil = nil
    }

    var roles: [Role] {
        get { Role.parse(rolesValue) }
        set { rolesValue = newValue.map(\.rawValue).joined(separator: ",") }
    }

    func has(_ role: Role) -> Bool { roles.contains(role) }
    func hasAny(_ roles: Role...) -> Bool { roles.contains(where: has) }
    var isOfficer: Bool { $agency.id != nil }
    /// A citizen's account: never an officer's role, never an agency.
    var isCitizen: Bool { has(.citizen) }
}

extension User: ModelSessionAuthenticatable {}
