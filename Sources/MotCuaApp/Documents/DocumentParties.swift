import Fluent
import MotCuaCore
import Vapor

/// Who a document comes from, goes to and is handled by: agencies of the tree (by code or by name), units of
/// the officer's agency (its child agencies), officers (by user name), or outside bodies by name.
enum DocumentParties {
    struct Party: Sendable { let code: String?; let name: String; let agency: Agency? }

    enum Handler: Sendable {
        case officer(User)
        case unit(Agency)

        var name: String {
            switch self {
            case .officer(let user): return user.fullName
            case .unit(let agency): return agency.name
            }
        }
        var key: String {
            switch self {
            case .officer(let user): return OfficialDocument.handlerKey(user: user.id ?? UUID())
            case .unit(let agency): return OfficialDocument.handlerKey(agency: agency.id ?? UUID())
            }
        }
    }

    /// `{"code"}` must name an agency of the tree; `{"name"}` is matched to one by name, else kept as an outside body.
    static func issuer(_ raw: IncomingInput.Issuer?, _ checks: inout TextInput.Checks, on db: Database) async throws -> Party? {
        let code = raw?.code?.trimmingCharacters(in: .whitespaces) ?? ""
        if !code.isEmpty {
            guard code.utf8.count <= 20, let agency = try await Agency.find(code: code, on: db) else {
                checks.add(ValidationFailure(field: "issuer", code: "unknown_issuer",
                                             message: "Không có cơ quan nào mang mã định danh “\(code.prefix(20))”. Hãy chọn cơ quan trong danh sách hoặc nhập tên cơ quan bên ngoài."))
                return nil
            }
            return Party(code: agency.code, name: agency.name, agency: agency)
        }
        guard let name = checks.clean(raw?.name, DocumentFields.issuerName) else {
            if checks.problems.allSatisfy({ $0.field != "issuer" }) {
                checks.add(ValidationFailure(field: "issuer", code: "issuer_required", message: "Hãy chọn cơ quan ban hành hoặc nhập tên cơ quan bên ngoài."))
            }
            return nil
        }
        if let agency = try await agency(named: name, on: db) { return Party(code: agency.code, name: agency.name, agency: agency) }
        return Party(code: nil, name: name, agency: nil)
    }

    /// An agency whose name equals `name` without regard to case or diacritics.
    static func agency(named name: String, on db: Database) async throws -> Agency? {
        let folded = TextSearch.fold(name)
        // The tree is a few hundred agencies at most (one province); names are compared folded.
        return try await Agency.query(on: db).all().first { TextSearch.fold($0.name) == folded }
    }

    /// The units an agency's documents go to: its child agencies.
    static func units(of agency: Agency, on db: Database) async throws -> [Agency] {
        try await Agency.query(on: db).filter(\.$parent.$id == agency.id).sort(\.$code).all()
    }

    /// A unit of the agency by code or by name; another name is kept as typed (a unit the tree does not list).
    static func unit(_ raw: String?, of agency: Agency, _ checks: inout TextInput.Checks, on db: Database) async throws -> String? {
        guard let text = checks.clean(raw, DocumentFields.unit) else { return nil }
        let units = try await units(of: agency, on: db)
        let folded = TextSearch.fold(text)
        if let unit = units.first(where: { $0.code == text || TextSearch.fold($0.name) == folded }) { return unit.name }
        return text
    }

    /// An officer of the agency or of one of its units (by user name), or a unit (by code or name).
    static func handler(_ raw: String, of agency: Agency, on db: Database) async throws -> Handler? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 200 else { return nil }
        if let user = try await User.query(on: db).filter(\.$username == text).with(\.$agency).first(),
           let home = user.agency, home.path.hasPrefix(agency.path), user.hasAny(.specialist, .leader, .clerk) {
            return .officer(user)
        }
        let folded = TextSearch.fold(text)
        let units = try await units(of: agency, on: db)
        if let unit = units.first(where: { $0.code == text || TextSearch.fold($0.name) == folded }) { return .unit(unit) }
        return nil
    }

    /// Recipients of an outgoing document: agencies of the tree by code or name (delivered at once), others by name.
    static func recipients(_ raw: [String]?, own: Agency, _ checks: inout TextInput.Checks, on db: Database) async throws -> [Party] {
        guard let names = checks.cleanList(raw, DocumentFields.recipient, maxItems: DocumentFields.maxRecipients), !names.isEmpty else {
            if checks.problems.allSatisfy({ $0.field != "recipients" }) {
                checks.add(ValidationFailure(field: "recipients", code: "recipients_required", message: "Hãy nhập ít nhất một nơi nhận (mã định danh hoặc tên cơ quan)."))
            }
            return []
        }
        let agencies = try await Agency.query(on: db).all()
        var parties: [Party] = []
        for name in names {
            let folded = TextSearch.fold(name)
            if let agency = agencies.first(where: { $0.code == name || TextSearch.fold($0.name) == folded }) {
                guard agency.id != own.id else {
                    checks.add(ValidationFailure(field: "recipients", code: "recipient_is_self", message: "Nơi nhận không được là chính cơ quan ban hành."))
                    continue
                }
                if !parties.contains(where: { $0.code == agency.code }) { parties.append(Party(code: agency.code, name: agency.name, agency: agency)) }
            } else if AgencyCodeShape.looksLikeCode(name) {
                checks.add(ValidationFailure(field: "recipients", code: "unknown_recipient",
                                             message: "Không có cơ quan nào mang mã định danh “\(name)” trong cây cơ quan; hãy kiểm tra lại hoặc nhập tên cơ quan."))
            } else if !parties.contains(where: { $0.code == nil && TextSearch.fold($0.name) == folded }) {
                parties.append(Party(code: nil, name: name, agency: nil))
            }
        }
        return parties
    }
}

enum AgencyCodeShape {
    static func looksLikeCode(_ text: String) -> Bool { (try? AgencyCode(text)) != nil }
}
