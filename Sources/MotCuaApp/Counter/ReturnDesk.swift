import Fluent
import Vapor
import MotCuaCore

/// `GET /mot-cua/tra-ket-qua`: one field a barcode scanner types into; `POST /mot-cua/tra-ket-qua/{code}`
/// hands the result over (status 9 → 10) at the counter or by post, through the one transition path.
struct ReturnDesk: Sendable {
    struct Found: Encodable {
        let code: String
        let statusCode: Int
        let statusLabel: String
        let applicantName: String
        let idNumber: String?
        let phone: String?
        let procedureName: String
        let received: String
        let appointment: String?
        let resolved: String?
        let returned: String?
        let delivery: String?
        let timeliness: String?
        let canReturn: Bool
        let attachments: [AttachmentLink]
    }
    struct AttachmentLink: Encodable { let url: String; let filename: String; let kind: String; let size: String }
    struct Form: Encodable {
        var delivery = ResultDelivery.counter.rawValue; var trackingNumber = ""; var note = ""
        var collectorName = ""; var collectorIdNumber = ""; var byProxy = false
    }
    /// A result waiting to be collected; `overdue` once the appointment has passed without the applicant coming.
    struct Waiting: Encodable {
        let code: String; let applicantName: String; let procedureName: String
        let resolved: String; let appointment: String; let overdue: Bool
    }
    struct View: Encodable {
        let title = "Trả kết quả"
        let page: PageContext
        let query: String
        let notice: String?
        let error: String?
        let dossier: Found?
        let form: Form
        let waiting: [Waiting]
        let metadata: PageMetadata?
        let pager: Pager?
    }

    @Sendable func show(req: Request) async throws -> Response {
        var notice: String? = nil
        if let done = req.query[String.self, at: "da-tra"], let dossier = try? await DossierScope.of(req).find(code: done, on: req.db),
           dossier.status == .returned {
            let how = ResultDelivery(rawValue: dossier.delivery ?? "")?.label ?? ""
            notice = "Đã trả kết quả hồ sơ \(dossier.code) cho \(dossier.applicantName) lúc \(dossier.returnedAt.map(VietnameseFormat.dateTime) ?? "") – \(how)"
                + (dossier.postalTracking.map { ", số hiệu bưu gửi \($0)" } ?? "") + ". Mời quét hồ sơ tiếp theo."
        }
        let raw = req.query[String.self, at: "ma"] ?? ""
        let code = Self.normalize(raw)
        guard !code.isEmpty else {
            return try await render(req, query: "", notice: notice, error: nil, dossier: nil)
        }
        do {
            let dossier = try await DossierScope.of(req).find(code: code, on: req.db)
            return try await render(req, query: code, notice: notice, error: nil, dossier: dossier)
        } catch let error as AppError where error.status == .notFound {
            return try await render(req, query: code, notice: nil, error: Self.notFound(code), dossier: nil, status: .notFound)
        }
    }

