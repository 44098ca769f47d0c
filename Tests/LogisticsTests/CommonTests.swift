import Foundation
import Testing
@testable import Logistics

@Suite("Common")
struct CommonTests {
    @Test("civil dates round-trip and match known days", arguments: [(0, 1970, 1, 1), (20_417, 2025, 11, 25), (-1, 1969, 12, 31), (11_016, 2000, 2, 29)])
    func civil(_ days: Int, _ year: Int, _ month: Int, _ day: Int) {
        #expect(CivilDate.fromDays(days) == (year, month, day))
        #expect(CivilDate.toDays(year: year, month: month, day: day) == days)
    }

    @Test("ids sort by creation time")
    func idsSort() {
        let early = Identifier.make("ord", at: Date(timeIntervalSince1970: 1_000))
        let late = Identifier.make("ord", at: Date(timeIntervalSince1970: 2_000))
        #expect(early < late)
        #expect(early.hasPrefix("ord_") && early.count == 4 + 22)
    }

    @Test("a seeded source makes ids repeatable")
    func seededIds() {
        let date = Date(timeIntervalSince1970: 5_000)
        let a = Identifier.$seeded.withValue(SeededRandom(seed: 7)) { (0..<3).map { _ in Identifier.make("x", at: date) } }
        let b = Identifier.$seeded.withValue(SeededRandom(seed: 7)) { (0..<3).map { _ in Identifier.make("x", at: date) } }
        #expect(a == b)
        #expect(Set(a).count == 3)
    }

    @Test("haversine distance Futian to Nanshan centres is about 12.9 km")
    func distance() {
        let futian = GeoPoint(latitude: 22.5410, longitude: 114.0550), nanshan = GeoPoint(latitude: 22.5330, longitude: 113.9300)
        #expect(abs(futian.distanceMetres(to: nanshan) - 12_870) < 300)
    }

    @Test("address validation rejects bad phones and coordinates")
    func addressValidation() {
        var address = Address(id: "a", customerId: "c", recipient: "Li", phone: "13800000000", region: "Futian", detail: "1 Road", latitude: 22.5, longitude: 114)
        #expect(throws: Never.self) { try address.validate() }
        address.phone = "'; DROP TABLE orders; --"
        #expect(throws: LogisticsError.self) { try address.validate() }
        address.phone = "13800000000"
        address.latitude = 123
        #expect(throws: LogisticsError.self) { try address.validate() }
    }
}
