import Foundation
import Vapor
import MotCuaCore

/// What `Portal/dossier.leaf` shows: texts already formatted for a Vietnamese reader, barcodes as image data.
struct LookupDossierPage: Encodable {
    struct Step: Encodable {
        let when: String
        let what: String
        let status: String?
        let note: String?
    }

    let title: String
    let page: PageContext
    let code: String
    let procedureName: String
    let procedureCode: String
    let statusCode: Int
    let statusLabel: String
    /// CSS modifier of the big status: open, waiting, ready, done, closed.
    let statusTone: String
    let statusHint: String?
    let applicantName: String
    /// nil for a dossier refused at intake: it was never received.
    let receivedAt: String?
    /// "Show this screen at the counter" only while there is a result to come and collect.
    let collectable: Bool
    /// Refused, withdrawn or stopped: dates still to come are not shown as "not yet".
    let closedWithoutResult: Bool
    let appointmentAt: String?
    /// The appointment repeated under the status while the citizen is still waiting for it.
    let appointmentDue: String?
    let resolvedAt: String?
    let returnedAt: String?
    let timeline: [Step]
    let lookupURL: String
    let barcodeImage: String
    let qrImage: String

    init(_ dossier: PublicDossier, request: Request) throws {
        title = "Hồ sơ \(dossier.code)"
        page = PageContext(request)
        code = dossier.code
        procedureName = dossier.procedure.name
        procedureCode = dossier.procedure.code
        statusCode = dossier.status.rawValue
        statusLabel = dossier.status.label
        statusTone = Self.tone(dossier.status)
        statusHint = Self.hint(dossier.status)
        applicantName = dossier.applicantName
        receivedAt = dossier.status == .notAccepted ? nil : VietnameseFormat.dateTime(dossier.receivedAt)
        collectable = [.accepted, .processing, .supplementRequested, .awaitingFees, .resolved].contains(dossier.status)
        closedWithoutResult = [.notAccepted, .withdrawn, .stopped].contains(dossier.status)
        appointmentAt = dossier.appointmentAt.map(VietnameseFormat.dateTime)
        appointmentDue = Self.awaitsAppointment(dossier.status) ? appointmentAt : nil
        resolvedAt = dossier.resolvedAt.map(VietnameseFormat.dateTime)
        returnedAt = dossier.returnedAt.map(VietnameseFormat.dateTime)
        timeline = dossier.timeline.map {
            // A move that keeps the status (forwarding between steps) shows no repeated status badge.
            Step(when: VietnameseFormat.dateTime($0.at), what: $0.actionLabel,
                 status: $0.fromStatus?.code == $0.toStatus.code ? nil : $0.toStatus.label, note: $0.note)
        }
        lookupURL = LookupLink.url(dossier.code, request: request)
        // Wide modules: the page is held up to a counter scanner from a phone screen.
        barcodeImage = Self.dataURI(try Code128.svg(dossier.code, moduleWidth: 3, height: 240))
        qrImage = Self.dataURI(try QRCode(lookupURL).svg(moduleSize: 6))
    }

    /// While the citizen is still waiting for the result, the appointment is repeated under the status (and in the SMS reply).
    static func awaitsAppointment(_ status: DossierStatus) -> Bool {
        [.accepted, .processing, .awaitingFees, .resolved].contains(status)
    }

    /// An <img> source rather than inline markup: the template escapes everything, and no SVG text is trusted raw.
    static func dataURI(_ svg: String) -> String {
        "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
    }

    static func tone(_ status: DossierStatus) -> String {
        switch status {
        case .new, .accepted, .processing: "open"
        case .supplementRequested, .awaitingFees: "waiting"
        case .resolved: "ready"
        case .returned: "done"
        case .notAccepted, .withdrawn, .stopped: "closed"
        }
    }

    /// What the citizen should do now, in one sentence.
    static func hint(_ status: DossierStatus) -> String? {
        switch status {
        case .new: "Hồ sơ đã được gửi, đang chờ Bộ phận một cửa kiểm tra và tiếp nhận."
        case .accepted, .processing: "Hồ sơ đang được cơ quan có thẩm quyền giải quyết. Ông/bà chưa cần làm gì thêm."
        case .supplementRequested: "Cơ quan đề nghị bổ sung hồ sơ: xem nội dung cần bổ sung ở phần Quá trình xử lý bên dưới và mang đến Bộ phận một cửa."
        case .awaitingFees: "Hồ sơ đang chờ ông/bà thực hiện nghĩa vụ tài chính (nộp phí, lệ phí, thuế) theo thông báo của cơ quan."
        case .resolved: "Kết quả đã sẵn sàng. Mời ông/bà mang Giấy tiếp nhận hồ sơ (hoặc mở trang này trên điện thoại) đến Bộ phận một cửa để nhận kết quả."
        case .returned: "Kết quả đã được trả cho người nộp hồ sơ."
        case .notAccepted: "Hồ sơ không được tiếp nhận; lý do ghi ở phần Quá trình xử lý bên dưới."
        case .withdrawn: "Hồ sơ đã được rút theo đề nghị của người nộp."
        case .stopped: "Cơ quan đã dừng xử lý hồ sơ; lý do được thông báo bằng văn bản cho người nộp."
        }
    }
}
