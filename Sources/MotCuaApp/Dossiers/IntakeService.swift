import Fluent
import Vapor
import MotCuaCore

/// Receives a dossier at the counter or through the API: validates everything and decides the outcome first,
/// then the intake writer draws the code and writes the dossier with both of its events in one transaction.
enum IntakeService {
    struct Result: Sendable {
        let dossier: Dossier
        let created: Bool   // false when an Idempotency-Key replay returned the earlier dossier
    }

    static func receive(_ input: IntakeRequest, idempotencyKey: String?, request req: Request) async throws -> Result {
        let officer = try req.requireUser()
        guard officer.has(.receptionist) else {
            throw AppError(.forbidden, "action_not_permitted", "Chỉ cán bộ tiếp nhận (Bộ phận một cửa) mới được tiếp nhận hồ sơ.")
        }
        let scope = try await DossierScope.of(req)
        let input = try input.checked()
        let fingerprint = input.fingerprint
        let storedKey = try idempotencyKey.map { key -> String in
            let trimmed = key.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.utf8.count <= IntakeRequest.maxIdempotencyKeyBytes,
                  !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw AppError.badRequest("invalid_idempotency_key", "Idempotency-Key phải có từ 1 đến 255 byte và không chứa ký tự điều khiển.")
            }
            return "\(try officer.requireID().uuidString)|\(trimmed)"
        }
        if let storedKey, let existing = try await Dossier.query(on: req.db).filter(\.$idempotencyKey == storedKey).first() {
            return try Self.replay(existing, fingerprint: fingerprint)
        }

        let now = req.now
        guard let procedure = try await CatalogQuery.find(code: input.procedureCode.trimmingCharacters(in: .whitespaces), on: req.db),
              procedure.isActive else {
            throw AppError(.unprocessableEntity, "unknown_procedure",
                           "Không tìm thấy thủ tục có mã “\(input.procedureCode)” đang áp dụng. Chọn thủ tục từ danh mục.")
        }
        let applicant = try ValidatedApplicant(input.applicant, currentYear: LocalDate(now).year)
        guard let channel = DossierChannel(rawValue: input.channel ?? DossierChannel.counter.rawValue) else {
            throw AppError.badRequest("invalid_channel", "Kênh nộp “\(input.channel ?? "")” không hợp lệ: dùng counter, online hoặc post.")
        }
        guard let outcome = IntakeOutcome(rawValue: input.outcome ?? IntakeOutcome.accept.rawValue) else {
            throw AppError.badRequest("invalid_outcome", "Kết quả tiếp nhận phải là accept, incomplete hoặc refuse.")
        }
        let checklist = Self.checklist(for: procedure, input: input.components)
        let requiredMissing = checklist.filter { $0.required && !$0.provided }.map(\.name)

        var move: TransitionInput? = nil
        switch outcome {
        case .accept:
            guard requiredMissing.isEmpty else {
                throw AppError(.unprocessableEntity, "dossier_incomplete",
                               "Hồ sơ còn thiếu: \(requiredMissing.joined(separator: "; ")). Hãy chọn “Yêu cầu bổ sung” để in Phiếu yêu cầu bổ sung (mẫu 02).")
            }
            move = TransitionInput(action: DossierAction.accept.rawValue, note: input.note)
        case .incomplete:
            let missing = (input.missing ?? []).isEmpty ? requiredMissing : (input.missing ?? [])
            move = TransitionInput(action: DossierAction.requestSupplement.rawValue, note: input.note, missing: missing)
        case .refuse:
            move = TransitionInput(action: DossierAction.refuse.rawValue, note: input.note, reason: input.reason)
        }
        // Online submissions wait in status 1 for the counter to check them.
        let outcomeMove = channel == .online ? nil : move

        let calendar = try await req.workingCalendar()
        // The code is drawn by the intake writer when the batch commits; the events need the id before that.
        let dossier = try Dossier.filed(code: "", procedure: procedure, receiving: scope.agency, handling: procedure.agency, channel: channel,
                                        applicant: applicant, components: checklist, at: now, by: officer)
        dossier.idempotencyKey = storedKey
        dossier.requestFingerprint = fingerprint
        var events = [DossierEvent(dossierID: try dossier.requireID(), at: now, actor: officer, action: DossierEvent.intakeAction, from: nil, to: .new,
                                   note: channel.label)]
        // The outcome's move is decided in memory by the one rule path (intake moves read nothing), so the
        // dossier is written already in its outcome state, with both events, by the intake writer's next batch.
        if let move = outcomeMove {
            events.append(try await TransitionService(now: now, calendar: calendar)
                .prepare(move, to: dossier, procedure: procedure, by: officer, on: req.db))
        }
        do {
            try await req.application.intakeWriter.write(
                IntakeWriter.Entry(dossier: dossier, events: events, receivingAgencyCode: scope.agency.code,
                                   notice: DossierNotifier.IntakeNotice(request: req)), on: req.application)
            return Result(dossier: dossier, created: true)
        } catch {
            // Two retries with one key raced: the loser returns the winner's dossier.
            if let storedKey, let existing = try? await Dossier.query(on: req.db).filter(\.$idempotencyKey == storedKey).first() {
                return try Self.replay(existing, fingerprint: fingerprint)
            }
            throw error
        }
    }

    /// A retry with the key of an earlier intake gets that dossier back, if it carries the same request; another
    /// request under a used key is an error of the client (IETF draft "The Idempotency-Key HTTP Header Field", 422).
    static func replay(_ existing: Dossier, fingerprint: String) throws -> Result {
        if let stored = existing.requestFingerprint, stored != fingerprint {
            throw AppError(.unprocessableEntity, "idempotency_key_reused",
                           "Idempotency-Key này đã được dùng cho một yêu cầu tiếp nhận khác (hồ sơ \(existing.code)). Mỗi hồ sơ mới cần một khóa mới.")
        }
        return Result(dossier: existing, created: false)
    }

    /// The procedure's components with what the applicant brought. Without a checklist every required
    /// component counts as provided; components needed only in some cases, or only shown, are never missing.
    static func checklist(for procedure: Procedure, input: [IntakeRequest.ComponentInput]?) -> [IntakeComponent] {
        let provided = input.map { Dictionary($0.map { (TextSearch.fold($0.name), $0.provided) }, uniquingKeysWith: { $0 || $1 }) }
        return procedure.components.map { component in
            let required = component.conditional == nil && component.presentOnly != true
            let given = provided.map { $0[TextSearch.fold(component.name)] ?? false } ?? required
            return IntakeComponent(name: component.name, copies: component.copies, required: required, provided: given)
        }
    }
}
