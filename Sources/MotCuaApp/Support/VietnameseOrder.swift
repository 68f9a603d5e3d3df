import Fluent
import SQLKit

/// Ordering on a `VietnameseCollation` key column: byte order on every database. PostgreSQL clusters created with a
/// language collation would otherwise compare the ASCII key by their own rules ("!" ignored), hence `COLLATE "C"`.
enum VietnameseOrder {
    static func column(_ name: String, on db: Database) -> SQLExpression {
        db.isPostgres ? SQLQueryString("\(ident: name) COLLATE \"C\"") : SQLColumn(name)
    }
}
