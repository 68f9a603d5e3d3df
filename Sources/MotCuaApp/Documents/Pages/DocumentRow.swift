import Foundation
import MotCuaCore

/// One line of a document list (inbox, search): the register's key columns and the deadline's colour, which
/// follows the dossier inboxes (overdue red, due today orange, due within two working days yellow).
struct DocumentRow: Encodable {
    let id: String
    let url: String
    let register: String
    let number: String
    let notation: String
    let issuer: String
    let documentDate: String
    let type: String
    let summary: String
    let state: String
    let stateCss: String
    let urgencyLabel: String?
    let confidentialLabel: String?
    let lead: String?
    let deadline: String?
    let deadlineClass: String
    let deadlineLabel: String?
    let received: String

    init(_ d: OfficialDocument, window: UrgencyWindow) {
        id = d.id?.uuidString ?? ""
        url = "/van-ban/\(id)"
        register = d.isIncoming ? "Đến" : "Đi"
        number = d.number.map { d.isIncoming ? String($0) : DocumentNotation.number($0) } ?? "—"
        notation = d.notation ?? "(chưa cấp số)"
        issuer = d.issuerName
        documentDate = d.documentDate.flatMap(LocalDate.init(iso:)).map(VietnameseFormat.day) ?? "—"
        type = d.typeName
        summary = d.summary
        let open = d.isIncoming ? d.incomingState != .completed : d.outgoingState != .issued
        state = d.isIncoming ? d.incomingState.label : d.outgoingState.label
        stateCss = open ? "" : "ok"
        urgencyLabel = d.urgencyValue == .normal ? nil : d.urgencyValue.label
        confidentialLabel = d.confidentialityValue.isConfidential ? d.confidentialityValue.label : nil
        lead = d.leadName
        deadline = d.deadline.map(VietnameseFormat.dateTime)
        let urgency = window.classifyDeadline(d.deadline, open: open && d.isIncoming)
        deadlineClass = urgency.rawValue
        deadlineLabel = urgency.isPressing ? urgency.label : nil
        received = VietnameseFormat.dateTime(d.receivedAt ?? d.issuedAt ?? d.createdAt)
    }
}

/// A titled table of rows (the inbox has two, the search one).
struct DocumentRowSection: Encodable {
    let id: String
    let title: String
    let summary: String
    let empty: String
    let rows: [DocumentRow]
}

extension UrgencyWindow {
    /// The inbox colour of a handling deadline: the same bounds as the dossiers' appointments.
    func classifyDeadline(_ deadline: Date?, open: Bool) -> Urgency {
        guard open, let deadline else { return .none }
        if deadline < now { return .overdue }
        if deadline < endOfToday { return .dueToday }
        if deadline < endOfSoon { return .dueSoon }
        return .normal
    }
}
