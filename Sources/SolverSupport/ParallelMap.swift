import Dispatch

/// Maps `0..<count` on all cores; each index is computed once, results in index order.
public func parallelMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let slots = SendableSlots(base: results)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        slots.base[index] = transform(index)
    }
    return results.map { $0! }
}

// Each iteration writes its own slot, so sharing the buffer across threads is safe.
private struct SendableSlots<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T?>
}
