/// Croston's method (1972) and its variants: separate smoothing of demand sizes and of the intervals
/// between demands; the forecast is the rate size / interval, the same for every future period.
public struct Croston: ForecastMethod {
    public enum Variant: String, Sendable {
        /// Croston's original, α = 0.1 for both.
        case classic = "Croston"
        /// Syntetos–Boylan approximation: the classic rate times (1 − α/2), which removes its bias.
        case sba = "SBA"
        /// Each α chosen in [0.1, 0.3] by one-step squared error (statsforecast's CrostonOptimized).
        case optimised = "CrostonOptimised"
    }

    public var variant: Variant
    public var alpha: Double
    public var name: String { variant.rawValue }

    public init(_ variant: Variant = .classic, alpha: Double = 0.1) {
        self.variant = variant
        self.alpha = alpha
    }

    public func rate(_ y: [Double]) -> Double {
        let (sizes, intervals) = demandSizesAndIntervals(y)
        guard !sizes.isEmpty else { return 0 }
        let size: Double, interval: Double
        switch variant {
        case .classic, .sba:
            size = SimpleSmoothing.level(sizes, alpha: alpha)
            interval = SimpleSmoothing.level(intervals, alpha: alpha)
        case .optimised:
            size = SimpleSmoothing.optimisedLevel(sizes)
            interval = SimpleSmoothing.optimisedLevel(intervals)
        }
        guard interval > 0 else { return 0 }
        return size / interval * (variant == .sba ? 1 - alpha / 2 : 1)
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        Array(repeating: rate(history), count: horizon)
    }
}

/// Teunter–Syntetos–Babai (2011): smooths the probability of a demand every period (so an item that stops
/// selling fades out) and the size when a demand occurs; the forecast is probability × size.
public struct TSB: ForecastMethod {
    public var alphaSize: Double
    public var alphaProbability: Double
    public var name: String { "TSB" }

    public init(alphaSize: Double = 0.1, alphaProbability: Double = 0.1) {
        self.alphaSize = alphaSize
        self.alphaProbability = alphaProbability
    }

    public func rate(_ y: [Double]) -> Double {
        let sizes = y.filter { $0 != 0 }
        guard !sizes.isEmpty else { return 0 }
        let occurrence = y.map { $0 != 0 ? 1.0 : 0.0 }
        return SimpleSmoothing.level(occurrence, alpha: alphaProbability) * SimpleSmoothing.level(sizes, alpha: alphaSize)
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        Array(repeating: rate(history), count: horizon)
    }
}
