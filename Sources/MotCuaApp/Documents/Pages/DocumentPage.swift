import Fluent
import MotCuaCore
import Vapor

/// `/van-ban/{id}`: one document with its files, recipients and history, and the forms the viewer may use on it:
/// assignment (leader), progress and completion (handler), the outgoing workflow's actions, a new file version.
struct DocumentPage: Encodable {
    struct Fact: Encodable { let label: String; let value: String }
    struct FileLink: Encodable { let url: String; let filename: String; let version: Int; let size: String; let uploadedAt: String }
    struct Recipient: Encodable { let name: String; let status: String }
    struct Event: Encodable { let at: String; let actor: String; let action: String; let note: String? }
    struct Action: Encodable { let value: String; let label: String; let css: String }

    let title: String
    let page: PageContext
    let id: String
    let isIncoming: Bool
    let heading: String
    let numberLine: String?
    let dateLine: String?
    let state: String
    let stateCss: String
    let urgencyLabel: String?
    let confidentialLabel: String?
    let deadlineClass: String
    let deadlineLabel: String?
    let facts: [Fact]
    let files: [FileLink]
    let recipients: [Recipient]
    let events: [Event]
    let canAssign: Bool
    let canProgress: Bool
    let canUpload: Bool
    let actions: [Action]
    let handlers: [SelectOption]
    let assignment: AssignmentFormValues
    let comment: String
    let note: String
    let notice: String?
    let error: String?
    let maxUpload: String

    struct AssignmentFormValues: Encodable { var lead = ""; var support: [String] = []; var instruction = ""; var deadline = "" }

    static func build(_ d: OfficialDocument, scope: DocumentScope, request req: Request, notice: String? = nil, error: String? = nil,
                      assignment: AssignmentFormValues = .init(), comment: String = "", note: String = "") async throws -> DocumentPage {
        let id = try d.requireID()
        let window = UrgencyWindow(now: req.now, calendar: try await req.workingCalendar())
        let row = DocumentRow(d, window: window)
        var facts: [Fact] = []
        func add(_ label: String, _ value: String?) { if let value, !value.isEmpty { facts.append(Fact(label: label, value: value)) } }
        if d.isIncoming {
            add("Số đến", d.number.map(String.init))
            add("Ngày đến", d.receivedAt.map(VietnameseFormat.dateTime))
            add("Tác giả (cơ quan ban hành)", d.issuerName + (d.issuerCode.map { " – \($0)" } ?? ""))
            add("Số, ký hiệu", d.notation)
            add("Ngày tháng văn bản", row.documentDate)
            add("Hình thức nhận", d.channel == "electronic" ? "Điện tử" : "Bản giấy (có bản quét)")
            add("Đơn vị nhận", d.unitName)
        } else {
            add("Số, ký hiệu", d.notation ?? "Cấp khi phát hành")
            add("Ngày ban hành", row.documentDate == "—" ? nil : row.documentDate)
            add("Đơn vị soạn thảo", d.unitName)
            add("Nơi nhận", d.recipientsText)
        }
        add("Loại văn bản", d.typeName)
        add("Trích yếu", d.summary)
        add("Số trang", d.pageCount.map(String.init))
        add("Độ khẩn", d.urgencyValue.label)
        add("Độ mật", d.confidentialityValue.label)
        add("Chủ trì xử lý", d.leadName)
        add("Phối hợp", d.supportNames)
        add("Ý kiến chỉ đạo", d.instruction)
        add("Hạn xử lý", row.deadline)
        add("Hoàn thành", d.completedAt.map(VietnameseFormat.dateTime))

        let files = try await DocumentFiles.list(documentID: id, on: req.db).map {
            FileLink(url: "/van-ban/\(id.uuidString)/tep/\($0.id?.uuidString ?? "")", filename: $0.filename, version: $0.version,
                     size: UploadCheck.megabytes($0.size), uploadedAt: VietnameseFormat.dateTime($0.uploadedAt))
        }
        var recipients: [Recipient] = []
        if !d.isIncoming {
            recipients = try await DocumentRecipient.query(on: req.db).filter(\.$document.$id == id).all().map { r in
            Recipient(name: r.name, status: r.isExternal ? "Ngoài hệ thống: chờ gửi liên thông"
                      : (r.deliveredNumber.map { "Đã chuyển điện tử (số đến \($0))" } ?? "Chuyển điện tử khi phát hành"))
            }
        }
        let events = try await DocumentEvent.query(on: req.db).filter(\.$document.$id == id).sort(\.$at).all().map {
            Event(at: VietnameseFormat.dateTime($0.at), actor: $0.actorName, action: DocumentEvent.label($0.action), note: $0.note)
        }
        let open = d.incomingState != .completed
        let canAssign = d.isIncoming && open && scope.isLeader
        let canProgress = d.isIncoming && (d.incomingState == .assigned || d.incomingState == .inProgress) && (scope.isHandler(d) || scope.isLeader)
        let canUpload = d.isIncoming ? (scope.isClerk || scope.isLeader || scope.isHandler(d))
            : (d.outgoingState != .issued && scope.user.hasAny(.specialist, .leader))
        let actions: [Action] = d.isIncoming ? [] : OutgoingWorkflow.allowedActions(from: d.outgoingState)
            .filter { OutgoingTransitions.roles(for: $0).contains(where: scope.user.has) }
            .map { Action(value: $0.rawValue, label: $0.label, css: $0 == .return ? "secondary" : "") }
        var handlers: [SelectOption] = []
        if canAssign {
            let officers = try await User.query(on: req.db).filter(\.$agency.$id == scope.agencyID).filter(\.$isActive == true).sort(\.$fullName).all()
                .filter { $0.hasAny(.specialist, .leader) }
            handlers = officers.map { SelectOption(value: $0.username, label: "\($0.fullName) (\($0.roles.map(\.label).joined(separator: ", ")))", selected: false) }
            handlers += try await DocumentParties.units(of: scope.agency, on: req.db).map { SelectOption(value: $0.code, label: $0.name, selected: false) }
        }
        let title = d.isIncoming ? "Văn bản đến số \(d.number ?? 0)" : (d.notation.map { "Văn bản đi số \($0)" } ?? "Dự thảo văn bản đi")
        return DocumentPage(
            title: title, page: PageContext(req), id: id.uuidString, isIncoming: d.isIncoming, heading: title,
            numberLine: d.isIncoming ? nil : d.notation.map { "Số: \($0)" }, dateLine: d.dateLine,
            state: row.state, stateCss: row.stateCss, urgencyLabel: row.urgencyLabel, confidentialLabel: row.confidentialLabel,
            deadlineClass: row.deadlineClass, deadlineLabel: row.deadlineLabel, facts: facts, files: files, recipients: recipients,
            events: events, canAssign: canAssign, canProgress: canProgress, canUpload: canUpload, actions: actions, handlers: handlers,
            assignment: assignment, comment: comment, note: note, notice: notice, error: error,
            maxUpload: UploadCheck.megabytes(req.application.settings.maxUploadBytes))
    }
}
