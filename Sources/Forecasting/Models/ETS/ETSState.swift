/// The state of an ETS model after an observation: level, slope and the last `period` seasonal indices.
///
/// `season[k]` is the index for the next period whose position in the cycle is k steps ahead, so the next
/// observation uses `season[0]`.
public struct ETSState: Sendable, Equatable {
    public var level: Double
    public var slope: Double
    public var season: [Double]

    public init(level: Double, slope: Double = 0, season: [Double] = []) {
        self.level = level
        self.slope = slope
        self.season = season
    }
}
