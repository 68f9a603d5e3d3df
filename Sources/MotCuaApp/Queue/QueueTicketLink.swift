import Fluent
import Vapor

/// "Tiếp nhận hồ sơ" from the counter console: the dossier received for a called ticket and the ticket remember each
/// other (the ticket row holds the dossier's id; the dossier page looks the ticket up by it).
enum QueueTicketLink {
    /// Links once: a ticket already linked to a dossier keeps it (Back and a second intake do not move it), and a
    /// ticket of another agency's centre is left alone.
    static func link(_ ticketID: UUID, to dossier: Dossier, request req: Request) async throws {
        let dossierID = try dossier.requireID()
        let agencies = [dossier.$receivingAgency.id, dossier.$handlingAgency.id]
        try await req.writeTransaction { db in
            try await QueueTicket.query(on: db).filter(\.$id == ticketID).filter(\.$dossierID == nil)
                .filter(\.$agency.$id ~~ agencies).set(\.$dossierID, to: dossierID).update()
        }
    }

    /// The ticket a dossier was received for, if any.
    static func ticket(of dossierID: UUID, on db: Database) async throws -> QueueTicket? {
        try await QueueTicket.query(on: db).filter(\.$dossierID == dossierID).first()
    }
}
