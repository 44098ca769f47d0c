import Foundation
import Synchronization

/// The agents' desk around the conversations: each queue's targets and the clocks they run, the warning
/// when a clock is about to break, and canned replies filled from the order's live data.
public struct ServiceDeskService: Sendable {
    public typealias Store = SupportStore & ServiceDeskStore
    let store: any Store
    let orders: OrderService
    let explanations: OrderExplanationService
    public let hours: BusinessHours
    let clock: @Sendable () -> Date
    /// Every inbox read needs the levels and they change about never: kept for a few seconds (a change made on
    /// another instance shows within that time; one made here, at once).
    let cache = LevelCache()

    final class LevelCache: Sendable {
        private let entry = Mutex<(levels: [ServiceLevel], until: ContinuousClock.Instant)?>(nil)
        static let lifetime = Duration.seconds(5)

        func get() -> [ServiceLevel]? {
            entry.withLock { entry in entry.flatMap { $0.until > .now ? $0.levels : nil } }
        }

        func put(_ levels: [ServiceLevel]) { entry.withLock { $0 = (levels, .now + Self.lifetime) } }
        func clear() { entry.withLock { $0 = nil } }
    }

    public init(store: any Store, orders: OrderService, explanations: OrderExplanationService, hours: BusinessHours = .standard,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.orders = orders
        self.explanations = explanations
        self.hours = hours
        self.clock = clock
    }

    private func requireAgent(_ user: User) throws {
        guard SupportService.agents.contains(user.role) else { throw LogisticsError.forbidden("agents and admins only") }
    }

    // MARK: Service levels

    /// Every queue's targets: as set by an admin, else the standard ones.
    public func levels() async throws -> [ServiceLevel] {
        if let cached = cache.get() { return cached }
        let set = Dictionary(try await store.serviceLevels().map { ($0.category, $0) }, uniquingKeysWith: { first, _ in first })
        let levels = ConversationCategory.allCases.map { set[$0] ?? .standard($0) }
        cache.put(levels)
        return levels
    }

    public func levels(by user: User) async throws -> [ServiceLevel] {
        try requireAgent(user)
        return try await levels()
    }

    /// An admin sets a queue's targets; conversations already open are measured by them from now on.
    public func setLevel(_ level: ServiceLevel, by user: User) async throws -> ServiceLevel {
        guard user.role == .admin else { throw LogisticsError.forbidden("admins set the service levels") }
        for (field, value) in [("firstResponseMinutes", level.firstResponseMinutes), ("resolutionMinutes", level.resolutionMinutes)]
        where !ServiceLevel.limits.contains(value) {
            throw LogisticsError.validation(field: field, message: "\(ServiceLevel.limits.lowerBound) to \(ServiceLevel.limits.upperBound) minutes")
        }
        guard level.firstResponseMinutes <= level.resolutionMinutes else {
            throw LogisticsError.validation(field: "resolutionMinutes", message: "at least the first-response target")
        }
        try await store.saveServiceLevel(level, by: user.id, at: clock())
        cache.clear()
        return level
    }

    /// The conversations with their clocks as of now.
    public func withServiceLevels(_ conversations: [Conversation]) async throws -> [Conversation] {
        guard !conversations.isEmpty else { return conversations }
        let levels = Dictionary(try await levels().map { ($0.category, $0) }, uniquingKeysWith: { first, _ in first })
        let now = clock()
        return conversations.map { conversation in
            var conversation = conversation
            conversation.serviceLevel = ServiceLevelRules.evaluate(conversation, level: levels[conversation.category] ?? .standard(conversation.category),
                                                                   hours: hours, now: now)
            return conversation
        }
    }

