import Fluent
import MotCuaCore
import Vapor

/// The electronic office's pages (`/van-ban…`): inbox, registration and drafting forms, the document page with
/// its forms, search, the printable registers and the reports. Every form goes through the same services as the API.
struct DocumentPages: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let pages = routes.grouped("van-ban")
        pages.get(use: inbox)
        pages.get("den", "moi", use: incomingForm)
        pages.postUpload("den", "moi", use: registerIncoming)
        pages.get("di", "moi", use: outgoingForm)
        pages.postUpload("di", "moi", use: draftOutgoing)
        pages.get("tim-kiem", use: search)
        pages.get("so", ":register", use: registerBook)
        pages.get("so", ":register", "csv", use: registerCSV)
        pages.get("bao-cao", use: reports)
        pages.get(":id", use: show)
        pages.post(":id", "phan-cong", use: assign)
        pages.post(":id", "tien-do", use: progress)
        pages.post(":id", "chuyen", use: transition)
        pages.postUpload(":id", "tep", use: upload)
        pages.get(":id", "tep", ":file", use: download)
    }

    @Sendable func inbox(req: Request) async throws -> View {
        let scope = try await DocumentScope.of(req)
        return try await req.view.render("Documents/inbox", DocumentInbox.build(req, scope: scope))
    }

    // MARK: Incoming registration

    struct IncomingFormPage: Encodable {
        let title = "Vào sổ văn bản đến"
        let page: PageContext
        let form: IncomingForm
        let choices: DocumentChoices
        let error: String?
        let duplicate: String?
        let duplicateURL: String?
    }

    @Sendable func incomingForm(req: Request) async throws -> View {
        let scope = try await DocumentScope.of(req)
        try scope.require(.clerk, message: "Chỉ văn thư được vào sổ văn bản đến.")
        return try await req.view.render("Documents/incoming-form", IncomingFormPage(
            page: PageContext(req), form: IncomingForm(), choices: try await DocumentChoices.load(scope: scope, request: req),
            error: nil, duplicate: nil, duplicateURL: nil))
    }

    @Sendable func registerIncoming(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let posted = try await PostedForm.read(req)
        let form = IncomingForm(posted)
        let files = posted.files("scan")
        func again(_ status: HTTPResponseStatus, error: String?, duplicate: OfficialDocument? = nil) async throws -> Response {
            let reselect = files.isEmpty ? "" : " Vui lòng chọn lại tệp bản quét."
            return try await req.view.render("Documents/incoming-form", IncomingFormPage(
                page: PageContext(req), form: form, choices: try await DocumentChoices.load(scope: scope, request: req),
                error: error.map { $0 + reselect },
                duplicate: duplicate.map {
                    IncomingRegistration.duplicateMessage($0, hint: "Nếu đây đúng là một văn bản khác, hãy đánh dấu ô xác nhận bên dưới rồi bấm “Vào sổ” lần nữa.")
                        + (files.isEmpty ? "" : reselect)
                },
                duplicateURL: duplicate.flatMap { $0.id.map { "/van-ban/\($0.uuidString)" } })).encodeResponse(status: status, for: req)
        }
        do {
            let uploads = try UploadCheck.check(files, maxBytes: req.application.settings.maxUploadBytes)
            let confirm = posted.value("confirmDuplicate") == "1"
            switch try await IncomingRegistration.register(try form.input(confirm: confirm), files: uploads, idempotencyKey: form.key, scope: scope, request: req) {
            case .duplicate(let earlier):
                return try await again(.conflict, error: nil, duplicate: earlier)
            case .registered(let change, _):
                let document = change.document
                return req.redirect(to: "/van-ban/\(try document.requireID().uuidString)",
                                    notice: "Đã vào sổ văn bản đến số \(document.number ?? 0).")
            }
        } catch let error as AppError where error.status != .forbidden {
            return try await again(error.status, error: error.message)
        }
    }

    // MARK: Outgoing drafting

    struct OutgoingFormPage: Encodable {
        let title = "Soạn dự thảo văn bản đi"
        let page: PageContext
        let form: OutgoingForm
        let choices: DocumentChoices
        let error: String?
    }

    @Sendable func outgoingForm(req: Request) async throws -> View {
        let scope = try await DocumentScope.of(req)
        try scope.require(.specialist, .leader, message: "Chỉ chuyên viên và lãnh đạo được soạn dự thảo văn bản đi.")
        return try await req.view.render("Documents/outgoing-form", OutgoingFormPage(
            page: PageContext(req), form: OutgoingForm(), choices: try await DocumentChoices.load(scope: scope, request: req), error: nil))
    }

    @Sendable func draftOutgoing(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let posted = try await PostedForm.read(req)
        let form = OutgoingForm(posted)
        let files = posted.files("draft")
        do {
            let uploads = try UploadCheck.check(files, maxBytes: req.application.settings.maxUploadBytes)
            let (change, _) = try await OutgoingDrafting.create(form.input, files: uploads, idempotencyKey: form.key, scope: scope, request: req)
            return req.redirect(to: "/van-ban/\(change.dto.id.uuidString)", notice: "Đã lưu dự thảo. Khi hoàn chỉnh, hãy “Trình thẩm định”.")
        } catch let error as AppError where error.status != .forbidden {
            return try await req.view.render("Documents/outgoing-form", OutgoingFormPage(
                page: PageContext(req), form: form, choices: try await DocumentChoices.load(scope: scope, request: req),
                error: error.message + (files.isEmpty ? "" : " Vui lòng chọn lại tệp dự thảo."))).encodeResponse(status: error.status, for: req)
        }
    }

    // MARK: One document

    @Sendable func show(req: Request) async throws -> View {
        let scope = try await DocumentScope.of(req)
        let document = try await scope.find(req.parameters.get("id"), on: req.db)
        return try await req.view.render("Documents/document", DocumentPage.build(document, scope: scope, request: req, notice: req.takeNotice()))
    }

    @Sendable func assign(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let id = req.parameters.get("id")
        let posted = try await PostedForm.read(req)
        let values = DocumentPage.AssignmentFormValues(lead: posted.value("lead") ?? "", support: posted.values("support").filter { !$0.isEmpty },
                                                       instruction: posted.value("instruction") ?? "", deadline: posted.value("deadline") ?? "")
        let input = AssignmentInput(lead: values.lead, support: values.support, instruction: values.instruction, deadline: values.deadline)
        do {
            let document = try await IncomingHandling.assign(input, documentID: id, scope: scope, request: req).document
            return req.redirect(to: "/van-ban/\(try document.requireID().uuidString)", notice: "Đã phân công: \(document.leadName ?? "") chủ trì xử lý.")
        } catch let error as AppError where error.status != .notFound {
            return try await refused(req, scope: scope, id: id, status: error.status, message: error.message, assignment: values)
        }
    }

    @Sendable func progress(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let id = req.parameters.get("id")
        let posted = try await PostedForm.read(req)
        let note = posted.value("note") ?? ""
        let complete = posted.value("complete") == "1"
        do {
            let document = try await IncomingHandling.progress(ProgressInput(note: note, complete: complete), documentID: id, scope: scope, request: req).document
            return req.redirect(to: "/van-ban/\(try document.requireID().uuidString)",
                                notice: complete ? "Đã hoàn thành xử lý văn bản." : "Đã ghi nhận tiến độ xử lý.")
        } catch let error as AppError where error.status != .notFound {
            return try await refused(req, scope: scope, id: id, status: error.status, message: error.message, note: note)
        }
    }

    @Sendable func transition(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let id = req.parameters.get("id")
        let posted = try await PostedForm.read(req)
        let comment = posted.value("comment") ?? ""
        do {
            let document = try await OutgoingTransitions.perform(OutgoingTransitionInput(action: posted.value("action"), comment: comment),
                                                                  documentID: id, scope: scope, request: req).document
            let done = document.outgoingState == .issued ? "Đã phát hành văn bản Số: \(document.notation ?? "")." : "Văn bản chuyển sang “\(document.outgoingState.label)”."
            return req.redirect(to: "/van-ban/\(try document.requireID().uuidString)", notice: done)
        } catch let error as AppError where error.status != .notFound {
            return try await refused(req, scope: scope, id: id, status: error.status, message: error.message, comment: comment)
        } catch let error as TransitionError {
            return try await refused(req, scope: scope, id: id, status: .conflict, message: error.message, comment: comment)
        }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let id = req.parameters.get("id")
        let posted = try await PostedForm.read(req)
        do {
            let document = try await DocumentUploads.attach(posted.files("file"), documentID: id, scope: scope, request: req).document
            return req.redirect(to: "/van-ban/\(try document.requireID().uuidString)", notice: "Đã đính kèm tệp.")
        } catch let error as AppError where error.status != .notFound {
            return try await refused(req, scope: scope, id: id, status: error.status, message: error.message)
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        return DocumentFiles.download(try await DocumentUploads.file(req.parameters.get("file"), documentID: req.parameters.get("id"), scope: scope, on: req.db))
    }

    /// The page again with the refusal and what was typed; nothing was changed.
    private func refused(_ req: Request, scope: DocumentScope, id: String?, status: HTTPResponseStatus, message: String,
                         assignment: DocumentPage.AssignmentFormValues = .init(), comment: String = "", note: String = "") async throws -> Response {
        let document = try await scope.find(id, on: req.db)
        let page = try await DocumentPage.build(document, scope: scope, request: req, error: message, assignment: assignment, comment: comment, note: note)
        return try await req.view.render("Documents/document", page).encodeResponse(status: status, for: req)
    }

    // MARK: Search, registers, reports

    @Sendable func search(req: Request) async throws -> View {
        let scope = try await DocumentScope.of(req)
        return try await req.view.render("Documents/search", DocumentSearchPage.build(req, scope: scope))
    }

    @Sendable func registerBook(req: Request) async throws -> View {
        let scope = try await DocumentScope.of(req)
        return try await req.view.render("Documents/register", RegisterBook.build(req, scope: scope))
    }

    @Sendable func registerCSV(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        return try await RegisterBook.csv(req, scope: scope)
    }

    @Sendable func reports(req: Request) async throws -> View {
        let scope = try await DocumentScope.of(req)
        return try await req.view.render("Documents/reports", DocumentReport.build(req, scope: scope))
    }
}
