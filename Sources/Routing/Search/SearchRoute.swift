/// A route inside the local search, with prefix and suffix caches so that a move touching it is priced in
/// O(1): cumulative distance, cumulative load per dimension, and timing segments before and after each
/// position. `nodes` starts and ends with the vehicle's depots.
struct SearchRoute {
    var type: Int
    var nodes: [Int]
    var cumulativeDistance: [Int] = []
    /// Load up to and including each position, `dimensions` values per position.
    var loads: [Int] = []
    var before: [DurationSegment] = []
    var after: [DurationSegment] = []
    /// Clients at the start of the route that may not move (already visited or under way).
    var pinned = 0
    var lastModified = 0
    /// Penalised cost under the evaluator in force when the caches were last rebuilt.
    var cost = 0

    var clientCount: Int { nodes.count - 2 }
    var isEmpty: Bool { nodes.count == 2 }
    var distance: Int { cumulativeDistance[cumulativeDistance.count - 1] }
    var segment: DurationSegment { before[before.count - 1] }
}
