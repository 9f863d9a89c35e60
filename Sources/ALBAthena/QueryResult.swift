/// The rows of one query, every value as text (`nil` for SQL NULL), as Athena's `GetQueryResults` returns them.
public struct QueryResult: Sendable, Hashable, Codable {
    /// Column names, in order.
    public var columns: [String]
    /// Data rows (no header row).
    public var rows: [[String?]]

    /// Creates a result.
    public init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// A row with access by column name.
    public struct Row: Sendable {
        let index: [String: Int]
        public let values: [String?]
        /// The row's position (0-based) in its result, for error messages.
        public let number: Int

        /// The value of a column (`nil` for NULL or a missing column).
        public subscript(_ column: String) -> String? {
            guard let i = index[column], i < values.count else { return nil }
            return values[i]
        }
    }

    /// The rows with access by column name.
    public var namedRows: [Row] {
        var index: [String: Int] = [:]
        for (i, c) in columns.enumerated() where index[c] == nil { index[c] = i }
        return rows.enumerated().map { Row(index: index, values: $0.element, number: $0.offset) }
    }
}
