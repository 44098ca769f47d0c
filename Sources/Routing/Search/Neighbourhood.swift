import SolverSupport

/// Granular neighbourhoods (Toth & Vigo 2003; Vidal 2013): each client's few most promising neighbours by a
/// proximity that adds to the travel cost the waiting a visit pair would force (weighted 0.2) and rules out
/// pairs whose windows cannot follow each other; moves only consider these pairs.
enum Neighbourhood {
    static func build(_ problem: ProblemData, count: Int) -> [[Int32]] {
        let first = problem.depotCount, n = problem.locationCount
        let k = min(count, max(problem.clientCount - 1, 0))
        var result = [[Int32]](repeating: [], count: n)
        // Each client's list is independent; fill them in parallel for large instances.
        let lists = parallelMap(n - first) { offset -> [Int32] in
            let i = first + offset
            let ci = problem.client(i)
            var best: [(Double, Int32)] = []
            best.reserveCapacity(k + 1)
            var worst = Double.infinity
            for j in first..<n where j != i {
                let p = min(proximity(problem, ci, i, j), proximity(problem, problem.client(j), j, i))
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

    @inline(__always)
    static func proximity(_ problem: ProblemData, _ ci: ProblemData.Client, _ i: Int, _ j: Int) -> Double {
        let cj = problem.client(j)
        let travel = problem.durations[i, j]
        let distance = Double(problem.distances[i, j])
        if ci.twEarly + ci.serviceDuration + travel > cj.twLate { return .infinity.nextDown / 2 + distance }
        let minimumWait = cj.twEarly - travel - ci.serviceDuration - ci.twLate
        return distance + 0.2 * Double(max(minimumWait, 0))
    }
}
