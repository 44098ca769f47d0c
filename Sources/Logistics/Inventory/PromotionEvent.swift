import Foundation

/// A date range the merchant declares because demand will not be ordinary in it: a shopping festival, a
/// flash sale, the Spring Festival lull. Forecasts fit on the weeks without events and add the uplift that
/// past occurrences of the same event showed, or the declared one when there is no history.
public struct PromotionEvent: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var kind: PromotionKind
    /// First and last day, China time, inclusive.
    public var startDate: PlanningDay
    public var endDate: PlanningDay
    /// Expected demand in the event's week over an ordinary week (2 = double, 0.5 = half), if the merchant knows.
    public var uplift: Double?
    /// The SKUs it covers; empty for all.
    public var skus: [String]
    /// Where the buyers are expected (a flash sale's audience); pre-positioning moves stock towards it.
    public var warehouseId: String?

    public init(id: String, name: String, kind: PromotionKind, startDate: PlanningDay, endDate: PlanningDay, uplift: Double? = nil,
                skus: [String] = [], warehouseId: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.startDate = startDate
        self.endDate = endDate
        self.uplift = uplift
        self.skus = skus
        self.warehouseId = warehouseId
    }

    /// Occurrences with the same key are the same event in different years: their uplift is learnt together.
    public var key: String { kind == .other ? "other:\(name.lowercased())" : kind.rawValue }

    public func covers(sku: String) -> Bool { skus.isEmpty || skus.contains(sku) }

    public func validate() throws(LogisticsError) {
        guard (1...100).contains(name.count) else { throw .validation(field: "name", message: "1 to 100 characters") }
        guard endDate.days >= startDate.days else { throw .validation(field: "endDate", message: "on or after startDate") }
        guard endDate.days - startDate.days <= 92 else { throw .validation(field: "endDate", message: "an event lasts at most 93 days") }
        if let uplift, !(uplift > 0 && uplift <= 50) { throw .validation(field: "uplift", message: "above 0, at most 50") }
        guard skus.count <= 1000 else { throw .validation(field: "skus", message: "at most 1000") }
    }
}

public enum PromotionKind: String, Codable, CaseIterable, Sendable {
    /// 双十一, 11 November.
    case double11
    /// 618, mid-June.
    case mid618
    /// 春节: the factories and couriers stop, demand drops.
    case springFestival
    case flashSale
    case other
}

extension PlanningDay {
    /// A `YYYY-MM-DD` day named by a caller; a day the calendar lacks is a validation error on `field`.
    public static func parse(_ text: String, field: String) throws(LogisticsError) -> PlanningDay {
        guard let day = PlanningDay(text) else { throw .validation(field: field, message: "\(text) is not a day of the calendar (YYYY-MM-DD)") }
        return day
    }
}

extension PlanningDay: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = PlanningDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
