import Foundation

/// What happens next in a simulated mall, earliest first; events at the same moment in the order they were
/// scheduled (so a run is the same every time).
struct EventQueue<Event> {
    private var heap: [(time: Date, sequence: Int, event: Event)] = []
    private var scheduled = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: Date? { heap.first?.time }

    mutating func schedule(_ event: Event, at time: Date) {
        heap.append((time, scheduled, event))
        scheduled += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (time: Date, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (first.time, first.event)
    }

    private func precedes(_ a: (time: Date, sequence: Int, event: Event), _ b: (time: Date, sequence: Int, event: Event)) -> Bool {
        (a.time, a.sequence) < (b.time, b.sequence)
    }
}
