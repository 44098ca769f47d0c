import Foundation

/// Proof of delivery as the order's customer and staff read it: who received it, why an attempt failed, the
/// drivers' photos. Another customer's order is not found, as everywhere.
public struct ProofService: Sendable {
    public typealias Store = DriverStore & OrderStore
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func proof(orderId: String, for user: User) async throws -> ProofOfDelivery {
        try await visibleOrder(orderId, to: user)
        return try await store.proofOfDelivery(orderId: orderId)
    }

    public func photo(id: String, orderId: String, for user: User) async throws -> (photo: DeliveryPhoto, data: Data) {
        try await visibleOrder(orderId, to: user)
        guard let photo = try await store.photo(id: id, orderId: orderId) else { throw LogisticsError.notFound("photo \(id)") }
        return photo
    }

    private func visibleOrder(_ id: String, to user: User) async throws {
        guard let order = try await store.order(id: id), order.isVisible(to: user) else { throw LogisticsError.notFound("order \(id)") }
    }
}
