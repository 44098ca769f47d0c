import Foundation

/// Customers' address books.
public protocol AddressStore: Sendable {
    func insertAddress(_ address: Address) async throws
    func addresses(customerId: String) async throws -> [Address]
    func address(id: String) async throws -> Address?
}
