import Foundation
import Hummingbird
import Logistics

/// Staff work: the order board, status steps, catalogue and stock.
struct AdminController {
    let orders: OrdersController
    let orderService: OrderService
    let tracking: TrackingService
    let catalog: CatalogService
    let stock: StockService
    let presenter: OrderPresenter

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("admin/orders", use: board)
        api.post("admin/orders/{id}/transitions", use: transition)
        api.post("admin/orders/{id}/waybill", use: assignWaybill)
        api.post("admin/products", use: saveProduct)
        api.get("admin/warehouses", use: warehouses)
        api.get("admin/stock", use: stockLevels)
        api.post("admin/stock/receipts", use: receive)
        api.post("admin/stock/adjustments", use: adjust)
        api.get("admin/stock/movements", use: movements)
        api.get("admin/stock/ledger-check", use: ledgerCheck)
    }

    @Sendable func board(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        return try await orders.page(for: user, request: request)
    }

    struct TransitionBody: Decodable {
        var to: String
        var note: String?
    }

    @Sendable func transition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        let body = try await JSONCoding.decode(TransitionBody.self, from: request, context: context)
        guard let target = OrderStatus(rawValue: body.to) else {
            throw LogisticsError.validation(field: "to", message: "one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try JSONCoding.response(try await presenter.view(try await orderService.transition(id: id, to: target, by: user, note: body.note), for: request))
    }

    struct WaybillBody: Decodable {
        var shipmentId: String?
        var carrierCode: String
        var waybillNumber: String
    }

    /// Hands a shipment to a third-party carrier; its callbacks then find the order by this waybill.
    @Sendable func assignWaybill(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        let body = try await JSONCoding.decode(WaybillBody.self, from: request, context: context)
        let order = try await tracking.assignWaybill(orderId: id, shipmentId: body.shipmentId, carrierCode: body.carrierCode.lowercased(),
                                                               waybillNumber: body.waybillNumber, by: user)
        return try JSONCoding.response(try await presenter.view(order, for: request))
    }

    struct ProductBody: Decodable {
        var sku: String
        var name: String
        var category: String
        var weightGrams: Int
        var volumeMillilitres: Int
        var needsInstallation: Bool
        var serialTracked: Bool?
        var priceCents: Int
        var active: Bool?
    }

    @Sendable func saveProduct(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.role == .admin else { throw LogisticsError.forbidden("only an admin may change the catalogue") }
        let body = try await JSONCoding.decode(ProductBody.self, from: request, context: context)
        guard let category = ProductCategory(rawValue: body.category) else {
            throw LogisticsError.validation(field: "category", message: "one of \(ProductCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let product = Product(
            sku: body.sku, name: body.name, category: category, weightGrams: body.weightGrams, volumeMillilitres: body.volumeMillilitres,
            needsInstallation: body.needsInstallation, serialTracked: body.serialTracked ?? false, priceCents: body.priceCents, active: body.active ?? true)
        return try JSONCoding.response(try await catalog.save(product, by: user), status: .created)
    }

    @Sendable func warehouses(_ request: Request, context: AppRequestContext) async throws -> Response {
        return try JSONCoding.response(Page(items: try await catalog.warehouses(by: try context.requireUser()), nextCursor: nil))
    }

    struct StockLevelView: Encodable {
        var warehouseId: String
        var sku: String
        var onHand: Int
        var reserved: Int
        var available: Int
        var reorderPoint: Int

        init(_ level: StockLevel) {
            warehouseId = level.warehouseId
            sku = level.sku
            onHand = level.onHand
            reserved = level.reserved
            available = level.available
            reorderPoint = level.reorderPoint
        }
    }

    @Sendable func stockLevels(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let levels = try await stock.levels(
            sku: request.uri.queryParameters["sku"].map(String.init), warehouseId: request.uri.queryParameters["warehouseId"].map(String.init), by: user)
        return try JSONCoding.response(Page(items: levels.map(StockLevelView.init), nextCursor: nil))
    }

    struct MovementBody: Decodable {
        var warehouseId: String
        var sku: String
        var quantity: Int
        var note: String?
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(MovementBody.self, from: request, context: context)
        let level = try await stock.receive(warehouseId: body.warehouseId, sku: body.sku, quantity: body.quantity, note: body.note, by: user)
        return try JSONCoding.response(StockLevelView(level), status: .created)
    }

    @Sendable func adjust(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(MovementBody.self, from: request, context: context)
        let level = try await stock.adjust(warehouseId: body.warehouseId, sku: body.sku, quantity: body.quantity, note: body.note, by: user)
        return try JSONCoding.response(StockLevelView(level), status: .created)
    }

    /// The ledger itself, oldest first; `cursor` is the last movement id seen.
    @Sendable func movements(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let limit = try request.pageLimit()
        var after: Int64?
        if let text = request.uri.queryParameters["cursor"] {
            guard let value = Int64(String(text)) else { throw APIError(.badRequest, code: "invalid_query", message: "cursor must be a movement id", details: ["field": "cursor"]) }
            after = value
        }
        let rows = try await stock.movements(
            warehouseId: request.uri.queryParameters["warehouseId"].map(String.init), sku: request.uri.queryParameters["sku"].map(String.init),
            afterId: after, limit: limit + 1, by: user)
        let page = Array(rows.prefix(limit))
        return try JSONCoding.response(Page(items: page, nextCursor: rows.count > limit ? page.last.map { String($0.id) } : nil))
    }

    /// Levels that disagree with the sum of their movements; an empty list means the ledger is sound.
    @Sendable func ledgerCheck(_ request: Request, context: AppRequestContext) async throws -> Response {
        let discrepancies = try await stock.ledgerDiscrepancies(by: try context.requireUser())
        struct Report: Encodable {
            var consistent: Bool
            var discrepancies: [LedgerDiscrepancy]
        }
        return try JSONCoding.response(Report(consistent: discrepancies.isEmpty, discrepancies: discrepancies))
    }
}
