import Vapor
import MotCuaCore

/// The catalogue's public JSON shape (a contract: integrations read it).
struct ProcedureDTO: Content {
    let code: String
    let name: String
    let field: String
    let tier: String
    let level: Int
    let levelLabel: String
    let agency: AgencySummary
    let legalDays: Int
    let timeUnit: String
    let fees: [ProcedureFee]
    let components: [ProcedureComponent]
    let steps: [ProcedureStep]
    let result: String
    let legalBasis: [String]

    init(_ procedure: Procedure) {
        code = procedure.code
        name = procedure.name
        field = procedure.field
        tier = procedure.tier
        level = procedure.level
        levelLabel = ServiceLevel.label(procedure.level)
        agency = procedure.agency.summary
        legalDays = procedure.legalDays
        timeUnit = procedure.timeUnit
        fees = procedure.fees
        components = procedure.components
        steps = procedure.steps
        result = procedure.result
        legalBasis = procedure.legalBasis
    }
}

/// One line of a catalogue list: what a person needs to pick the right procedure.
struct ProcedureListItem: Content {
    let code: String
    let name: String
    let field: String
    let tier: String
    let tierLabel: String
    let level: Int
    let levelLabel: String
    let agency: AgencySummary
    let legalDays: Int
    let timeUnit: String
    let legalTimeText: String

    init(_ procedure: Procedure) {
        code = procedure.code
        name = procedure.name
        field = procedure.field
        tier = procedure.tier
        tierLabel = AgencyTier(rawValue: procedure.tier)?.label ?? procedure.tier
        level = procedure.level
        levelLabel = ServiceLevel.shortLabel(procedure.level)
        agency = procedure.agency.summary
        legalDays = procedure.legalDays
        timeUnit = procedure.timeUnit
        legalTimeText = LegalTimeText.describe(days: procedure.legalDays, unit: procedure.unit)
    }
}

enum LegalTimeText {
    static func describe(days: Int, unit: ProcessingTimeUnit) -> String {
        if days == 0 { return "Trong ngày" }
        return unit == .workingDays ? "\(days) ngày làm việc" : "\(days) ngày"
    }
}
