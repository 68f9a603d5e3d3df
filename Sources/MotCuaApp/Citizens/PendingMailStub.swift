// TEMPORARY until the notifications branch lands (deleted at merge).
import Fluent
import Vapor
struct OutgoingMail: Sendable { var to: String; var toName: String?; var subject: String; var text: String; var html: String; var kind: String; var dossierID: UUID? }
enum Outbox { static func enqueue(_ mail: OutgoingMail, on db: Database, now: Date) async throws {} }
enum AccountMail {
    static func verification(to: String, name: String, link: String) -> OutgoingMail { OutgoingMail(to: to, subject: link, text: link, html: link, kind: "verify") }
    static func passwordReset(to: String, name: String, link: String) -> OutgoingMail { OutgoingMail(to: to, subject: link, text: link, html: link, kind: "reset") }
}
enum DossierNotifier {
    static func receivedOnline(_ dossier: Dossier, procedureName: String, request: Request, on db: Database) async throws {}
}
extension Request { func publicURL(_ path: String) -> String { "http://127.0.0.1:8080" + path } }
