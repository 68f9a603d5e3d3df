import Fluent
import MotCuaCore
import SQLKit
import Vapor

/// `/van-ban`: what waits for the viewer. Incoming documents still open (a specialist sees those assigned to them),
/// urgent ones first, then by deadline; outgoing documents at the viewer's step of the workflow.
struct DocumentInbox: Encodable {
    struct Count: Encodable { let label: String; let total: Int; let css: String }

    let title = "Văn phòng điện tử"
    let page: PageContext
    let notice: String?
    let sections: [DocumentRowSection]
    let counts: [Count]
    let metadata: PageMetadata
    let pager: Pager
    let canRegister: Bool
    let canDraft: Bool

    static func build(_ req: Request, scope: DocumentScope) async throws -> DocumentInbox {
        let window = UrgencyWindow(now: req.now, calendar: try await req.workingCalendar())
        let paging = try Paging(req)
        let incoming = try await openIncoming(scope: scope, on: req.db).page(paging)
        var counts: [Count] = []
        for (urgency, bounds) in [(Urgency.overdue, (Date.distantPast, window.now)), (.dueToday, (window.now, window.endOfToday)),
                                  (.dueSoon, (window.endOfToday, window.endOfSoon))] {
            let total = try await openIncoming(scope: scope, on: req.db, sorted: false)
                .filter(\.$deadline >= bounds.0).filter(\.$deadline < bounds.1).count()
            counts.append(Count(label: urgency.label, total: total, css: "urgency-\(urgency.rawValue)"))
        }
        let outgoing = try await pendingOutgoing(scope: scope, on: req.db)
        let specialistOnly = !scope.isLeader && !scope.isClerk
        return DocumentInbox(
            page: PageContext(req), notice: req.takeNotice(),
            sections: [
                DocumentRowSection(id: "incoming", title: specialistOnly ? "Văn bản đến được giao cho tôi" : "Văn bản đến đang xử lý",
                                   summary: "\(incoming.metadata.total) văn bản; hỏa tốc, thượng khẩn, khẩn xếp trước, sau đó theo hạn xử lý.",
                                   empty: "Không có văn bản đến nào đang chờ xử lý.", rows: incoming.items.map { DocumentRow($0, window: window) }),
                DocumentRowSection(id: "outgoing", title: "Văn bản đi chờ bạn xử lý", summary: "",
                                   empty: "Không có văn bản đi nào chờ bạn.", rows: outgoing.map { DocumentRow($0, window: window) }),
            ],
            counts: counts,
            metadata: incoming.metadata, pager: Pager(incoming.metadata, request: req),
            canRegister: scope.isClerk, canDraft: scope.user.hasAny(.specialist, .leader))
    }

    static func openIncoming(scope: DocumentScope, on db: Database, sorted: Bool = true) -> QueryBuilder<OfficialDocument> {
        let query = scope.apply(OfficialDocument.query(on: db))
            .filter(\.$register == DocumentRegister.incoming.rawValue)
            .filter(\.$state != IncomingState.completed.rawValue)
        if !scope.isLeader && !scope.isClerk {
            let keys = scope.handlerKeys
            query.group(.or) { group in for key in keys { group.filter(\.$handlerKeys ~~ ("|" + key + "|")) } }
        }
        if sorted {
            // Urgent first, then the nearest deadline; documents without a deadline after those with one, on every database.
            let noDeadline = SQLBinaryExpression(left: SQLColumn("deadline"), op: SQLBinaryOperator.is, right: SQLLiteral.null)
            query.sort(\.$urgencyRank, .descending).sort(.custom(noDeadline)).sort(\.$deadline).sort(\.$createdAt)
        }
        return query
    }

    static func pendingOutgoing(scope: DocumentScope, on db: Database) async throws -> [OfficialDocument] {
        let me = scope.user.id ?? UUID()
        let drafter = scope.user.has(.specialist)
        return try await scope.apply(OfficialDocument.query(on: db))
            .filter(\.$register == DocumentRegister.outgoing.rawValue)
            .filter(\.$state != OutgoingState.issued.rawValue)
            .group(.or) { group in
                if drafter { group.filter(\.$createdBy.$id == me) }
                if scope.isLeader { group.filter(\.$state ~~ [OutgoingState.submitted.rawValue, OutgoingState.approved.rawValue]) }
                if scope.isClerk { group.filter(\.$state == OutgoingState.signed.rawValue) }
                // An empty OR group would match nothing on one database and everything on another.
                group.filter(\.$createdBy.$id == me)
            }
            .sort(\.$urgencyRank, .descending).sort(\.$createdAt).limit(100).all()
    }
}
