import Hummingbird
import Logistics

/// The signed-in customer's address book.
struct AddressesController {
    let services: AppServices

    func register(to router: Router<AppRequestContext>) {
        router.get("/api/v1/me/addresses", use: list)
        router.post("/api/v1/me/addresses", use: create)
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
        return try JSONCoding.response(Page(items: try await services.addresses.list(for: user), nextCursor: nil))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireRole([.customer])
        let body = try await JSONCoding.decode(AddressBody.self, from: request, context: context)
        let address = try await services.addresses.add(
            recipient: body.recipient, phone: body.phone, region: body.region, detail: body.detail,
            latitude: body.latitude, longitude: body.longitude, for: user)
        return try JSONCoding.response(address, status: .created)
    }
}
