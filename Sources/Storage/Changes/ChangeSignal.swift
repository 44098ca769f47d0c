import Synchronization

/// A broadcast wake-up with a generation count: a waiter that passes the generation it last saw returns at
/// once if a signal came in between, so a wake-up is never lost between "work done" and "wait again".
public final class ChangeSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Tokens whose wait ended before their waiter registered.
        var finished: Set<Int> = []
        var nextToken = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var generation: UInt64 { state.withLock { $0.generation } }

    public func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the generation differs from `seen`, after `timeout`, or when the task is cancelled.
    public func wait(after seen: UInt64, timeout: Duration) async {
        let token = state.withLock { state in
            state.nextToken += 1
            return state.nextToken
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state -> Bool in
                        if state.generation != seen || state.finished.contains(token) { return true }
                        state.waiters[token] = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.finished.insert(token)
                return state.waiters.removeValue(forKey: token)
            }
            waiting?.resume()
        }
        _ = state.withLock { $0.finished.remove(token) }
    }
}
