import Fluent
import Vapor
import MotCuaCore

struct StatusDTO: Content { let code: Int; let label: String }
struct TimelinessDTO: Content { let code: String; let label: String }
struct ProcedureRef: Content { let code: String; let name: String }

struct TimelineEntryDTO: Content {
    let at: Date
    let action: String
    let actionLabel: String
    let fromStatus: StatusDTO?
    let toStatus: StatusDTO
    let actor: String?
    let note: String?
    let fromUnit: String?
    let toUnit: String?

    /// `forPublic`: the citizen sees what happened and when, not who or the internal notes.
    init(_ event: DossierEvent, forPublic: Bool) {
        at = event.at
        action = event.action
        actionLabel = event.actionLabel
        fromStatus = event.fromStatus.flatMap(DossierStatus.init(rawValue:)).map { StatusDTO(code: $0.rawValue, label: $0.label) }
        let to = DossierStatus(rawValue: event.toStatus) ?? .new
        toStatus = StatusDTO(code: to.rawValue, label: to.label)
        actor = forPublic ? nil : event.actorName
        let publicNote = [DossierAction.requestSupplement.rawValue, DossierAction.refuse.rawValue, DossierAction.reschedule.rawValue,
                          DossierAction.return.rawValue].contains(event.action)
        note = forPublic && !publicNote ? nil : event.note
        fromUnit = forPublic ? nil : event.fromUnit
        toUnit = forPublic ? nil : event.toUnit
    }
}

/// The officer's view of a dossier (API and pages).
struct DossierDTO: Content {
    struct Applicant: Content { let fullName: String; let idNumber: String?; let phone: String?; let email: String?; let address: String? }
    struct AttachmentDTO: Content { let id: UUID; let kind: String; let filename: String; let contentType: String; let size: Int; let uploadedAt: Date }

    let code: String
    let status: StatusDTO
    let procedure: ProcedureRef
    let channel: String
    let applicant: Applicant
    let receivingAgency: AgencySummary
    let handlingAgency: AgencySummary
    let currentUnit: String?
    let receivedAt: Date
    let appointmentAt: Date?
    let originalAppointmentAt: Date?
    let resolvedAt: Date?
    let returnedAt: Date?
    let rescheduled: Bool
    let timeliness: TimelinessDTO?
    let delivery: String?
    let postalTracking: String?
    let components: [IntakeComponent]
    let allowedActions: [String]
    let timeline: [TimelineEntryDTO]
    let attachments: [AttachmentDTO]

    /// `forOwner`: the citizen who filed it reads their own data in full, but no officer's name, internal note or
    /// assignment; the results are theirs to download only once returned electronically.
    static func load(_ dossier: Dossier, for user: User?, now: Date, calendar: WorkingCalendar, forOwner: Bool = false, on db: Database) async throws -> DossierDTO {
        let procedure = try await dossier.$procedure.get(on: db)
        let receiving = try await dossier.$receivingAgency.get(on: db)
        let handling = try await dossier.$handlingAgency.get(on: db)
        let events = try await DossierEvent.query(on: db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$at).all()
        let attachments = try await DossierAttachment.query(on: db).filter(\.$dossier.$id == dossier.requireID())
            .field(\.$id).field(\.$kind).field(\.$filename).field(\.$contentType).field(\.$size).field(\.$uploadedAt)
            .sort(\.$uploadedAt).all()   // never the bytes
        let allowed = DossierStateMachine.allowedActions(from: dossier.status, wasAccepted: dossier.wasAccepted, alreadyRescheduled: dossier.rescheduled)
            .filter { action in user.map { DossierPermissions.allows($0, action) } ?? false }
        let timeliness = dossier.currentTimeliness(now: now, calendar: calendar)
        return DossierDTO(
            code: dossier.code,
            status: StatusDTO(code: dossier.status.rawValue, label: dossier.status.label),
            procedure: ProcedureRef(code: procedure.code, name: procedure.name),
            channel: dossier.channel,
            applicant: Applicant(fullName: dossier.applicantName, idNumber: dossier.applicantIDNumber, phone: dossier.applicantPhone,
                                 email: dossier.applicantEmail, address: dossier.applicantAddress),
            receivingAgency: receiving.summary, handlingAgency: handling.summary, currentUnit: dossier.currentUnit,
            receivedAt: dossier.receivedAt, appointmentAt: dossier.appointmentAt, originalAppointmentAt: dossier.originalAppointmentAt,
            resolvedAt: dossier.resolvedAt, returnedAt: dossier.returnedAt, rescheduled: dossier.rescheduled,
            timeliness: timeliness.map { TimelinessDTO(code: $0.rawValue, label: $0.label) },
            delivery: dossier.delivery, postalTracking: dossier.postalTracking,
            components: dossier.components,
            allowedActions: allowed.map(\.rawValue),
            timeline: events.filter { !forOwner || $0.action != DossierEvent.assignAction }.map { TimelineEntryDTO($0, forPublic: forOwner) },
            attachments: attachments.filter { !forOwner || $0.kind != AttachmentStore.Kind.result.rawValue || OwnerDossiers.resultIsReleased(dossier) }.map { AttachmentDTO(id: $0.id!, kind: $0.kind, filename: $0.filename, contentType: $0.contentType, size: $0.size, uploadedAt: $0.uploadedAt) })
    }
}

/// One line of a dossier list (inbox, API list).
struct DossierListItem: Content {
    let code: String
    let status: StatusDTO
    let procedure: ProcedureRef
    let applicantName: String
    let receivedAt: Date
    let appointmentAt: Date?
    let resolvedAt: Date?
    let timeliness: TimelinessDTO?
    let currentUnit: String?

    init(_ dossier: Dossier, now: Date, calendar: WorkingCalendar) {
        code = dossier.code
        status = StatusDTO(code: dossier.status.rawValue, label: dossier.status.label)
        procedure = ProcedureRef(code: dossier.procedure.code, name: dossier.procedure.name)
        applicantName = dossier.applicantName
        receivedAt = dossier.receivedAt
        appointmentAt = dossier.appointmentAt
        resolvedAt = dossier.resolvedAt
        timeliness = dossier.currentTimeliness(now: now, calendar: calendar).map { TimelinessDTO(code: $0.rawValue, label: $0.label) }
        currentUnit = dossier.currentUnit
    }
}
