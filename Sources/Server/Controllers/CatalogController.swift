import Hummingbird
import Logistics

/// The public catalogue.
struct CatalogController {
    let catalog: CatalogService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("products", use: list)
    }

    struct ProductView: Encodable {
        var sku: String
        var name: String
        var category: ProductCategory
        var priceCents: Int
        var available: Int
        var weightGrams: Int
        var volumeMillilitres: Int
        var needsInstallation: Bool
    }

    /// Sorted by SKU; `cursor` is the last SKU of the previous page.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = request.uri.queryParameters["limit"] == nil ? 100 : try request.pageLimit()
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let all = try await catalog.listing().filter { cursor == nil || $0.product.sku > cursor! }
        let page = all.prefix(limit).map {
            ProductView(sku: $0.product.sku, name: $0.product.name, category: $0.product.category, priceCents: $0.product.priceCents,
                        available: max(0, $0.available), weightGrams: $0.product.weightGrams, volumeMillilitres: $0.product.volumeMillilitres,
                        needsInstallation: $0.product.needsInstallation)
        }
        return try JSONCoding.response(Page(items: Array(page), nextCursor: all.count > limit ? page.last?.sku : nil))
    }
}
