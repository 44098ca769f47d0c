/// Tunables of the order flow; defaults are what a mall would start with.
public struct OrderSettings: Sendable {
    /// How long an unpaid order holds its stock.
    public var reservationSeconds: Double = 15 * 60
    /// Promised delivery, counted from placement, until dispatch gives a real ETA.
    public var promiseDays: Int = 3
    public var maxLinesPerOrder: Int = 50
    public var maxQuantityPerLine: Int = 999
    /// Attempts when a racing order takes the stock between allocation and reservation.
    public var placementAttempts: Int = 3

    public init() {}
}
