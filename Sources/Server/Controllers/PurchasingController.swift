import Foundation
import HTTPTypes
import Hummingbird
import Logistics

/// Purchase orders and their receipts, transfers between warehouses.
struct PurchasingController {
    let purchasing: PurchasingService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("admin/purchase-orders", use: draft)
        api.get("admin/purchase-orders", use: list)
        api.get("admin/purchase-orders/{id}", use: order)
        for step in PurchaseOrderStatus.Step.allCases {
            api.post("admin/purchase-orders/{id}/\(step.rawValue)") { request, context in
                try JSONCoding.response(try await purchasing.step(step, id: try context.parameters.require("id"), by: try context.requireUser()))
            }
        }
        api.post("admin/purchase-orders/{id}/receipts", use: receive)
        api.get("admin/purchase-orders/{id}/receipts", use: receipts)
        api.post("admin/transfers", use: requestTransfer)
        api.get("admin/transfers", use: transfers)
        api.get("admin/transfers/{id}", use: transfer)
        for step in PurchasingService.TransferStep.allCases {
            api.post("admin/transfers/{id}/\(step.rawValue)") { request, context in
                try JSONCoding.response(try await purchasing.step(step, transferId: try context.parameters.require("id"), by: try context.requireUser()))
            }
        }
    }

    struct Line: Decodable {
        var sku: String
        var warehouseId: String
        var quantity: Int
    }

    struct DraftBody: Decodable {
        var suggestionIds: [String]?
        var supplierId: String?
        var lines: [Line]?
        var note: String?
    }

    @Sendable func draft(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(DraftBody.self, from: request, context: context)
        let orders: [PurchaseOrder]
        switch (body.suggestionIds, body.supplierId, body.lines) {
        case (let ids?, nil, nil):
            orders = try await purchasing.draft(fromSuggestions: ids, note: body.note, by: user)
        case (nil, let supplierId?, let lines?):
            orders = [try await purchasing.draft(supplierId: supplierId, lines: lines.map { .init(sku: $0.sku, warehouseId: $0.warehouseId, quantity: $0.quantity) },
                                                 note: body.note, by: user)]
        default:
            throw LogisticsError.validation(field: "suggestionIds", message: "either suggestionIds, or supplierId with lines")
        }
        return try JSONCoding.response(Page(items: orders, nextCursor: nil), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let limit = try request.pageLimit()
        let rows = try await purchasing.purchaseOrders(status: try request.queryEnum("status", as: PurchaseOrderStatus.self), supplierId: request.queryString("supplierId"),
                                                       before: request.queryString("cursor"), limit: limit + 1, by: user)
        return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
    }

    @Sendable func order(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await purchasing.purchaseOrder(id: try context.parameters.require("id"), by: try context.requireUser()))
    }

    struct ReceiptBody: Decodable {
        var lines: [Line]
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(ReceiptBody.self, from: request, context: context)
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        let (order, replayed) = try await purchasing.receive(
            purchaseOrderId: try context.parameters.require("id"), lines: body.lines.map { .init(sku: $0.sku, warehouseId: $0.warehouseId, quantity: $0.quantity) },
            idempotencyKey: key, by: user)
        return try JSONCoding.response(order, status: replayed ? .ok : .created)
    }

    @Sendable func receipts(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(Page(items: try await purchasing.receipts(purchaseOrderId: try context.parameters.require("id"), by: try context.requireUser()), nextCursor: nil))
    }

    struct TransferBody: Decodable {
        struct Line: Decodable {
            var sku: String
            var quantity: Int
        }
        var suggestionIds: [String]?
        var fromWarehouseId: String?
        var toWarehouseId: String?
        var lines: [Line]?
        var reason: String?
    }

    @Sendable func requestTransfer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(TransferBody.self, from: request, context: context)
        let transfers: [Transfer]
        switch (body.suggestionIds, body.fromWarehouseId, body.toWarehouseId, body.lines) {
        case (let ids?, nil, nil, nil):
            transfers = try await purchasing.requestTransfers(fromSuggestions: ids, by: user)
        case (nil, let from?, let to?, let lines?):
            transfers = [try await purchasing.requestTransfer(from: from, to: to, lines: lines.map { .init(sku: $0.sku, quantity: $0.quantity) }, reason: body.reason,
                                                              suggestionIds: [], by: user)]
        default:
            throw LogisticsError.validation(field: "suggestionIds", message: "either suggestionIds, or fromWarehouseId, toWarehouseId and lines")
        }
        return try JSONCoding.response(Page(items: transfers, nextCursor: nil), status: .created)
    }

    @Sendable func transfers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let limit = try request.pageLimit()
        let rows = try await purchasing.transfers(status: try request.queryEnum("status", as: TransferStatus.self), warehouseId: request.queryString("warehouseId"),
                                                  before: request.queryString("cursor"), limit: limit + 1, by: user)
        return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
    }

    @Sendable func transfer(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await purchasing.transfer(id: try context.parameters.require("id"), by: try context.requireUser()))
    }
}
