import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import Logistics
import NIOCore

/// `GET /api/v1/stream` upgraded to a WebSocket: customers receive their own orders' events and their own
/// conversations' messages, staff every order's events, agents and admins every chat message too (internal
/// notes included). `?since=N` first replays what followed feed position N (from the database), and
/// `?chatSince=M` the chat messages after chat position M, then the stream goes live; every message carries
/// its position, so a client that reconnects with the last ones misses nothing.
///
/// Messages (text frames, JSON): `{"type":"hello","position":N,"chatPosition":M}` once (no chat position for
/// staff who do not read chat), then `{"type":"tracking","position":N,"orderId":"…","event":{…}}` per event
/// and `{"type":"chat","chatPosition":M,"conversationId":"…","message":{…}}` per chat message.
struct StreamController: Sendable {
    let feed: any FeedStore
    let hub: FeedHub
    let tokens: TokenService

    struct Request: Sendable {
        var user: User
        var since: Int64?
        var chatSince: Int64?
        var language: TimelineLanguage
    }

    /// The plain-HTTP side of the route: explains why no upgrade happened, with the API's error shape.
    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("stream") { [tokens] request, context -> Response in
            var user = context.user
            if user == nil, let token = request.uri.queryParameters["access_token"] {
                user = try await tokens.user(fromAccessToken: String(token))
            }
            guard user != nil else { throw LogisticsError.unauthorized("sign in first: Authorization: Bearer <accessToken> or ?access_token=") }
            _ = try Self.since(request.uri.queryParameters["since"].map(String.init))
            _ = try Self.since(request.uri.queryParameters["chatSince"].map(String.init), field: "chatSince")
            throw APIError(.upgradeRequired, code: "upgrade_required", message: "this is a WebSocket endpoint: connect with Upgrade: websocket")
        }
    }

    static func since(_ text: String?, field: String = "since") throws -> Int64? {
        guard let text else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw APIError(.badRequest, code: "invalid_query", message: "\(field) must be a feed position (an integer ≥ 0)", details: ["field": field])
        }
        return value
    }

    /// Decides an upgrade: only a signed-in user with valid parameters gets one. A refused upgrade gets
    /// the WebSocket library's bare 400; the same URL without `Upgrade` says why, in the API's error shape.
    func shouldUpgrade(_ head: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard let uri = URLComponents(string: head.path ?? ""), uri.path == "/api/v1/stream" else { return .dontUpgrade }
        let query = Dictionary((uri.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        var token = query["access_token"]
        if let header = head.headerFields[.authorization], header.hasPrefix("Bearer ") { token = String(header.dropFirst(7)) }
        guard let token, let user = try? await tokens.user(fromAccessToken: token) else { return .dontUpgrade }
        let since: Int64?, chatSince: Int64?
        do {
            since = try Self.since(query["since"])
            chatSince = try Self.since(query["chatSince"], field: "chatSince")
        } catch { return .dontUpgrade }
        let language = query["lang"].map { TimelineLanguage(acceptLanguage: $0) }
            ?? TimelineLanguage(acceptLanguage: head.headerFields[.acceptLanguage])
        let request = Request(user: user, since: since, chatSince: chatSince, language: language)
        return .upgrade([:]) { inbound, outbound, _ in
            try await session(request, inbound: inbound, outbound: outbound)
        }
    }

    struct Message: Encodable {
        var type: String
        var position: Int64?
        var chatPosition: Int64?
        var orderId: String?
        var event: TrackingEvent?
        var conversationId: String?
        var message: ChatMessage?
    }

    func session(_ request: Request, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let hub = hub, store = feed
        let audience = LiveAudience(request.user)
        let customerId = audience.customerId
        let (token, cursor, chatCursor, live) = hub.subscribe(audience)
        defer { hub.unsubscribe(token) }
        Self.connections.increment()
        defer { Self.connections.decrement() }
        let language = request.language, since = request.since, chatSince = audience.readsChat ? request.chatSince : nil
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Reading is how a close from the client is noticed; nothing the client sends is needed.
            group.addTask { for try await _ in inbound {} }
            group.addTask {
                var last = since ?? cursor
                var lastChat = chatSince ?? chatCursor
                try await outbound.write(.text(try Self.encode(Message(type: "hello", position: last, chatPosition: audience.readsChat ? lastChat : nil))))
                if since != nil {
                    while true {
                        let missed = try await store.feed(after: last, customerId: customerId, limit: 1000)
                        for entry in missed { last = try await Self.send(entry, language: language, to: outbound) }
                        if missed.count < 1000 { break }
                    }
                }
                if chatSince != nil {
                    while true {
                        let missed = try await store.chatFeed(after: lastChat, customerId: customerId, limit: 1000)
                        for entry in missed { lastChat = try await Self.send(entry, to: outbound) }
                        if missed.count < 1000 { break }
                    }
                }
                for await item in live {
                    switch item {
                    case .tracking(let entry) where entry.position > last:
                        last = try await Self.send(entry, language: language, to: outbound)
                    case .chat(let entry) where entry.position > lastChat:
                        lastChat = try await Self.send(entry, to: outbound)
                    default:
                        continue
                    }
                }
                // The hub closed this stream: shutting down, or the client fell too far behind.
                try await outbound.close(.unknown(1013), reason: "reconnect with since=\(last)&chatSince=\(lastChat)")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    static let connections = ConnectionGauge()

    static func send(_ entry: FeedEntry, language: TimelineLanguage, to outbound: WebSocketOutboundWriter) async throws -> Int64 {
        var event = entry.event
        event.message = TrackingSentences.render(event, in: language)
        try await outbound.write(.text(try encode(Message(type: "tracking", position: entry.position, orderId: event.orderId, event: event))))
        return entry.position
    }

    static func send(_ entry: ChatFeedEntry, to outbound: WebSocketOutboundWriter) async throws -> Int64 {
        let message = Message(type: "chat", chatPosition: entry.position, conversationId: entry.message.conversationId, message: entry.message)
        try await outbound.write(.text(try encode(message)))
        return entry.position
    }

    static func encode(_ message: Message) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(message), as: UTF8.self)
    }
}
