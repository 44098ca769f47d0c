import Hummingbird
import Logistics

/// The signed-in customer's address book.
struct AddressesController {
    let addresses: AddressBook

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("me/addresses", use: list)
        api.post("me/addresses", use: create)
    }

    struct AddressBody: Decodable {
        var recipient: String
        var phone: String
        var region: String
        var detail: String
        var latitude: Double
        var longitude: Double
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONCoding.response(Page(items: try await addresses.list(for: user), nextCursor: nil))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireRole([.customer])
        let body = try await JSONCoding.decode(AddressBody.self, from: request, context: context)
        let address = try await addresses.add(
            recipient: body.recipient, phone: body.phone, region: body.region, detail: body.detail,
            latitude: body.latitude, longitude: body.longitude, for: user)
        return try JSONCoding.response(address, status: .created)
    }
}