    /// Warns the agents, once per clock, about every open or pending conversation whose first response or
    /// resolution is at risk or late: an internal notice in the conversation, which reaches every agent live.
    /// Returns the warnings given.
    @discardableResult
    public func watch(limit: Int = 5_000) async throws -> [(conversationId: String, clock: String)] {
        var given: [(String, String)] = []
        for state in [ConversationState.open, .pending] {
            var before: String?
            var seen = 0
            while seen < limit {
                let page = try await withServiceLevels(try await store.conversations(customerId: nil, state: state, category: nil, assigneeId: nil,
                                                                                      beforeId: before, limit: 200))
                for conversation in page {
                    guard let level = conversation.serviceLevel else { continue }
                    for (name, clock) in [("firstResponse", level.firstResponse), ("resolution", level.resolution)] where [.atRisk, .breached].contains(clock.state) {
                        let note = ChatMessage(id: Identifier.make("msg", at: self.clock()), conversationId: conversation.id, author: .system, authorId: nil,
                                               text: Self.warning(name, clock), internal: true, createdAt: self.clock())
                        if try await store.warnServiceLevel(conversationId: conversation.id, clock: "\(name):\(clock.state.rawValue)", note: note) {
                            given.append((conversation.id, name))
                        }
                    }
                }
                seen += page.count
                guard page.count == 200, let last = page.last else { break }
                before = last.id
            }
        }
        return given
    }

    /// An agents' notice in both console languages: the clock, when it is due, how much time is left.
    static func warning(_ name: String, _ clock: ServiceClock) -> String {
        let due = ChinaClock.hourMinute(clock.dueAt)
        let minutes = Int((clock.minutesLeft ?? 0).rounded())
        let zhName = name == "firstResponse" ? "首次响应" : "解决"
        let enName = name == "firstResponse" ? "first response" : "resolution"
        if clock.state == .breached {
            return "⚠ \(zhName)时限已于 \(due) 超时 · SLA breached: \(enName) was due at \(due)"
        }
        return "⚠ \(zhName)时限 \(due) 到期，剩 \(minutes) 分钟 · SLA at risk: \(enName) due at \(due), \(minutes) min left"
    }

    // MARK: Canned replies

    public func cannedReplies(by user: User) async throws -> [CannedReply] {
        try requireAgent(user)
        return try await store.cannedReplies()
    }

    public func addCannedReply(title rawTitle: String, text rawText: String, category: ConversationCategory?, by user: User) async throws -> CannedReply {
        try requireAgent(user)
        let title = rawTitle.trimmingCharacters(in: .whitespacesAndNewlines), text = rawText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...CannedReplyRules.maximumTitle).contains(title.count) else {
            throw LogisticsError.validation(field: "title", message: "1 to \(CannedReplyRules.maximumTitle) characters")
        }
        guard (1...ConversationRules.maximumText).contains(text.count) else {
            throw LogisticsError.validation(field: "text", message: "1 to \(ConversationRules.maximumText) characters")
        }
        let unknown = CannedReplyRules.unknownPlaceholders(in: text)
        guard unknown.isEmpty else {
            throw LogisticsError.validation(field: "text", message: "unknown placeholder {\(unknown[0])}; known: "
                                            + CannedReplyRules.placeholders.map { "{\($0)}" }.joined(separator: ", "))
        }
        let now = clock()
        let reply = CannedReply(id: Identifier.make("rpl", at: now), title: title, text: text, category: category, createdBy: user.id, createdAt: now)
        try await store.insertCannedReply(reply)
        return reply
    }

    public func deleteCannedReply(id: String, by user: User) async throws {
        try requireAgent(user)
        guard try await store.deleteCannedReply(id: id) else { throw LogisticsError.notFound("canned reply \(id)") }
    }

    /// Every canned reply as it would read in this conversation, the conversation's queue first; placeholders
    /// without a value (no order, not with a carrier) are listed in `missing` and left for the agent.
    public func filledReplies(conversationId: String, by user: User, language: TimelineLanguage) async throws -> [FilledReply] {
        try requireAgent(user)
        guard let conversation = try await store.conversation(id: conversationId) else { throw LogisticsError.notFound("conversation \(conversationId)") }
        var facts = ReplyFacts()
        if let orderId = conversation.orderId {
            let order = try await orders.order(id: orderId, for: user)
            let explanation = try await explanations.explain(orderId: orderId, for: user, in: language)
            facts = ReplyFacts(order: order, explanation: explanation, language: language)
        }
        let replies = try await store.cannedReplies()
        let ordered = replies.filter { $0.category == conversation.category } + replies.filter { $0.category != conversation.category }
        return ordered.map { CannedReplyRules.fill($0, with: facts) }
    }
}
