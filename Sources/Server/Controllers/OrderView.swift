import Foundation
import Hummingbird
import Logistics

/// An order as clients see it: the order, its timeline in the reader's language, and an ETA.
struct OrderView: Encodable {
    var order: Order
    /// Nil once the order is closed.
    var eta: DeliveryEstimate?

    /// - Parameter language: the timeline's sentences are rendered in it (zh-CN unless the client prefers English).
    init(_ order: Order, language: TimelineLanguage = .zhCN, eta: DeliveryEstimate? = nil) {
        var order = order
        order.timeline = order.timeline.map { event in
            var event = event
            event.message = TrackingSentences.render(event, in: language)
            return event
        }
        self.order = order
        self.eta = eta
    }

    enum CodingKeys: String, CodingKey { case eta }

    func encode(to encoder: any Encoder) throws {
        try order.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(eta, forKey: .eta)
    }
}

extension AppServices {
    /// Views with ETAs for a page of orders: one estimate batch for all of them.
    func views(_ orders: [Order], for request: Request) async throws -> [OrderView] {
        let estimates = try await eta.estimates(for: orders, now: Date())
        let language = request.timelineLanguage
        return orders.map { OrderView($0, language: language, eta: estimates[$0.id]) }
    }

    func view(_ order: Order, for request: Request) async throws -> OrderView {
        try await views([order], for: request)[0]
    }
}
