import Fluent
import Vapor
import MotCuaCore

/// Records a rating: only for a dossier whose result was returned, once per dossier (the unique index settles a
/// race), attributed to the officer who served the applicant and to the agency that received the dossier.
enum RatingService {
    struct Input: Content {
        var overall: String?
        var attitude: String?
        var comment: String?
    }

    static let maxComment = 1_000

    static func rate(_ dossier: Dossier, input: Input, officerID: UUID?, channel: String, request req: Request) async throws -> Rating {
        guard dossier.status == .returned else {
            throw AppError(.conflict, "not_returned", "Hồ sơ \(dossier.code) chưa được trả kết quả; chỉ đánh giá sau khi nhận kết quả.")
        }
        let levels = Rating.Level.allCases.map(\.rawValue).joined(separator: ", ")
        guard let overall = Rating.Level(rawValue: input.overall ?? "") else {
            throw AppError(.unprocessableEntity, "invalid_rating", "Vui lòng chọn mức đánh giá chung (\(levels)).")
        }
        guard let attitude = Rating.Level(rawValue: input.attitude ?? "") else {
            throw AppError(.unprocessableEntity, "invalid_rating", "Vui lòng chọn mức đánh giá thái độ của cán bộ (\(levels)).")
        }
        let comment = input.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let comment, comment.count > maxComment {
            throw AppError(.unprocessableEntity, "comment_too_long", "Ý kiến góp ý tối đa \(maxComment) ký tự.")
        }
        let dossierID = try dossier.requireID()
        let now = req.now
        let servedBy: UUID?
        if let officerID { servedBy = officerID } else { servedBy = try await servingOfficer(of: dossierID, on: req.db) }
        do {
            return try await req.writeTransaction { db in
                guard try await Rating.query(on: db).filter(\.$dossier.$id == dossierID).count() == 0 else { throw alreadyRated(dossier.code) }
                let rating = Rating()
                rating.$dossier.id = dossierID
                rating.overall = overall.rawValue
                rating.attitude = attitude.rawValue
                rating.comment = (comment?.isEmpty ?? true) ? nil : comment
                rating.$officer.id = servedBy
                rating.$agency.id = dossier.$receivingAgency.id
                rating.channel = channel
                rating.createdAt = now
                try await rating.create(on: db)
                try await recordOnDossier(dossierID, overall: overall, on: db)
                return rating
            }
        } catch let error as DatabaseError where error.isConstraintFailure {
            throw alreadyRated(dossier.code)
        }
    }

    /// The evaluation's roll-ups count the rating on the dossier's row (indicator 8), in the rating's transaction.
    private static func recordOnDossier(_ dossierID: UUID, overall: Rating.Level, on db: Database) async throws {
        guard let dossier = try await Dossier.find(dossierID, on: db) else { return }
        let before = DossierFacts(dossier)
        dossier.ratingOverall = overall.rawValue
        try await dossier.save(on: db)
        try await DossierRollups.record(before: before, after: DossierFacts(dossier), on: db)
    }

    static func alreadyRated(_ code: String) -> AppError {
        AppError(.conflict, "already_rated", "Hồ sơ \(code) đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần. Cảm ơn ông/bà.")
    }

    /// Whoever handed the result over, else whoever received the dossier: the officer the applicant dealt with.
    static func servingOfficer(of dossierID: UUID, on db: Database) async throws -> UUID? {
        let events = try await DossierEvent.query(on: db).filter(\.$dossier.$id == dossierID)
            .filter(\.$action ~~ [DossierAction.return.rawValue, DossierAction.accept.rawValue]).sort(\.$at, .descending).all()
        return events.first(where: { $0.action == DossierAction.return.rawValue })?.$actor.id ?? events.first?.$actor.id
    }
}

/// What the citizen's dossier page shows about rating: the form, or the rating given.
struct RatingPanel: Encodable {
    struct Option: Encodable { let value: String; let label: String }
    let canRate: Bool
    let given: String?
    let options: [Option]

    static func load(for dossier: Dossier, viewer: User, on db: Database) async throws -> RatingPanel? {
        guard dossier.status == .returned else { return nil }
        let existing = try await Rating.query(on: db).filter(\.$dossier.$id == dossier.requireID()).first()
        let given = existing.map { rating in
            "Đánh giá chung: \(Rating.Level(rawValue: rating.overall)?.label ?? rating.overall); thái độ cán bộ: \(Rating.Level(rawValue: rating.attitude)?.label ?? rating.attitude)."
        }
        return RatingPanel(canRate: existing == nil, given: given, options: Rating.Level.allCases.map { Option(value: $0.rawValue, label: $0.label) })
    }
}
