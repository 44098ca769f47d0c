import SolverSupport

/// Granular neighbourhoods (Toth & Vigo 2003; Vidal 2013): each client's few most promising neighbours by a
/// proximity that adds to the travel cost the waiting a visit pair would force (weighted 0.2) and rules out
/// pairs whose windows cannot follow each other; moves only consider these pairs.
enum Neighbourhood {
    static func build(_ problem: ProblemData, count: Int) -> [[Int32]] {
        let first = problem.depotCount, n = problem.locationCount
        let k = min(count, max(problem.clientCount - 1, 0))
        // Windows and service times in flat arrays: the scan below is O(n²) and must not copy clients.
        let windows = Windows(problem)
        var result = [[Int32]](repeating: [], count: n)
        // Each client's list is independent; fill them in parallel for large instances.
        let lists = parallelMap(n - first) { offset -> [Int32] in
            let i = first + offset
            var best: [(Double, Int32)] = []
            best.reserveCapacity(k + 1)
            var worst = Double.infinity
            for j in first..<n where j != i {
                let p = min(proximity(problem, windows, i, j), proximity(problem, windows, j, i))
                if best.count < k || p < worst {
                    // Keep the k best in a small sorted array.
                    let index = best.firstIndex { $0.0 > p } ?? best.count
                    best.insert((p, Int32(j)), at: index)
                    if best.count > k { best.removeLast() }
                    worst = best.count == k ? best[k - 1].0 : .infinity
                }
            }
            return best.map(\.1)
        }
        for offset in 0..<(n - first) { result[first + offset] = lists[offset] }
        return result
    }

    struct Windows: Sendable {
        var early: [Int], late: [Int], service: [Int]

        init(_ problem: ProblemData) {
            early = problem.depots.map(\.twEarly) + problem.clients.map(\.twEarly)
            late = problem.depots.map(\.twLate) + problem.clients.map(\.twLate)
            service = Array(repeating: 0, count: problem.depotCount) + problem.clients.map(\.serviceDuration)
        }
    }

    /// How promising it is to visit `j` right after `i`: the travel cost plus the waiting the pair forces,
    /// or nearly infinite when j's window closes before i's service could end and the vehicle reach j.
    @inline(__always)
    static func proximity(_ problem: ProblemData, _ w: Windows, _ i: Int, _ j: Int) -> Double {
        let travel = problem.durations[i, j]
        let distance = Double(problem.distances[i, j])
        if w.early[i] + w.service[i] + travel > w.late[j] { return .infinity.nextDown / 2 + distance }
        let minimumWait = w.early[j] - travel - w.service[i] - w.late[i]
        return distance + 0.2 * Double(max(minimumWait, 0))
    }
}
