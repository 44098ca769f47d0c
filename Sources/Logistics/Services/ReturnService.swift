import Foundation

/// Returns and exchanges, from the customer's request to the refund or the replacement: approved by rule (a
/// no-reason return in its window) or by an agent (a defect claim), picked up, received and inspected by the
/// warehouse (back to stock, or scrapped), then the money goes back through the refund worker, or the same
/// goods go out again on a replacement order. Each step says so in the order's timeline.
public struct ReturnService: Sendable {
    public typealias Store = ReturnStore & CatalogStore
    let store: any Store
    let orders: OrderService
    let support: SupportService
    let clock: @Sendable () -> Date

    /// Who decides defect claims.
    public static let agents: Set<Role> = [.agent, .admin]
    /// Who receives returned goods.
    public static let receivers: Set<Role> = [.warehouse, .admin]
    /// Who records a return's waybill: the customer who sent the goods, or staff who booked the carrier.
    public static let waybillRecorders: Set<Role> = agents.union(receivers).union([.customer])

    public init(store: any Store, orders: OrderService, support: SupportService, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.orders = orders
        self.support = support
        self.clock = clock
    }

    public func request(orderId: String, kind: ReturnKind, lines: [ReturnLine], reason: ReturnReason, detail: String?, unused: Bool, by user: User,
                        language: TimelineLanguage) async throws -> ReturnRequest {
        guard user.role == .customer else { throw LogisticsError.forbidden("customers ask for returns of their own orders") }
        let order = try await orders.order(id: orderId, for: user)
        let detail = detail?.trimmingCharacters(in: .whitespacesAndNewlines).prefix(ConversationRules.maximumText).description
        guard lines.allSatisfy({ $0.quantity > 0 }) else { throw LogisticsError.validation(field: "lines", message: "quantities of at least 1") }
        guard ReturnRules.fits(lines, order: order, alreadyReturning: try await store.returningQuantities(orderId: orderId)) else {
            throw LogisticsError.refused(.returnRefused, reason: ReturnRefusal.tooMany.rawValue, message: ReturnRefusal.tooMany.sentence(in: language))
        }
        let products = Dictionary(try await store.products(skus: order.lines.map(\.sku)).map { ($0.sku, $0.category) }, uniquingKeysWith: { first, _ in first })
        let installedWallBox = order.lines.contains { products[$0.sku] == .installation }
            && lines.contains { products[$0.sku] == .wallCharger }
        // The first delivered event: the RMA steps that follow keep the status and come later.
        let deliveredAt = order.timeline.first { $0.status == .delivered }?.occurredAt
        let now = clock()
        let decision = ReturnRules.decide(kind: kind, reason: reason, order: order, deliveredAt: deliveredAt, installedWallBox: installedWallBox,
                                          unused: unused, now: now)
        let status: ReturnStatus
        switch decision {
        case .refuse(.installedNeedsTechnician):
            let zh = language == .zhCN
            let ask = zh ? "订单 \(order.number) 已安装的充电桩需要售后：\(detail ?? reason.rawValue)" : "Order \(order.number): the installed wall box needs service: \(detail ?? reason.rawValue)"
            let conversation = try await support.handOver(orderId: orderId, category: .installation, request: ask,
                                                          explanation: ReturnRefusal.installedNeedsTechnician.sentence(in: language), by: user)
            throw LogisticsError.refused(.returnRefused, reason: ReturnRefusal.installedNeedsTechnician.rawValue,
                                         message: ReturnRefusal.installedNeedsTechnician.sentence(in: language), details: ["conversationId": conversation.id])
        case .refuse(let refusal):
            throw LogisticsError.refused(.returnRefused, reason: refusal.rawValue, message: refusal.sentence(in: language))
        case .approve: status = .approved
        case .review: status = .requested
        }
        let rma = ReturnRequest(id: Identifier.make("rma", at: now), orderId: orderId, customerId: user.id, kind: kind, reason: reason,
                                detail: detail?.isEmpty == false ? detail : nil, lines: lines, status: status, decidedBy: status == .approved ? "rule" : nil,
                                pickup: order.shipments.contains { $0.carrierCode != nil } ? .carrier : .ownFleet,
                                refundCents: kind == .return ? ReturnRules.refundCents(lines, order: order) : 0, createdAt: now, updatedAt: now)
        try await store.insertReturn(rma, event: event(rma, actor: user.id, source: .customer, at: now))
        return rma
    }

