import Foundation
@testable import Server
import Testing

@Suite("Heap gauges")
struct HeapGaugesTests {
    /// The shape glibc 2.36 prints: each arena's figures, then the totals over all arenas after the last one.
    static let sample = """
        <malloc version="1">
        <heap nr="0">
        <sizes>
          <size from="17" to="32" total="64" count="2"/>
        </sizes>
        <total type="fast" count="2" size="64"/>
        <total type="rest" count="1" size="900"/>
        <system type="current" size="135168"/>
        <system type="max" size="135168"/>
        <aspace type="total" size="135168"/>
        </heap>
        <heap nr="1">
        <total type="fast" count="0" size="0"/>
        <total type="rest" count="2" size="4100"/>
        <system type="current" size="135168"/>
        </heap>
        <total type="fast" count="2" size="64"/>
        <total type="rest" count="3" size="5000"/>
        <total type="mmap" count="1" size="200704"/>
        <system type="current" size="270336"/>
        <system type="max" size="270336"/>
        <aspace type="total" size="270336"/>
        </malloc>
        """

    @Test("the totals after the last arena count: in use is the arenas' size less their free chunks, plus mmapped blocks")
    func totals() throws {
        let figures = try #require(GlibcHeap.parse(Self.sample))
        #expect(figures.inUse == 270_336 - 64 - 5_000 + 200_704)
        #expect(figures.free == 64 + 5_000)
    }

    @Test("a report without the totals gives nothing rather than a made-up figure")
    func incomplete() {
        #expect(GlibcHeap.parse("<malloc version=\"1\"></malloc>") == nil)
        #expect(GlibcHeap.parse(Self.sample.replacingOccurrences(of: "<system type=\"current\" size=\"270336\"/>", with: "")) == nil)
    }

    @Test("this process's heap reads, and memory held shows as more in use")
    func live() throws {
        let before = try #require(GlibcHeap.read())
        // 64 MiB held, half of it asked for: tests running beside this one allocate and free as well.
        let held = UnsafeMutableRawPointer.allocate(byteCount: 64 << 20, alignment: 16)
        defer { held.deallocate() }
        held.initializeMemory(as: UInt8.self, repeating: 1, count: 64 << 20)
        let after = try #require(GlibcHeap.read())
        #expect(after.inUse - before.inUse >= 32 << 20, "\(before) → \(after)")
        // The trim service's function is found, and trimming leaves what is in use alone.
        let trim = try #require(GlibcHeap.trimFunction())
        _ = trim(0)
        #expect(held.load(fromByteOffset: (64 << 20) - 1, as: UInt8.self) == 1)
    }
}
