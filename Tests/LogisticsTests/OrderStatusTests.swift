import Testing
@testable import Logistics

/// The machine of DESIGN.md, written out independently of the implementation as the list of allowed steps.
let allowedSteps: Set<String> = [
    "pendingPayment>paid", "pendingPayment>cancelled",
    "paid>allocated", "paid>cancelled",
    "allocated>picking", "allocated>cancelled",
    "picking>packed", "picking>cancelled",
    "packed>shipped", "packed>cancelled",
    "shipped>outForDelivery",
    "outForDelivery>delivered", "outForDelivery>deliveryFailed",
    "deliveryFailed>outForDelivery", "deliveryFailed>returned",
]

struct StatusPair: CustomTestStringConvertible, Sendable {
    let from: OrderStatus
    let to: OrderStatus
    var testDescription: String { "\(from.rawValue) -> \(to.rawValue)" }
    static let all = OrderStatus.allCases.flatMap { from in OrderStatus.allCases.map { StatusPair(from: from, to: $0) } }
}

@Suite("Order status machine")
struct OrderStatusTests {
    @Test("every pair of statuses is allowed exactly when DESIGN.md allows it", arguments: StatusPair.all)
    func transition(_ pair: StatusPair) throws {
        let allowed = allowedSteps.contains("\(pair.from.rawValue)>\(pair.to.rawValue)")
        #expect(pair.from.canMove(to: pair.to) == allowed)
        if allowed {
            #expect(try pair.from.checkedMove(to: pair.to) == pair.to)
        } else {
            #expect(throws: LogisticsError.forbiddenTransition(from: pair.from, to: pair.to)) { try pair.from.checkedMove(to: pair.to) }
        }
    }

    @Test("cancellation is possible only before the goods ship")
    func cancellationWindow() {
        for status in OrderStatus.allCases {
            #expect(status.canMove(to: .cancelled) == [.pendingPayment, .paid, .allocated, .picking, .packed].contains(status))
        }
    }

    @Test("delivered, cancelled and returned are terminal")
    func terminal() {
        #expect(OrderStatus.allCases.filter(\.isTerminal) == [.delivered, .cancelled, .returned])
    }

    @Test("stock effects follow the step: cancel releases, ship takes out, return puts back")
    func stockEffects() {
        #expect(StockEffect.of(from: .paid, to: .cancelled) == .release)
        #expect(StockEffect.of(from: .packed, to: .shipped) == .ship)
        #expect(StockEffect.of(from: .deliveryFailed, to: .returned) == .restock)
        #expect(StockEffect.of(from: .picking, to: .packed) == StockEffect.none)
    }

    @Test("drivers may deliver but not ship; only an admin records an offline payment")
    func roles() {
        #expect(OrderStatus.delivered.rolesAllowedToEnter.contains(.driver))
        #expect(!OrderStatus.shipped.rolesAllowedToEnter.contains(.driver))
        #expect(OrderStatus.paid.rolesAllowedToEnter == [.admin])
        #expect(!OrderStatus.allCases.contains { $0.rolesAllowedToEnter.contains(.customer) })
    }
}
