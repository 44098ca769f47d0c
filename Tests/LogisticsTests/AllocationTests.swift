import Testing
@testable import Logistics

@Suite("Allocation")
struct AllocationTests {
    let near = Warehouse(id: "near", code: "N", name: "near", address: "", location: GeoPoint(latitude: 22.54, longitude: 114.06))
    let middle = Warehouse(id: "middle", code: "M", name: "middle", address: "", location: GeoPoint(latitude: 22.60, longitude: 114.10))
    let far = Warehouse(id: "far", code: "F", name: "far", address: "", location: GeoPoint(latitude: 22.75, longitude: 114.30))
    let home = GeoPoint(latitude: 22.541, longitude: 114.055)

    @Test("the nearest warehouse that can fill every line serves the whole order")
    func nearestComplete() throws {
        let stock: Allocation.Availability = ["near": ["A": 5], "middle": ["A": 5, "B": 5], "far": ["A": 9, "B": 9]]
        let picks = try Allocation.allocate(demand: ["A": 2, "B": 1], warehouses: [far, near, middle], available: stock, destination: home)
        #expect(Set(picks.map(\.warehouseId)) == ["middle"])
        #expect(picks.map(\.quantity).reduce(0, +) == 3)
    }

    @Test("when no warehouse can fill the order alone, it is split over the fewest warehouses")
    func fewestSplit() throws {
        // near+middle+far could do it with three; middle+far can do it with two.
        let stock: Allocation.Availability = ["near": ["A": 1], "middle": ["A": 4], "far": ["B": 3, "A": 1]]
        let picks = try Allocation.allocate(demand: ["A": 4, "B": 2], warehouses: [near, middle, far], available: stock, destination: home)
        #expect(Set(picks.map(\.warehouseId)) == ["middle", "far"])
        #expect(picks.filter { $0.sku == "A" }.map(\.quantity).reduce(0, +) == 4)
        #expect(picks.filter { $0.sku == "B" }.map(\.quantity).reduce(0, +) == 2)
    }

    @Test("a SKU the whole network cannot cover is refused with the available total")
    func insufficient() {
        let stock: Allocation.Availability = ["near": ["A": 1], "far": ["A": 2]]
        #expect(throws: LogisticsError.insufficientStock(sku: "A", requested: 4, available: 3)) {
            try Allocation.allocate(demand: ["A": 4], warehouses: [near, far], available: stock, destination: home)
        }
    }

    @Test("negative availability (never stored, but defensive) counts as zero")
    func negativeIgnored() throws {
        let picks = try Allocation.allocate(demand: ["A": 1], warehouses: [near, far], available: ["near": ["A": -3], "far": ["A": 1]], destination: home)
        #expect(picks == [.init(warehouseId: "far", sku: "A", quantity: 1)])
    }
}
