#if canImport(Glibc)
import Glibc
#endif
import Metrics

/// The allocator's view of the heap beside the resident size the kernel reports: bytes in use are what the
/// server's objects hold, free bytes what glibc keeps for reuse without giving them back. A soak tells a leak
/// (in use climbs) from fragmentation (free climbs) by these two.
enum HeapGauges {
    static func record() {
        guard let heap = GlibcHeap.read() else { return }
        Gauge(label: "chargemall_heap_in_use_bytes").record(heap.inUse)
        Gauge(label: "chargemall_heap_free_bytes").record(heap.free)
    }
}

/// glibc's `malloc_info` totals. Swift's Glibc module leaves out `malloc.h`, so the function is looked up at
/// run time, and it reports as XML: the totals after the last arena are all of them.
enum GlibcHeap {
    struct Figures {
        var inUse: Int
        var free: Int
    }

    private typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32

    static func read() -> Figures? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info") else { return nil }  // RTLD_DEFAULT
        let mallocInfo = unsafeBitCast(symbol, to: MallocInfo.self)
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        let status = mallocInfo(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { return nil }
        return parse(String(cString: buffer))
        #else
        return nil
        #endif
    }

    static func parse(_ xml: String) -> Figures? {
        let totals = xml.components(separatedBy: "</heap>").last ?? xml
        func size(_ tag: String, _ type: String) -> Int? {
            guard let start = totals.range(of: "<\(tag) type=\"\(type)\"") else { return nil }
            let rest = totals[start.upperBound...]
            guard let open = rest.range(of: "size=\"") else { return nil }
            return Int(rest[open.upperBound...].prefix { $0.isNumber })
        }
        guard let system = size("system", "current"), let fast = size("total", "fast"), let rest = size("total", "rest") else { return nil }
        return Figures(inUse: system - fast - rest + (size("total", "mmap") ?? 0), free: fast + rest)
    }
}
