/// Decides which warehouse serves which line.
///
/// Rule (issue 2): the nearest warehouse that can fill every line serves the whole order; if none can,
/// split it over the fewest warehouses, preferring nearer ones among splits of the same size.
public enum Allocation {
    /// A quantity of one SKU taken from one warehouse.
    public struct Pick: Equatable, Sendable {
        public var warehouseId: String
        public var sku: String
        public var quantity: Int

        public init(warehouseId: String, sku: String, quantity: Int) {
            self.warehouseId = warehouseId
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// Stock available for allocation, per warehouse and SKU.
    public typealias Availability = [String: [String: Int]]

    /// - Parameters:
    ///   - demand: quantity per SKU (already merged, all positive).
    ///   - warehouses: candidates, any order; ranked here by distance to `destination`.
    /// - Throws: `insufficientStock` for the first SKU the whole network cannot cover.
    public static func allocate(
        demand: [String: Int], warehouses: [Warehouse], available: Availability, destination: GeoPoint
    ) throws(LogisticsError) -> [Pick] {
        let ranked = warehouses.sorted {
            let a = $0.location.distanceMetres(to: destination), b = $1.location.distanceMetres(to: destination)
            return a == b ? $0.id < $1.id : a < b
        }
        let skus = demand.keys.sorted()
        for sku in skus {
            let total = ranked.reduce(0) { $0 + max(0, available[$1.id]?[sku] ?? 0) }
            if total < demand[sku]! { throw .insufficientStock(sku: sku, requested: demand[sku]!, available: total) }
        }
        // Smallest number of warehouses first; within a size, subsets come in nearness order, so the
        // first subset that covers the demand is the nearest such split.
        for size in 1...max(1, ranked.count) {
            for subset in combinations(of: ranked, size: size) {
                if let picks = fill(demand: demand, skus: skus, from: subset, available: available) {
                    return picks
                }
            }
        }
        // Unreachable: the totals check above guarantees that all warehouses together cover the demand.
        throw .insufficientStock(sku: skus.first ?? "", requested: 0, available: 0)
    }

    /// Takes each SKU from the subset's warehouses in order; nil if the subset falls short.
    /// Warehouses that contribute nothing make the split larger than needed, so they disqualify it.
    static func fill(demand: [String: Int], skus: [String], from subset: [Warehouse], available: Availability) -> [Pick]? {
        var picks: [Pick] = []
        var used = Set<String>()
        for sku in skus {
            var remaining = demand[sku]!
            for warehouse in subset where remaining > 0 {
                let take = min(remaining, max(0, available[warehouse.id]?[sku] ?? 0))
                if take > 0 {
                    picks.append(Pick(warehouseId: warehouse.id, sku: sku, quantity: take))
                    used.insert(warehouse.id)
                    remaining -= take
                }
            }
            if remaining > 0 { return nil }
        }
        return used.count == subset.count ? picks : nil
    }

    /// k-subsets in lexicographic order of positions (so nearer warehouses come first).
    static func combinations<T>(of items: [T], size: Int) -> [[T]] {
        guard size <= items.count else { return [] }
        var result: [[T]] = []
        var indices = Array(0..<size)
        while true {
            result.append(indices.map { items[$0] })
            var i = size - 1
            while i >= 0 && indices[i] == items.count - size + i { i -= 1 }
            if i < 0 { return result }
            indices[i] += 1
            for j in (i + 1)..<size { indices[j] = indices[j - 1] + 1 }
        }
    }
}