    /// An agent approves or rejects a defect claim.
    public func decide(id: String, approve: Bool, note: String?, by user: User) async throws -> ReturnRequest {
        guard Self.agents.contains(user.role) else { throw LogisticsError.forbidden("agents and admins decide returns") }
        guard var rma = try await store.returnRequest(id: id) else { throw LogisticsError.notFound("return \(id)") }
        guard rma.status == .requested else { throw LogisticsError.conflict(.returnState, message: "return \(id) is \(rma.status.rawValue); only a requested one is decided") }
        let now = clock()
        rma.status = approve ? .approved : .rejected
        rma.decidedBy = user.id
        rma.decisionNote = note.map { String($0.prefix(500)) }
        rma.updatedAt = now
        guard try await store.advanceReturn(rma, from: .requested, event: event(rma, actor: user.id, source: .staff, at: now), restock: [], refund: nil) else {
            throw LogisticsError.conflict(.returnState, message: "return \(id) changed meanwhile; read it again")
        }
        return rma
    }

    /// The customer adds a photo to their RMA until the goods are received (the content decides the type).
    public func addPhoto(id: String, data: Data, by user: User) async throws -> ReturnRequest {
        guard user.role == .customer else { throw LogisticsError.forbidden("customers add photos to their own returns") }
        let rma = try await returnRequest(id: id, for: user)
        guard data.count <= PhotoAttachment.maximumBytes else { throw LogisticsError.tooLarge(what: "a photo", limitBytes: PhotoAttachment.maximumBytes) }
        guard let format = PhotoFormat.sniff(data) else {
            throw LogisticsError.unsupportedMedia("a photo must be a JPEG or PNG image (the content is checked, not the name)")
        }
        let now = clock()
        let photo = PhotoAttachment(id: Identifier.make("rph", at: now), format: format, bytes: data.count)
        guard try await store.addReturnPhoto(photo, data: data, returnId: rma.id, statuses: [.requested, .approved, .pickedUp],
                                             maxPhotos: ReturnRequest.maximumPhotos, uploadedBy: user.id, at: now) else {
            throw LogisticsError.conflict(.returnState, message: "return \(id) is \(rma.status.rawValue); photos are added until the goods are received")
        }
        return try await returnRequest(id: id, for: user)
    }

    /// A photo of an RMA its reader may see (its customer, or staff).
    public func photo(id photoId: String, returnId: String, for user: User) async throws -> (photo: PhotoAttachment, data: Data) {
        _ = try await returnRequest(id: returnId, for: user)
        guard let found = try await store.returnPhoto(id: photoId, returnId: returnId) else { throw LogisticsError.notFound("photo \(photoId)") }
        return found
    }

