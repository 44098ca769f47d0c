import Dispatch

/// CPU-bound work (a route solve, a re-timing with re-sequencing, a run of forecasts) done on Dispatch's
/// threads and awaited. A server's tasks run on its event loops (chargemall's main.swift), and work that
/// holds a thread for a second there would stall every connection on that loop; the solver's own
/// `concurrentPerform` fans out from Dispatch's threads just as well.
public enum Computation {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
