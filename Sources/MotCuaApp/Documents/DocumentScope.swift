import Fluent
import MotCuaCore
import Vapor

/// Who sees which official document: officers of the owning agency only (clerks, specialists, leaders); a
/// confidential one only to leaders, to those assigned to it (by name or through their unit), to the officer who
/// registered or drafted it, and — once signed — to the clerks who issue it. Anything else does not exist for the caller (404).
struct DocumentScope: Sendable {
    let user: User
    let agency: Agency

    static let documentRoles: [Role] = [.clerk, .specialist, .leader]
    /// The clerk numbers and dispatches confidential outgoing documents too, once they are signed.
    static let clerkOutgoingStates = [OutgoingState.signed.rawValue, OutgoingState.issued.rawValue]

    static func of(_ request: Request) async throws -> DocumentScope {
        let user = try request.requireUser()
        guard documentRoles.contains(where: user.has) else {
            throw AppError(.forbidden, "document_access_denied",
                           "Văn bản đến, văn bản đi chỉ dành cho văn thư, chuyên viên và lãnh đạo; tài khoản của bạn không xem được văn bản.")
        }
        if case .some(.some(let agency)) = user.$agency.value { return DocumentScope(user: user, agency: agency) }
        guard let agencyID = user.$agency.id, let agency = try await Agency.find(agencyID, on: request.db) else {
            throw AppError.forbidden
        }
        return DocumentScope(user: user, agency: agency)
    }

    var isLeader: Bool { user.has(.leader) }
    var isClerk: Bool { user.has(.clerk) }
    var agencyID: UUID { agency.id ?? UUID() }

    /// The keys a confidential document must carry in `handler_keys` for this user to see it.
    var handlerKeys: [String] {
        var keys: [String] = []
        if let id = user.id { keys.append(OfficialDocument.handlerKey(user: id)) }
        if let id = user.$agency.id { keys.append(OfficialDocument.handlerKey(agency: id)) }
        return keys
    }

    func apply(_ query: QueryBuilder<OfficialDocument>) -> QueryBuilder<OfficialDocument> {
        query.filter(\.$agency.$id == agencyID)
        if !isLeader {
            let keys = handlerKeys
            let me = user.id ?? UUID()
            query.group(.or) { group in
                group.filter(\.$confidentiality == DocumentConfidentiality.normal.rawValue)
                group.filter(\.$createdBy.$id == me)
                for key in keys { group.filter(\.$handlerKeys ~~ ("|" + key + "|")) }
                if isClerk {
                    group.group(.and) { clerk in
                        clerk.filter(\.$register == DocumentRegister.outgoing.rawValue).filter(\.$state ~~ Self.clerkOutgoingStates)
                    }
                }
            }
        }
        return query
    }

    func canSee(_ document: OfficialDocument) -> Bool {
        guard document.$agency.id == agencyID else { return false }
        if isLeader || !document.confidentialityValue.isConfidential { return true }
        if document.$createdBy.id != nil, document.$createdBy.id == user.id { return true }
        if isClerk, !document.isIncoming, Self.clerkOutgoingStates.contains(document.state) { return true }
        return handlerKeys.contains { document.handlerKeys.contains("|" + $0 + "|") }
    }

    /// Assigned as lead or support, by name or through the unit the officer belongs to.
    func isHandler(_ document: OfficialDocument) -> Bool {
        handlerKeys.contains { document.handlerKeys.contains("|" + $0 + "|") }
    }

    func find(_ rawID: String?, on db: Database) async throws -> OfficialDocument {
        guard let rawID, let id = UUID(uuidString: rawID.trimmingCharacters(in: .whitespaces)),
              let document = try await OfficialDocument.find(id, on: db), canSee(document) else {
            throw AppError(.notFound, "document_not_found", "Không tìm thấy văn bản này trong phạm vi cơ quan của bạn.")
        }
        return document
    }

    func require(_ roles: Role..., message: String) throws {
        guard roles.contains(where: user.has) else { throw AppError(.forbidden, "action_not_permitted", message) }
    }
}