    /// The goods of an approved RMA go back by carrier: the customer (who sent them) or staff (who booked the
    /// carrier) records the waybill, and the RMA is on its way back (a pickup stop not yet under way then has
    /// nothing to collect). The same waybill again returns the RMA as it is.
    public func recordWaybill(id: String, carrierCode: String, waybillNumber: String, by user: User) async throws -> ReturnRequest {
        guard Self.waybillRecorders.contains(user.role) else {
            throw LogisticsError.forbidden("the customer, agents and the warehouse record return waybills")
        }
        var rma = try await returnRequest(id: id, for: user)
        let carrier = carrierCode.lowercased(), number = waybillNumber
        guard (2...20).contains(carrier.count), carrier.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw LogisticsError.validation(field: "carrierCode", message: "2 to 20 letters, digits or '-'")
        }
        guard (6...40).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw LogisticsError.validation(field: "waybillNumber", message: "6 to 40 letters, digits or '-'")
        }
        let waybill = ReturnRequest.ReturnWaybill(carrierCode: carrier, waybillNumber: number)
        if rma.returnWaybill == waybill { return rma }
        guard rma.status == .approved else {
            throw LogisticsError.conflict(.returnState, message: "return \(id) is \(rma.status.rawValue); a waybill is recorded for an approved one")
        }
        let now = clock()
        rma.status = .pickedUp
        rma.returnWaybill = waybill
        rma.updatedAt = now
        let event = PickupNotes.event(.carrier, orderId: rma.orderId, status: .delivered, value: "\(carrier) \(number)", actor: user.id,
                                      source: user.role == .customer ? .customer : .staff, at: now)
        guard try await store.advanceReturn(rma, from: .approved, event: event, restock: [], refund: nil) else {
            throw LogisticsError.conflict(.returnState, message: "return \(id) changed meanwhile; read it again")
        }
        return rma
    }

    /// The warehouse received the goods and inspected them: back to stock or scrapped, the refund recorded (a
    /// return) or the replacement placed (an exchange). Repeating the call with the same outcome returns the
    /// RMA as it is (and finishes an exchange whose replacement could not be placed the first time): stock and
    /// money move once.
    public func receive(id: String, outcome: InspectionOutcome, note: String?, by user: User) async throws -> ReturnRequest {
        guard Self.receivers.contains(user.role) else { throw LogisticsError.forbidden("the warehouse receives returns") }
        guard var rma = try await store.returnRequest(id: id) else { throw LogisticsError.notFound("return \(id)") }
        if [.received, .completed].contains(rma.status) {
            guard rma.inspection == outcome else { throw LogisticsError.conflict(.returnState, message: "return \(id) was received as \(rma.inspection?.rawValue ?? "")") }
            return rma.kind == .exchange && rma.status == .received ? try await replace(rma, by: user) : rma
        }
        let from = rma.status
        guard from == .approved || from == .pickedUp else {
            throw LogisticsError.conflict(.returnState, message: "return \(id) is \(rma.status.rawValue); only an approved or picked-up one is received")
        }
        guard let order = try await orders.store.order(id: rma.orderId) else { throw LogisticsError.notFound("order \(rma.orderId)") }
        let now = clock()
        rma.status = .received
        rma.inspection = outcome
        rma.inspectionNote = note.map { String($0.prefix(500)) }
        rma.updatedAt = now
        var refund: Refund?
        if rma.kind == .return, rma.refundCents > 0 {
            refund = Refund(id: Identifier.make("rfd", at: now), orderId: rma.orderId, customerId: rma.customerId, amountCents: rma.refundCents,
                            reason: "return \(rma.id)", paymentReference: order.paymentReference ?? "offline", createdAt: now)
            rma.refundId = refund?.id
        }
        guard try await store.advanceReturn(rma, from: from, event: event(rma, actor: user.id, source: .staff, at: now),
                                            restock: outcome == .restock ? rma.lines : [], refund: refund) else {
            // A racing receipt won: answer from what it did.
            return try await receive(id: id, outcome: outcome, note: note, by: user)
        }
        if rma.kind == .return {
            rma.status = .completed
            rma.updatedAt = clock()
            _ = try await store.advanceReturn(rma, from: .received, event: event(rma, actor: user.id, source: .staff, at: rma.updatedAt), restock: [], refund: nil)
            return rma
        }
        return try await replace(rma, by: user)
    }

    /// Places the exchange's replacement (idempotent on the RMA) and completes the RMA.
    private func replace(_ rma: ReturnRequest, by user: User) async throws -> ReturnRequest {
        guard let order = try await orders.store.order(id: rma.orderId) else { throw LogisticsError.notFound("order \(rma.orderId)") }
        let replacement = try await orders.placeReplacement(of: order, lines: rma.lines, reference: rma.id)
        var rma = rma
        rma.replacementOrderId = replacement.id
        rma.status = .completed
        rma.updatedAt = clock()
        if try await store.advanceReturn(rma, from: .received, event: event(rma, actor: user.id, source: .staff, at: rma.updatedAt), restock: [], refund: nil) {
            return rma
        }
        return try await store.returnRequest(id: rma.id) ?? rma
    }

    public func returns(orderId: String, for user: User) async throws -> [ReturnRequest] {
        _ = try await orders.order(id: orderId, for: user)
        return try await store.returns(orderId: orderId)
    }

    public func returnRequest(id: String, for user: User) async throws -> ReturnRequest {
        guard let rma = try await store.returnRequest(id: id), user.role == .customer ? rma.customerId == user.id : user.role.isStaff else {
            throw LogisticsError.notFound("return \(id)")
        }
        return rma
    }

    public func returns(status: ReturnStatus?, beforeId: String?, limit: Int, by user: User) async throws -> [ReturnRequest] {
        guard Self.agents.union(Self.receivers).contains(user.role) else { throw LogisticsError.forbidden("agents and the warehouse") }
        return try await store.returns(status: status, beforeId: beforeId, limit: limit)
    }

    private func event(_ rma: ReturnRequest, actor: String, source: EventSource, at time: Date) -> TrackingEvent {
        rma.timelineEvent(actor: actor, source: source, at: time)
    }
}
