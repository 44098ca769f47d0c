import Foundation
import Logistics

/// An order as clients see it: the order, its timeline, and an ETA.
struct OrderView: Encodable {
    var order: Order
    /// Until dispatch plans exist the ETA is the promise itself; the tracking issue replaces the estimator.
    var eta: ETA?

    struct ETA: Encodable {
        var expectedAt: Date
        var basis: String
    }

    /// - Parameter language: the timeline's sentences are rendered in it (zh-CN unless the client prefers English).
    init(_ order: Order, language: TimelineLanguage = .zhCN) {
        var order = order
        order.timeline = order.timeline.map { event in
            var event = event
            event.message = TrackingSentences.render(event, in: language)
            return event
        }
        self.order = order
        let open = !order.status.isTerminal
        self.eta = open ? order.promisedDate.map { ETA(expectedAt: $0, basis: "promise") } : nil
    }

    enum CodingKeys: String, CodingKey { case eta }

    func encode(to encoder: any Encoder) throws {
        try order.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(eta, forKey: .eta)
    }
}
