import Foundation
import HTTPTypes
import Hummingbird
import Logistics

/// Inventory planning: runs, forecasts, suggestions, the merchant's settings, suppliers and event calendar,
/// the stock alert board and the KPIs.
struct InventoryController {
    let replenishment: ReplenishmentService
    let signals: StockSignalService
    let kpis: InventoryKPIService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("admin/inventory/planning-runs", use: requestRun)
        api.get("admin/inventory/planning-runs/{id}", use: run)
        api.get("admin/inventory/forecasts", use: forecast)
        api.get("admin/inventory/suggestions", use: suggestions)
        api.post("admin/inventory/suggestions/{id}/dismiss", use: dismiss)
        api.get("admin/inventory/settings", use: settings)
        api.put("admin/inventory/settings", use: updateSettings)
        api.get("admin/inventory/promotions", use: promotions)
        api.post("admin/inventory/promotions", use: addPromotion)
        api.delete("admin/inventory/promotions/{id}", use: deletePromotion)
        api.get("admin/inventory/alerts", use: alerts)
        api.post("admin/inventory/alerts/{id}/acknowledge", use: acknowledge)
        api.post("admin/inventory/alerts/{id}/resolve", use: resolve)
        api.get("admin/inventory/kpis", use: report)
        api.get("admin/suppliers", use: suppliers)
        api.put("admin/suppliers/{id}", use: saveSupplier)
    }

    @Sendable func requestRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let run = try await replenishment.requestRun(by: try context.requireUser())
        var headers = HTTPFields()
        headers[.location] = "/api/v1/admin/inventory/planning-runs/\(run.id)"
        return try JSONCoding.response(RunAccepted(id: run.id, status: run.status), status: .accepted, headers: headers)
    }

    struct RunAccepted: Encodable {
        var id: String
        var status: PlanningRunStatus
    }

    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await replenishment.run(id: try context.parameters.require("id"), by: try context.requireUser()))
    }

    @Sendable func forecast(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONCoding.response(try await replenishment.forecast(sku: try request.requiredQuery("sku"), warehouseId: try request.requiredQuery("warehouseId"), by: user))
    }

    @Sendable func suggestions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let limit = try request.pageLimit()
        let rows = try await replenishment.suggestions(
            warehouseId: request.queryString("warehouseId"), kind: try request.queryEnum("kind", as: SuggestionKind.self),
            state: try request.queryEnum("state", as: SuggestionState.self), before: request.queryString("cursor"), limit: limit + 1, by: user)
        return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
    }

    @Sendable func dismiss(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await replenishment.dismiss(suggestionId: try context.parameters.require("id"), by: try context.requireUser()))
    }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await replenishment.settings(by: try context.requireUser()))
    }

    /// The settings as the contract has them: targets for exactly A, B and C (other keys are ignored, as
    /// unknown fields are everywhere).
    struct SettingsBody: Decodable {
        struct Targets: Decodable {
            var A: Double
            var B: Double
            var C: Double
        }
        var serviceTargets: Targets
        var reviewDays: Int
        var receiptTolerance: Double
        var slowCoverDays: Double
        var deadAfterDays: Int
        var nightlyAt: String
    }

    @Sendable func updateSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(SettingsBody.self, from: request, context: context)
        let settings = InventorySettings(
            serviceTargets: ["A": body.serviceTargets.A, "B": body.serviceTargets.B, "C": body.serviceTargets.C], reviewDays: body.reviewDays,
            receiptTolerance: body.receiptTolerance, slowCoverDays: body.slowCoverDays, deadAfterDays: body.deadAfterDays, nightlyAt: body.nightlyAt)
        return try JSONCoding.response(try await replenishment.updateSettings(settings, by: user))
    }

    @Sendable func promotions(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(Page(items: try await replenishment.promotions(by: try context.requireUser()), nextCursor: nil))
    }

    struct PromotionBody: Decodable {
        var name: String
        var kind: PromotionKind
        var startDate: String
        var endDate: String
        var uplift: Double?
        var skus: [String]?
        var warehouseId: String?
    }

    @Sendable func addPromotion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(PromotionBody.self, from: request, context: context)
        let event = PromotionEvent(id: Identifier.make("evp"), name: body.name, kind: body.kind, startDate: try PlanningDay.parse(body.startDate, field: "startDate"),
                                   endDate: try PlanningDay.parse(body.endDate, field: "endDate"),
                                   uplift: body.uplift, skus: body.skus ?? [], warehouseId: body.warehouseId)
        return try JSONCoding.response(try await replenishment.addPromotion(event, by: user), status: .created)
    }

    @Sendable func deletePromotion(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await replenishment.deletePromotion(id: try context.parameters.require("id"), by: try context.requireUser())
        return Response(status: .noContent)
    }

    @Sendable func alerts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let limit = try request.pageLimit()
        let rows = try await signals.alerts(
            state: try request.queryEnum("state", as: AlertState.self), kind: try request.queryEnum("kind", as: StockAlertKind.self),
            warehouseId: request.queryString("warehouseId"), sku: request.queryString("sku"), before: request.queryString("cursor"), limit: limit + 1, by: user)
        return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
    }

    @Sendable func acknowledge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONCoding.response(try await signals.acknowledge(id: try context.parameters.require("id"), note: try await NoteBody.note(in: request, context: context), by: user))
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONCoding.response(try await signals.resolve(id: try context.parameters.require("id"), note: try await NoteBody.note(in: request, context: context), by: user))
    }

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONCoding.response(try await kpis.report(from: try request.queryDay("from"), to: try request.queryDay("to"),
                                                             groupBy: try request.queryEnum("groupBy", as: KPIGrouping.self) ?? .sku, by: user))
    }

    @Sendable func suppliers(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(Page(items: try await replenishment.suppliers(by: try context.requireUser()), nextCursor: nil))
    }

    struct SupplierBody: Decodable {
        struct Item: Decodable {
            var sku: String
            var unitCostCents: Int
            var packSize: Int?
            var minimumOrder: Int?
        }
        var name: String
        var leadTimeDays: Double
        var leadTimeSpreadDays: Double?
        var items: [Item]
    }

    @Sendable func saveSupplier(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(SupplierBody.self, from: request, context: context)
        let supplier = Supplier(id: try context.parameters.require("id"), name: body.name, leadTimeDays: body.leadTimeDays,
                                leadTimeSpreadDays: body.leadTimeSpreadDays ?? 0,
                                items: body.items.map { SupplierItem(sku: $0.sku, unitCostCents: $0.unitCostCents, packSize: $0.packSize ?? 1, minimumOrder: $0.minimumOrder ?? 0) })
        return try JSONCoding.response(try await replenishment.saveSupplier(supplier, by: user))
    }
}
