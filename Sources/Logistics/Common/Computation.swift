import Dispatch

/// CPU-bound work (a route solve, a re-timing with re-sequencing, a run of forecasts) done on Dispatch's
/// threads and awaited. Swift's task pool has one thread per core (two here), and the server's handlers,
/// pushes and jobs all run on it: a solve that held one of those threads for seconds left every request
/// half a machine. The solver's own `concurrentPerform` fans out from Dispatch's threads just as well.
/// A seeded identifier source goes along (task-local values stay with the task): ids made in the work, a
/// plan's routes and stops, come from it as they would inline.
public enum Computation {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let identifiers = Identifier.seeded
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Identifier.$seeded.withValue(identifiers) { work() })
            }
        }
    }
}
