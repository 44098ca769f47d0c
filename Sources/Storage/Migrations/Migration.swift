/// One forward-only schema step. Statements are written per dialect where SQLite and PostgreSQL differ.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: @Sendable (DatabaseKind) -> [String]
}
