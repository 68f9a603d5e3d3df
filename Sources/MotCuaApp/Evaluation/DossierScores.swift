import MotCuaCore

/// A resolved dossier's scores under Circular 01/2018 (Art. 13–15, DOMAIN.md §5), from its own row, so that the
/// roll-ups add them up on the day it is resolved and the evaluation reads sums, not timelines. Indicator 1 (time)
/// is the timeliness class the roll-ups already count.
struct DossierScores: Equatable, Sendable {
    /// (3) supplements requested: none 2, once 1, more 0.
    let supplement: Int
    /// (4) visits to the office — intake at the counter, collection at the counter, each supplement: ≤1 → 2, 2 → 1, more 0.
    let visits: Int
    /// (5) not late 2; late with an apology and a new date issued beforehand 1; late without 0.
    let apology: Int
    /// (8) the applicant's rating: satisfied 2, neutral 1, dissatisfied 0; nil when not rated.
    let rating: Int?
}

extension DossierScores {
    init(_ facts: DossierFacts) {
        supplement = Self.fewerIsBetter(facts.supplementRequests, best: 0)
        let visitCount = (facts.channel == DossierChannel.counter.rawValue ? 1 : 0)
            + (facts.delivery == ResultDelivery.counter.rawValue ? 1 : 0) + facts.supplementsReceived
        visits = Self.fewerIsBetter(visitCount, best: 1)
        switch Timeliness(rawValue: facts.timeliness ?? "") {
        case .early, .onTime: apology = 2
        default: apology = facts.rescheduled ? 1 : 0
        }
        switch facts.rating.flatMap(Rating.Level.init(rawValue:)) {
        case .satisfied: rating = 2
        case .neutral: rating = 1
        case .dissatisfied: rating = 0
        case nil: rating = nil
        }
    }

    /// 2 up to `best`, 1 at one more, 0 beyond.
    private static func fewerIsBetter(_ count: Int, best: Int) -> Int {
        count <= best ? 2 : count == best + 1 ? 1 : 0
    }
}