    @Sendable func hand(req: Request) async throws -> Response {
        let code = Self.normalize(req.parameters.get("code") ?? "")
        let posted = try await PostedForm.read(req)
        func text(_ name: String) -> String { (posted.value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let form = Form(delivery: text("delivery"), trackingNumber: text("trackingNumber"), note: text("note"),
                        collectorName: text("collectorName"), collectorIdNumber: text("collectorIdNumber"),
                        byProxy: posted.value("byProxy") == "1")
        do {
            guard ResultDelivery(rawValue: form.delivery) != nil else {
                throw AppError.badRequest("delivery_required", "Vui lòng chọn hình thức trả kết quả: tại quầy, qua bưu chính hoặc trả kết quả điện tử.")
            }
            // An empty collector line means the applicant in person (TransitionService.collector).
            let atCounter = form.delivery == ResultDelivery.counter.rawValue
            let input = TransitionInput(action: DossierAction.return.rawValue, note: form.note, delivery: form.delivery,
                                        trackingNumber: atCounter ? nil : form.trackingNumber,
                                        collectorName: atCounter ? form.collectorName : nil,
                                        collectorIdNumber: atCounter ? form.collectorIdNumber : nil,
                                        collectedByProxy: atCounter ? form.byProxy : nil)
            let dossier = try await DossierTransitions.perform(input, code: code, request: req)
            return req.redirect(to: "/mot-cua/tra-ket-qua?da-tra=\(dossier.code)", redirectType: .normal)
        } catch {
            let appError = ErrorRendering.appError(from: error, request: req)
            guard appError.status.code < 500 else { throw error }
            let dossier = try? await DossierScope.of(req).find(code: code, on: req.db)
            let message = dossier == nil ? Self.notFound(code) : appError.message
            return try await render(req, query: code, notice: nil, error: message, dossier: dossier, form: form, status: appError.status)
        }
    }

    /// Results of this counter's agency waiting to be collected, the longest-waiting first.
    static func waiting(_ req: Request) async throws -> (rows: [Waiting], metadata: PageMetadata) {
        let scope = try await DossierScope.of(req)
        let agencyID = try scope.agency.requireID()
        let now = req.now
        let result = try await Dossier.query(on: req.db)
            .filter(\.$receivingAgency.$id == agencyID)
            .filter(\.$statusCode == DossierStatus.resolved.rawValue)
            .sort(\.$resolvedAt).sort(\.$code)
            .with(\.$procedure)
            .page(try Paging(req, defaultPer: 25))
        let rows = result.items.map { dossier in
            Waiting(code: dossier.code, applicantName: dossier.applicantName, procedureName: dossier.procedure.name,
                    resolved: dossier.resolvedAt.map(VietnameseFormat.dateTime) ?? "—",
                    appointment: dossier.appointmentAt.map(VietnameseFormat.dateTime) ?? "—",
                    overdue: dossier.appointmentAt.map { $0 < now } ?? false)
        }
        return (rows, result.metadata)
    }

    static func notFound(_ code: String) -> String {
        "Không tìm thấy hồ sơ có mã “\(code)” trong phạm vi cơ quan của bạn. Kiểm tra lại mã trên giấy hẹn hoặc quét lại."
    }

    /// What a scanner types: the code from the Code 128, or the lookup address from the QR code.
    static func normalize(_ raw: String) -> String {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let range = text.range(of: "/tra-cuu/") {
            text = String(text[range.upperBound...])
            if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" || $0 == "/" }) { text = String(text[..<end]) }
            text = text.removingPercentEncoding ?? text
        }
        return String(text.prefix(40)).uppercased()
    }

    func render(_ req: Request, query: String, notice: String?, error: String?, dossier: Dossier?,
                form: Form? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        var found: Found? = nil
        var form = form ?? Form()
        if let dossier {
            if form.collectorName.isEmpty, error == nil {
                // The applicant usually comes in person: the officer checks the card and changes the line only for a proxy.
                form.collectorName = dossier.applicantName
                form.collectorIdNumber = dossier.applicantIDNumber ?? ""
            }
            let procedure = try await dossier.$procedure.get(on: req.db)
            let calendar = try await req.workingCalendar()
            let attachments = try await DossierAttachment.query(on: req.db).filter(\.$dossier.$id == dossier.requireID())
                .field(\.$id).field(\.$filename).field(\.$kind).field(\.$size).sort(\.$uploadedAt).all()
            found = Found(
                code: dossier.code, statusCode: dossier.status.rawValue, statusLabel: dossier.status.label,
                applicantName: dossier.applicantName, idNumber: dossier.applicantIDNumber, phone: dossier.applicantPhone,
                procedureName: procedure.name,
                received: VietnameseFormat.dateTime(dossier.receivedAt),
                appointment: dossier.appointmentAt.map(VietnameseFormat.dateTime),
                resolved: dossier.resolvedAt.map(VietnameseFormat.dateTime),
                returned: dossier.returnedAt.map(VietnameseFormat.dateTime),
                delivery: ResultDelivery(rawValue: dossier.delivery ?? "")?.label,
                timeliness: dossier.currentTimeliness(now: req.now, calendar: calendar)?.label,
                canReturn: dossier.status == .resolved,
                attachments: try attachments.map {
                    AttachmentLink(url: "/ho-so/\(dossier.code)/tep/\(try $0.requireID())", filename: $0.filename,
                                   kind: $0.kind == AttachmentStore.Kind.result.rawValue ? "Kết quả" : "Thành phần hồ sơ",
                                   size: UploadCheck.megabytes($0.size))
                })
        }
        var waiting: [Waiting] = []
        var metadata: PageMetadata? = nil
        if found == nil {
            let list = try await Self.waiting(req)
            waiting = list.rows
            metadata = list.metadata
        }
        let view = View(page: PageContext(req, forms: true), query: query, notice: notice, error: error, dossier: found, form: form,
                        waiting: waiting, metadata: metadata, pager: metadata.map { Pager($0, request: req) })
        return try await req.view.render("Counter/return", view).encodeResponse(status: status, for: req)
    }
}
