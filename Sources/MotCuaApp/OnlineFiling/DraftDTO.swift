import Fluent
import Vapor

/// A draft as its owner reads it: what is typed, which components are ticked, the files of each, and what still
/// stops it from being submitted.
struct DraftDTO: Content {
    struct Delivery: Content { var method: String; var address: String? }
    struct FileDTO: Content {
        let id: UUID; let component: String; let filename: String; let contentType: String; let size: Int; let sha256: String; let uploadedAt: Date
        /// "3,1 MB", as the other pages write sizes.
        let sizeText: String

        init(id: UUID, component: String, filename: String, contentType: String, size: Int, sha256: String, uploadedAt: Date) {
            self.id = id; self.component = component; self.filename = filename; self.contentType = contentType; self.size = size
            self.sha256 = sha256; self.uploadedAt = uploadedAt
            sizeText = UploadCheck.megabytes(size)
        }
    }
    struct ComponentDTO: Content { let name: String; let copies: Int; let required: Bool; let ticked: Bool; let files: [FileDTO] }

    let id: UUID
    let procedure: ProcedureRef
    let level: Int
    let applicant: DraftApplicant
    let components: [ComponentDTO]
    let delivery: Delivery
    let createdAt: Date
    let updatedAt: Date
    /// What submission would refuse now, in Vietnamese; empty when the draft can be submitted.
    let missing: [String]

    static func load(_ draft: Draft, procedure: Procedure, on db: Database) async throws -> DraftDTO {
        let files = try await DraftFile.query(on: db).filter(\.$draft.$id == draft.requireID())
            .field(\.$id).field(\.$component).field(\.$filename).field(\.$contentType).field(\.$size).field(\.$sha256).field(\.$uploadedAt)
            .sort(\.$uploadedAt).all()   // never the bytes
        let dtos = try files.map { FileDTO(id: try $0.requireID(), component: $0.component, filename: $0.filename, contentType: $0.contentType,
                                           size: $0.size, sha256: $0.sha256, uploadedAt: $0.uploadedAt) }
        let ticked = Set(draft.components)
        let components = OnlineChecklist.lines(of: procedure).map { line in
            ComponentDTO(name: line.name, copies: line.copies, required: line.required, ticked: ticked.contains(line.name) || dtos.contains { $0.component == line.name },
                         files: dtos.filter { $0.component == line.name })
        }
        return DraftDTO(id: try draft.requireID(), procedure: ProcedureRef(code: procedure.code, name: procedure.name), level: procedure.level,
                        applicant: draft.applicant, components: components,
                        delivery: Delivery(method: draft.deliveryMethod, address: draft.deliveryAddress),
                        createdAt: draft.createdAt, updatedAt: draft.updatedAt,
                        missing: OnlineChecklist.problems(draft: draft, procedure: procedure, files: dtos))
    }
}

/// The rules of an online checklist: which lines a procedure has, which are required, and what a draft lacks.
enum OnlineChecklist {
    struct Line { let name: String; let copies: Int; let required: Bool }

    static func lines(of procedure: Procedure) -> [Line] {
        // The same rule as the counter's checklist: conditional and show-only papers are never required.
        IntakeService.checklist(for: procedure, input: []).map { Line(name: $0.name, copies: $0.copies, required: $0.required) }
    }

    static func problems(draft: Draft, procedure: Procedure, files: [DraftDTO.FileDTO]) -> [String] {
        var problems: [String] = []
        if !ServiceLevel.offersOnlineFiling(procedure.level) {
            problems.append("Thủ tục này (mức độ \(procedure.level)) không nhận hồ sơ trực tuyến; chỉ thủ tục mức độ 3 và 4 được nộp trực tuyến.")
        }
        let applicant = draft.applicant
        if (applicant.fullName ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append("Họ và tên người nộp") }
        if (applicant.idNumber ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append("Số CCCD của người nộp") }
        if (applicant.phone ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append("Số điện thoại của người nộp") }
        for line in lines(of: procedure) where line.required && !files.contains(where: { $0.component == line.name }) {
            problems.append("Tệp của thành phần “\(line.name)”")
        }
        if draft.deliveryMethod == ResultDelivery.post.rawValue, (draft.deliveryAddress ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("Địa chỉ nhận kết quả qua bưu chính")
        }
        return problems
    }
}

extension ServiceLevel {
    static func offersOnlineFiling(_ level: Int) -> Bool { level >= 3 }
}
