import Fluent
import Foundation
import Testing
@testable import MotCuaApp

/// The hot models list their properties by hand so that Fluent skips reflection; a field added to a model but
/// not to its list would silently never be read or written. Each list must equal what reflection finds, in order.
@Suite("Model property lists")
struct ModelPropertyListTests {
    // Types, not instances: Swift Testing encodes Codable arguments, and a fresh model traps when encoded.
    @Test(arguments: [
        Dossier.self, DossierEvent.self, User.self, ApiToken.self, Procedure.self, Agency.self, CalendarOverrideRecord.self, OutboxMessage.self,
        OfficialDocument.self, DocumentEvent.self, DocumentFile.self, DocumentRecipient.self,
    ] as [any Fields.Type])
    func explicitListEqualsReflectedProperties(_ modelType: any Fields.Type) {
        let model = modelType.init()
        let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }

        let used = Self.properties(of: model)

        #expect(!reflected.isEmpty)
        #expect(used.map(Self.signature) == reflected.map(Self.signature), "\(type(of: model))")
    }

    /// Intake and the data generator write dossiers and events as rows, not through the models: a column added
    /// to a model must be added to its row too, or those writes would leave it NULL.
    @Test func bulkRowsWriteEveryColumnOfTheirModel() {
        func columns(_ model: some Fields) -> [String] {
            Self.properties(of: model).flatMap { ($0 as? any AnyDatabaseProperty)?.keys.map(\.description) ?? [] }
        }
        #expect(DossierRow.columns == columns(Dossier()))
        #expect(DossierEventRow.columns == columns(DossierEvent()))
    }

    /// Called the way FluentKit calls it: through the `Fields` requirement.
    private static func properties<M: Fields>(of model: M) -> [any AnyProperty] { model.properties }

    private static func signature(_ property: any AnyProperty) -> String {
        let keys = (property as? any AnyDatabaseProperty)?.keys.map(\.description) ?? []
        return "\(type(of: property))(\(keys.joined(separator: ",")))"
    }
}
