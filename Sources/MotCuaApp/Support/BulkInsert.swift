import SQLKit

/// A row that writes its own binds: multi-row INSERTs without a Fluent model or an array per row.
protocol BulkRow: Sendable {
    static var table: String { get }
    static var columns: [String] { get }
    func writeBinds(_ out: inout BulkBinds)
}

/// Collects the binds of one row, separated by commas.
struct BulkBinds {
    fileprivate var serializer: SQLSerializer
    private var first = true

    fileprivate init(_ serializer: SQLSerializer) { self.serializer = serializer }

    mutating func add(_ value: some Encodable & Sendable) {
        if !first { serializer.write(", ") }
        first = false
        serializer.write(bind: value)
    }

    fileprivate mutating func startRow() { first = true }
}

/// `INSERT INTO table (columns) VALUES (…), (…), …` for a slice of rows; the caller keeps the slice small
/// enough for the bind limits (SQLite 32,766, PostgreSQL 65,535).
struct BulkInsert<Row: BulkRow>: SQLExpression {
    let rows: ArraySlice<Row>

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO \(Row.table) (")
        serializer.write(Row.columns.joined(separator: ", "))
        serializer.write(") VALUES ")
        var binds = BulkBinds(serializer)
        var firstRow = true
        for row in rows {
            binds.serializer.write(firstRow ? "(" : ", (")
            firstRow = false
            binds.startRow()
            row.writeBinds(&binds)
            binds.serializer.write(")")
        }
        serializer = binds.serializer
    }

    /// The largest number of rows per statement that keeps under the bind limits.
    static var rowsPerStatement: Int { min(500, 30_000 / Row.columns.count) }

    static func run(_ rows: [Row], on sql: SQLDatabase) async throws {
        var start = rows.startIndex
        let step = rowsPerStatement
        while start < rows.endIndex {
            let end = min(start + step, rows.endIndex)
            try await sql.execute(sql: BulkInsert(rows: rows[start..<end])) { _ in }
            start = end
        }
    }
}
