import Foundation
import HTTPTypes
import Hummingbird
import Logistics
import Storage
import NIOCore
import ServiceLifecycle

/// Server-sent events for one order: first the timeline so far (or only what follows `Last-Event-ID`),
/// then each new event as it commits. Every event's `id:` is the tracking event's id, so a client that
/// reconnects with `Last-Event-ID` gets exactly what it missed: the database is read after a cursor, and
/// the in-process wake-up only says "look again".
struct OrderEventsController {
    let orders: OrderService
    let tracking: TrackingService
    let tokens: TokenService
    let changes: OrderChanges
    /// A comment line this often keeps proxies from closing an idle stream.
    let keepAlive: Duration
    /// A stream ends after this long; EventSource reconnects by itself with Last-Event-ID.
    var maximumLifetime: Duration = .seconds(30 * 60)

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("orders/{id}/events", use: stream)
    }

    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Browsers' EventSource cannot set headers, so the token may also come as ?access_token=.
        var user = context.user
        if user == nil, let token = request.uri.queryParameters["access_token"] {
            user = try await tokens.user(fromAccessToken: String(token))
        }
        guard let user else { throw LogisticsError.unauthorized("sign in first: Authorization: Bearer <accessToken> or ?access_token=") }
        let orderId = try context.parameters.require("id")
        let order = try await orders.order(id: orderId, for: user)
        var cursor = 0
        if let last = request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters["lastEventId"].map(String.init), !last.isEmpty {
            cursor = try await tracking.resumeSequence(orderId: order.id, after: last)
        }
        let language = request.timelineLanguage
        let tracking = tracking, changes = changes, keepAlive = keepAlive, lifetime = maximumLifetime
        let start = cursor
        let body = ResponseBody { writer in
            var cursor = start
            let deadline = ContinuousClock.now + lifetime
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            while ContinuousClock.now < deadline, !Task.isCancelled {
                let events = try await tracking.events(orderId: orderId, afterSequence: cursor, limit: 200)
                for event in events {
                    var shown = event
                    shown.message = TrackingSentences.render(event, in: language)
                    let data = String(decoding: try JSONCoding.encoder.encode(shown), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "id: \(event.id)\nevent: tracking\ndata: \(data)\n\n"))
                    cursor = event.sequence
                }
                if events.count == 200 { continue }  // more to replay before waiting
                // On graceful shutdown the wait ends at once and the loop finishes the stream.
                let woken = await cancelWhenGracefulShutdown { await changes.wait(orderId: orderId, timeout: keepAlive) }
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                if !woken {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body)
    }
}
