#if canImport(Glibc)
import Glibc
#endif
import ServiceLifecycle

/// Hands the allocator's free pages back to the kernel on a slow beat. glibc keeps memory that requests freed
/// in per-thread arenas for reuse; under a steady load the event-loop and pool threads spread their garbage
/// over several arenas and the resident size creeps up while the bytes in use stay flat (a 30-minute soak on
/// PostgreSQL: +10.6 % resident, +2.9 % in use). `malloc_trim(0)` returns the free pages of every arena,
/// not only the top of the main heap, one arena locked at a time.
struct HeapTrimService: Service {
    let intervalSeconds: Double

    func run() async throws {
        guard intervalSeconds > 0, let trim = GlibcHeap.trimFunction() else { return }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let wait = intervalSeconds
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            _ = trim(0)
        }
    }
}

extension GlibcHeap {
    typealias MallocTrim = @convention(c) (Int) -> Int32

    /// `malloc_trim`, looked up at run time like `malloc_info` (not in Swift's Glibc module); nil off glibc.
    static func trimFunction() -> MallocTrim? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }  // RTLD_DEFAULT
        return unsafeBitCast(symbol, to: MallocTrim.self)
        #else
        return nil
        #endif
    }
}
