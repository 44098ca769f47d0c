/// The audit log: append-only, read by admins newest first.
public protocol AuditStore: Sendable {
    func recordAudit(_ entry: AuditEntry) async throws
    /// Newest first by id; `actorId` filters by who, `pathContains` by resource (an order's id, a van's id),
    /// `beforeId` pages.
    func auditEntries(actorId: String?, pathContains: String?, beforeId: String?, limit: Int) async throws -> [AuditEntry]
}
