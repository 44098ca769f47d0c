import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import Testing
import TestSupport

/// Reads server-sent events from a streaming HTTP body.
struct EventStreamReader {
    struct Event {
        var id: String
        var data: [String: Any]
    }

    var iterator: HTTPClientResponse.Body.AsyncIterator
    var pending = ""

    init(_ body: HTTPClientResponse.Body) { iterator = body.makeAsyncIterator() }

    /// The next event with an id (comments and `retry:` lines are skipped); throws after `seconds`.
    mutating func next(within seconds: Double = 10) async throws -> Event {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            if let range = pending.range(of: "\n\n") {
                let block = String(pending[..<range.lowerBound])
                pending = String(pending[range.upperBound...])
                var id: String?, data = ""
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                    if line.hasPrefix("data: ") { data += line.dropFirst(6) }
                }
                if let id { return Event(id: id, data: (try JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]) }
                continue
            }
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            guard let chunk = try await iterator.next() else { throw CancellationError() }
            pending += String(buffer: chunk)
        }
    }
}

@Suite("Order event stream (SSE)")
struct OrderEventsTests {
    @Test("the stream replays the timeline, pushes live events, and resumes after Last-Event-ID", arguments: TestDatabase.available)
    func stream(_ database: TestDatabase) async throws {
        try await withApp(database, setup: .live) { app in
            let port = try #require(app.client.port)
            let (token, _) = try await app.customer("watcher")
            let order = try await app.placeOrder(token: token, addressId: try await app.address(token: token))
            let id = try #require(order["id"] as? String)
            let admin = try await app.staff(.admin)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                func open(lastEventId: String? = nil, as bearer: String = token) async throws -> HTTPClientResponse {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/orders/\(id)/events")
                    request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
                    request.headers.add(name: "Accept-Language", value: "en")
                    if let lastEventId { request.headers.add(name: "Last-Event-ID", value: lastEventId) }
                    return try await http.execute(request, timeout: .seconds(30))
                }
                let response = try await open()
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
                var reader = EventStreamReader(response.body)
                let placed = try await reader.next()
                #expect(placed.data["status"] as? String == "pendingPayment")
                #expect(placed.data["message"] as? String == "Order placed, waiting for payment")

                #expect(try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"paid"}"#).status == .ok)
                let paid = try await reader.next()
                #expect(paid.data["status"] as? String == "paid")
                #expect(paid.id != placed.id)

                // A reconnect that saw only the first event gets exactly the rest, then what happens next.
                let resumed = try await open(lastEventId: placed.id)
                var second = EventStreamReader(resumed.body)
                #expect(try await second.next().id == paid.id)
                #expect(try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"allocated"}"#).status == .ok)
                #expect(try await second.next().data["status"] as? String == "allocated")
                #expect(try await reader.next().data["status"] as? String == "allocated", "the first stream sees it too")

                // An id the order never had replays the whole timeline (EventSource would give up on an error).
                let unknown = try await open(lastEventId: "evt_not_this_orders")
                #expect(unknown.status == .ok)
                var fromStart = EventStreamReader(unknown.body)
                #expect(try await fromStart.next().id == placed.id)
                let (stranger, _) = try await app.customer("stranger")
                #expect(try await open(as: stranger).status == .notFound)
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }
}
