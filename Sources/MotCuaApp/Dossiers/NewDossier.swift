import Foundation
import MotCuaCore

extension Dossier {
    /// A dossier as filed, in status 1, with every field set (Fluent traps on reading a field never set): the counter's
    /// intake, online submission and the demo's citizen dossiers all start here.
    static func filed(code: String, procedure: Procedure, receiving: Agency, handling: Agency, channel: DossierChannel,
                      applicant: ValidatedApplicant, components: [IntakeComponent], at: Date, by filer: User?,
                      owner: User? = nil, requestedDelivery: ResultDelivery? = nil, deliveryAddress: String? = nil) throws -> Dossier {
        let dossier = Dossier()
        dossier.id = UUID()
        dossier.code = code
        dossier.$procedure.id = try procedure.requireID()
        dossier.$receivingAgency.id = try receiving.requireID()
        dossier.receivingAgencyPath = receiving.path
        dossier.$handlingAgency.id = try handling.requireID()
        dossier.handlingAgencyPath = handling.path
        dossier.status = .new
        dossier.channel = channel.rawValue
        dossier.applicantName = applicant.fullName
        dossier.applicantSearch = TextSearch.fold(applicant.fullName)
        dossier.applicantIDNumber = applicant.idNumber
        dossier.applicantPhone = applicant.phone
        dossier.applicantEmail = applicant.email
        dossier.applicantAddress = applicant.address
        dossier.components = components
        dossier.receivedAt = at
        dossier.appointmentAt = nil
        dossier.originalAppointmentAt = nil
        dossier.resolvedAt = nil
        dossier.returnedAt = nil
        dossier.wasAccepted = false
        dossier.rescheduled = false
        dossier.stepIndex = 0
        dossier.currentUnit = nil
        dossier.timelinessCode = nil
        dossier.delivery = nil
        dossier.postalTracking = nil
        dossier.idempotencyKey = nil
        dossier.$createdBy.id = filer?.id
        dossier.updatedAt = at
        dossier.statusAt = at
        dossier.$owner.id = owner?.id
        dossier.requestedDelivery = requestedDelivery?.rawValue
        dossier.deliveryAddress = requestedDelivery == .post ? deliveryAddress : nil
        return dossier
    }
}
