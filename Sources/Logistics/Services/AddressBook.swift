import Foundation

/// A customer's saved addresses.
public struct AddressBook: Sendable {
    let store: any AddressStore
    /// A customer with more addresses than this is more likely a script than a person.
    public var maxAddresses = 50

    public init(store: any AddressStore) { self.store = store }

    public func add(recipient: String, phone: String, region: String, detail: String, latitude: Double, longitude: Double, for customer: User) async throws -> Address {
        let address = Address(id: Identifier.make("adr"), customerId: customer.id, recipient: recipient, phone: phone, region: region, detail: detail, latitude: latitude, longitude: longitude)
        try address.validate()
        guard try await store.addresses(customerId: customer.id).count < maxAddresses else {
            throw LogisticsError.conflict(.tooManyAddresses, message: "at most \(maxAddresses) addresses")
        }
        try await store.insertAddress(address)
        return address
    }

    public func list(for customer: User) async throws -> [Address] {
        try await store.addresses(customerId: customer.id)
    }
}
