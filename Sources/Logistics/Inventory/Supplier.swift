import Foundation

/// Who a SKU is bought from, and how reliably it arrives: the lead time's mean and spread set how much
/// stock covers the wait.
public struct Supplier: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var leadTimeDays: Double
    /// Standard deviation of the lead time in days.
    public var leadTimeSpreadDays: Double
    public var items: [SupplierItem]

    public init(id: String, name: String, leadTimeDays: Double, leadTimeSpreadDays: Double, items: [SupplierItem]) {
        self.id = id
        self.name = name
        self.leadTimeDays = leadTimeDays
        self.leadTimeSpreadDays = leadTimeSpreadDays
        self.items = items
    }

    public static let maximumLeadTimeDays = 365.0

    /// The items with each SKU once: a SKU listed twice takes its last entry (a PUT replaces, as a re-sent row would).
    public var distinctItems: [SupplierItem] {
        var last: [String: Int] = [:]
        for (index, item) in items.enumerated() { last[item.sku] = index }
        return items.enumerated().filter { last[$0.element.sku] == $0.offset }.map(\.element)
    }

    public func validate() throws(LogisticsError) {
        guard (1...200).contains(name.count) else { throw .validation(field: "name", message: "1 to 200 characters") }
        guard leadTimeDays >= 0, leadTimeDays <= Self.maximumLeadTimeDays else {
            throw .validation(field: "leadTimeDays", message: "between 0 and \(Int(Self.maximumLeadTimeDays))")
        }
        guard leadTimeSpreadDays >= 0, leadTimeSpreadDays <= Self.maximumLeadTimeDays else {
            throw .validation(field: "leadTimeSpreadDays", message: "between 0 and \(Int(Self.maximumLeadTimeDays))")
        }
        guard items.count <= 10_000 else { throw .validation(field: "items", message: "at most 10000") }
        for (index, item) in items.enumerated() {
            guard item.unitCostCents >= 0 else { throw .validation(field: "items[\(index)].unitCostCents", message: "must not be negative") }
            guard item.packSize >= 1 else { throw .validation(field: "items[\(index)].packSize", message: "at least 1") }
            guard item.minimumOrder >= 0 else { throw .validation(field: "items[\(index)].minimumOrder", message: "must not be negative") }
        }
    }
}

/// A SKU as one supplier sells it: what a unit costs us (for turnover and stock value), the pack it comes
/// in and the smallest order taken. A SKU has one supplier; listing it again under another moves it.
public struct SupplierItem: Codable, Equatable, Sendable {
    public var sku: String
    public var unitCostCents: Int
    public var packSize: Int
    public var minimumOrder: Int

    public init(sku: String, unitCostCents: Int, packSize: Int = 1, minimumOrder: Int = 0) {
        self.sku = sku
        self.unitCostCents = unitCostCents
        self.packSize = packSize
        self.minimumOrder = minimumOrder
    }
}
