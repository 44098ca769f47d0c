import Foundation
import Hummingbird
import Logistics
import NIOCore
import Synchronization

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

/// Turns orders into what clients see: views with ETAs, one estimate batch per page, and single orders
/// through the encoded-order cache.
struct OrderPresenter: Sendable {
    let eta: any ETAEstimator
    let clock: @Sendable () -> Date
    let cache = OrderJSONCache()

    /// Views with ETAs for a page of orders: one estimate batch for all of them.
    func views(_ orders: [Order], for request: Request) async throws -> [OrderView] {
        let estimates = try await eta.estimates(for: orders, now: clock())
        let language = request.timelineLanguage
        return orders.map { OrderView($0, language: language, eta: estimates[$0.id]) }
    }

    func view(_ order: Order, for request: Request) async throws -> OrderView {
        try await views([order], for: request)[0]
    }

    /// One order as a response, through the encoded-order cache: the path of every timeline read.
    func response(_ order: Order, for request: Request) async throws -> Response {
        let eta = try await eta.estimates(for: [order], now: Date())[order.id]
        let body = try cache.json(for: order, language: request.timelineLanguage, eta: eta)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}

/// Orders already encoded for display, per language: a timeline read re-encodes only when the order
/// changed (the cached order is compared with the one just read), and adds the ETA, which changes with
/// the clock, by itself.
final class OrderJSONCache: Sendable {
    private struct Key: Hashable {
        var id: String
        var language: TimelineLanguage
    }

    private let entries = Mutex<[Key: (order: Order, json: [UInt8])]>([:])
    let capacity = 20_000

    /// The order's JSON object with `eta` added when there is one.
    func json(for order: Order, language: TimelineLanguage, eta: DeliveryEstimate?) throws -> ByteBuffer {
        let key = Key(id: order.id, language: language)
        var body: [UInt8]
        if let hit = entries.withLock({ $0[key] }), hit.order == order {
            body = hit.json
        } else {
            body = Array(try JSONCoding.encoder.encode(OrderView(order, language: language)))
            let encoded = body
            entries.withLock { entries in
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[key] = (order, encoded)
            }
        }
        if let eta, body.last == UInt8(ascii: "}") {
            body.removeLast()
            body += Array(#","eta":"#.utf8)
            body += Self.json(eta).utf8
            body.append(UInt8(ascii: "}"))
        }
        return ByteBuffer(bytes: body)
    }

    /// The estimate as JSONEncoder would write it (sorted keys), without its per-call cost.
    static func json(_ eta: DeliveryEstimate) -> String {
        // Bases are short codes such as backlog+travel; anything that would need escaping goes through the encoder.
        guard !eta.basis.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
            return (try? JSONCoding.encoder.encode(eta)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
        let basis = eta.basis
        let stops = eta.stopsBefore.map { #","stopsBefore":\#($0)"# } ?? ""
        return #"{"basis":"\#(basis)","earliest":"\#(ISO8601.string(from: eta.earliest))","expectedAt":"\#(ISO8601.string(from: eta.expectedAt))","late":\#(eta.late),"latest":"\#(ISO8601.string(from: eta.latest))"\#(stops)}"#
    }
}
