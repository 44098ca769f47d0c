import Synchronization

/// Wakes whoever waits on an order when a change to it commits. It carries no data: a woken reader asks
/// the database for what is new after its cursor, so a missed or doubled wake-up loses nothing.
public final class OrderChanges: Sendable {
    private enum Slot {
        case waiting(orderId: String, continuation: CheckedContinuation<Bool, Never>)
        /// Cancelled (timeout or task cancellation) before its waiter registered.
        case cancelled
    }

    private let slots = Mutex<[Int: Slot]>([:])
    private let nextToken = Mutex(0)

    /// Signalled after every local commit that wrote outbox rows (any order's change, a chat message): the
    /// outbox drain waits on it.
    public let outboxWritten = ChangeSignal()
    /// Orders as last read for display; a change removes the order before anyone is woken.
    public let readCache = OrderReadCache()

    public init() {}

    /// Called after a transaction that changed `orderId` has committed. `local` is false when the change
    /// was committed by another instance (it is already in that instance's outbox drain).
    public func publish(orderId: String, local: Bool = true) {
        readCache.invalidate(orderId)
        if local { outboxWritten.signal() }
        let woken = slots.withLock { slots -> [CheckedContinuation<Bool, Never>] in
            var woken: [CheckedContinuation<Bool, Never>] = []
            for (token, slot) in slots {
                if case .waiting(let id, let continuation) = slot, id == orderId {
                    woken.append(continuation)
                    slots[token] = nil
                }
            }
            return woken
        }
        for continuation in woken { continuation.resume(returning: true) }
    }

    /// Waits until `orderId` changes (true) or `timeout` passes or the task is cancelled (false).
    public func wait(orderId: String, timeout: Duration) async -> Bool {
        let token = nextToken.withLock { value in
            value += 1
            return value
        }
        let woken = await withTaskCancellationHandler {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask { await withCheckedContinuation { self.register(token, orderId: orderId, $0) } }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return false
                }
                let first = await group.next() ?? false
                self.cancel(token)
                group.cancelAll()
                return first
            }
        } onCancel: {
            self.cancel(token)
        }
        // Both children have finished, so no registration can come later: drop any marker left behind.
        slots.withLock { slots in
            if case .cancelled = slots[token] { slots[token] = nil }
        }
        return woken
    }

    private func register(_ token: Int, orderId: String, _ continuation: CheckedContinuation<Bool, Never>) {
        let cancelledAlready = slots.withLock { slots -> Bool in
            if case .cancelled = slots[token] {
                slots[token] = nil
                return true
            }
            slots[token] = .waiting(orderId: orderId, continuation: continuation)
            return false
        }
        if cancelledAlready { continuation.resume(returning: false) }
    }

    /// Resumes a registered waiter with false, or marks the token so a late registration returns at once.
    private func cancel(_ token: Int) {
        let waiting = slots.withLock { slots -> CheckedContinuation<Bool, Never>? in
            switch slots[token] {
            case .waiting(_, let continuation):
                slots[token] = nil
                return continuation
            case .cancelled:
                return nil
            case nil:
                slots[token] = .cancelled
                return nil
            }
        }
        waiting?.resume(returning: false)
    }
}
