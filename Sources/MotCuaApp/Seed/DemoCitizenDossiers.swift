import Fluent
import Vapor
import MotCuaCore

/// The demo citizen's own dossiers, one per stage a person meets: filed and waiting for the counter, asked for a
/// supplement, being processed, and returned electronically with its result to download and rate.
enum DemoCitizenDossiers {
    static let procedureCode = "2.000635.000.00.00.H36"

    static func seed(on db: Database, now: Date, calendar: WorkingCalendar) async throws {
        guard let citizen = try await User.query(on: db).filter(\.$username == DemoSeed.citizenUsername).first(),
              let receptionist = try await User.query(on: db).filter(\.$username == "tiepnhan").first(),
              let leader = try await User.query(on: db).filter(\.$username == "lanhdao").first(),
              let procedure = try await CatalogQuery.find(code: procedureCode, on: db) else { return }
        let handling = try await procedure.$agency.get(on: db)
        let receiving = try await OnlineSubmission.receivingAgency(for: handling, on: db)
        let stages: [(days: Int, steps: [DossierAction])] = [
            (0, []),
            (2, [.requestSupplement]),
            (3, [.accept, .start]),
            (9, [.accept, .start, .resolve, .return]),
        ]
        try await db.transaction { db in
            for stage in stages {
                let filedAt = now.addingTimeInterval(-Double(stage.days) * 86_400 - 3 * 3600)
                guard let code = try await DossierCodeIssuer.next(count: 1, agencyCode: receiving.code, receivedAt: filedAt, on: db).first else { continue }
                let applicant = try ValidatedApplicant(
                    IntakeRequest.Applicant(fullName: citizen.fullName, idNumber: citizen.idNumber, phone: citizen.phone, email: citizen.email,
                                            address: "15 Phan Đình Phùng, Phường 1, Đà Lạt"), currentYear: LocalDate(now).year)
                let dossier = try Dossier.filed(code: code, procedure: procedure, receiving: receiving, handling: handling, channel: .online,
                                                applicant: applicant, components: IntakeService.checklist(for: procedure, input: nil),
                                                at: filedAt, by: citizen, owner: citizen, requestedDelivery: .online)
                try await dossier.create(on: db)
                let dossierID = try dossier.requireID()
                try await DossierEvent(dossierID: dossierID, at: filedAt, actor: citizen, action: DossierEvent.intakeAction, from: nil, to: .new,
                                       note: DossierChannel.online.label).create(on: db)
                try await attach(name: "to-khai.pdf", text: "To khai yeu cau cap ban sao trich luc - \(code)", kind: .component, to: dossierID, by: citizen, at: filedAt, on: db)
                var at = filedAt
                for action in stage.steps {
                    at = at.addingTimeInterval(2 * 3600)
                    let actor = [.resolve, .start].contains(action) ? leader : receptionist
                    let input: TransitionInput
                    switch action {
                    case .requestSupplement: input = TransitionInput(action: action.rawValue, missing: ["Bản chụp Căn cước công dân của người yêu cầu"])
                    case .return: input = TransitionInput(action: action.rawValue, delivery: ResultDelivery.online.rawValue)
                    default: input = TransitionInput(action: action.rawValue)
                    }
                    if action == .resolve {
                        try await attach(name: "ban-sao-trich-luc.pdf", text: "Ban sao trich luc ho tich - \(code) - MotCua demo", kind: .result, to: dossierID, by: leader, at: at, on: db)
                    }
                    try await TransitionService(now: at, calendar: calendar).apply(input, to: dossier, procedure: procedure, by: actor, on: db)
                }
            }
        }
    }

    private static func attach(name: String, text: String, kind: AttachmentStore.Kind, to dossierID: UUID, by user: User, at: Date, on db: Database) async throws {
        let data = MinimalPDF.document(text: text)
        let attachment = DossierAttachment()
        attachment.$dossier.id = dossierID
        attachment.kind = kind.rawValue
        attachment.filename = name
        attachment.contentType = UploadKind.pdf.contentType
        attachment.size = data.count
        attachment.sha256 = SHA256.hash(data: data).hexString
        attachment.data = data
        attachment.uploadedAt = at
        attachment.$uploadedBy.id = user.id
        try await attachment.create(on: db)
    }
}

/// A one-page PDF with a line of ASCII text and a correct cross-reference table: what demo documents need.
enum MinimalPDF {
    static func document(text: String) -> Data {
        let safe = String(text.unicodeScalars.filter { $0.isASCII && $0 != "(" && $0 != ")" && $0 != "\\" }.map(Character.init))
        let stream = "BT /F1 14 Tf 72 760 Td (\(safe)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var body = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(body.utf8.count)
            body += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = body.utf8.count
        body += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { body += String(format: "%010d 00000 n \n", offset) }
        body += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(body.utf8)
    }
}
