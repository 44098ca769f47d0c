/// Minutes at the door per stop, by what is delivered. Defaults are the demo mall's own assumptions
/// (a handover with signature and photo takes 5 minutes; a standard wall-box installation 75).
public struct ServiceTimes: Sendable {
    /// Parking, walking to the door, handover, proof of delivery.
    public var perStopMinutes = 5.0
    /// Extra minutes per unit, by category.
    public var perUnitMinutes: [ProductCategory: Double] = [
        .wallCharger: 3, .portableCharger: 1, .cable: 0.5, .adapter: 0.2, .sparePart: 0.5, .installation: 0,
    ]
    /// Installation work per unit of an installation line, by SKU; `installationMinutes` for others.
    public var installationMinutesBySKU: [String: Double] = ["IN-STANDARD": 75, "IN-EXTRA-10M": 30, "IN-PEDESTAL": 90, "IN-SURVEY": 30]
    public var installationMinutes = 75.0

    public init() {}

    /// Seconds at the stop for these lines.
    public func seconds(for lines: [(product: Product, quantity: Int)]) -> Int {
        var minutes = perStopMinutes
        for (product, quantity) in lines {
            let perUnit = product.category == .installation
                ? installationMinutesBySKU[product.sku] ?? installationMinutes
                : perUnitMinutes[product.category] ?? 0
            minutes += perUnit * Double(quantity)
        }
        return Int((minutes * 60).rounded())
    }
}
