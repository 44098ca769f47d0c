/// Every failure the domain can report to a caller, with a stable machine-readable code.
///
/// The server maps each case once to an HTTP status and the JSON error shape of DESIGN.md.
public enum LogisticsError: Error, Equatable, Sendable {
    case notFound(String)
    case validation(field: String, message: String)
    case unknownSKU(String)
    case insufficientStock(sku: String, requested: Int, available: Int)
    case forbiddenTransition(from: OrderStatus, to: OrderStatus)
    case transitionNotPermitted(role: Role, to: OrderStatus)
    case orderNotPayable(OrderStatus)
    case amountMismatch(expected: Int, received: Int)
    case idempotencyKeyReused
    /// The request is sound but the state it meets refuses it; code branches on `Conflict`, clients on its code.
    case conflict(Conflict, message: String)
    /// A self-service rule said no: the reason (a stable code) and what the customer can do, e.g. the
    /// conversation in which an agent takes the request on.
    case refused(Conflict, reason: String, message: String, details: [String: String] = [:])
    case forbidden(String)
    case unauthorized(String)
    case tooManyRequests(retryAfterSeconds: Int)
    /// An upload over its limit (a photo larger than the stop's limit).
    case tooLarge(what: String, limitBytes: Int)
    /// An upload whose content is not of a type this place takes (a PDF sent as a delivery photo).
    case unsupportedMedia(String)

    /// The stable code clients branch on.
    public var code: String {
        switch self {
        case .notFound: "not_found"
        case .validation: "invalid_field"
        case .unknownSKU: "unknown_sku"
        case .insufficientStock: "insufficient_stock"
        case .forbiddenTransition: "forbidden_transition"
        case .transitionNotPermitted: "transition_not_permitted"
        case .orderNotPayable: "order_not_payable"
        case .amountMismatch: "amount_mismatch"
        case .idempotencyKeyReused: "idempotency_key_reused"
        case .conflict(let conflict, _), .refused(let conflict, _, _, _): conflict.rawValue
        case .forbidden: "forbidden"
        case .unauthorized: "unauthorized"
        case .tooManyRequests: "too_many_requests"
        case .tooLarge: "payload_too_large"
        case .unsupportedMedia: "unsupported_media_type"
        }
    }

    /// A sentence for a person reading the response.
    public var message: String {
        switch self {
        case .notFound(let what): "\(what) was not found"
        case .validation(let field, let message): "\(field): \(message)"
        case .unknownSKU(let sku): "no product has SKU \(sku)"
        case .insufficientStock(let sku, let requested, let available):
            "only \(available) of \(sku) available, \(requested) requested"
        case .forbiddenTransition(let from, let to): "an order cannot go from \(from.rawValue) to \(to.rawValue)"
        case .transitionNotPermitted(let role, let to): "role \(role.rawValue) may not move an order to \(to.rawValue)"
        case .orderNotPayable(let status): "an order in status \(status.rawValue) cannot be paid"
        case .amountMismatch(let expected, let received): "paid \(received) cents, order total is \(expected) cents"
        case .idempotencyKeyReused: "this Idempotency-Key was already used for a different request"
        case .conflict(_, let message), .refused(_, _, let message, _): message
        case .forbidden(let message): message
        case .unauthorized(let message): message
        case .tooManyRequests(let seconds): "too many attempts, retry in \(seconds) s"
        case .tooLarge(let what, let limit): "\(what) is larger than \(limit) bytes"
        case .unsupportedMedia(let message): message
        }
    }

    /// Structured facts a client can act on (string values keep the JSON shape simple).
    public var details: [String: String] {
        switch self {
        case .validation(let field, _): ["field": field]
        case .unknownSKU(let sku): ["sku": sku]
        case .insufficientStock(let sku, let requested, let available):
            ["sku": sku, "requested": String(requested), "available": String(available)]
        case .forbiddenTransition(let from, let to): ["from": from.rawValue, "to": to.rawValue]
        case .transitionNotPermitted(let role, let to): ["role": role.rawValue, "to": to.rawValue]
        case .orderNotPayable(let status): ["status": status.rawValue]
        case .amountMismatch(let expected, let received): ["expected": String(expected), "received": String(received)]
        case .tooManyRequests(let seconds): ["retryAfterSeconds": String(seconds)]
        case .tooLarge(_, let limit): ["limitBytes": String(limit)]
        case .refused(_, let reason, _, let details): details.merging(["reason": reason]) { _, rule in rule }
        default: [:]
        }
    }
}

/// Why a sound request met a state that refuses it (HTTP 409). The raw value is the wire code.
public enum Conflict: String, Sendable, CaseIterable {
    /// The order changed between reading and writing it; deciding again on fresh state usually succeeds.
    case concurrentUpdate = "concurrent_update"
    /// A randomly generated order number was taken; placement retries with another.
    case orderNumberTaken = "order_number_taken"
    case stockWouldGoNegative = "stock_would_go_negative"
    case emailTaken = "email_taken"
    case waybillTaken = "waybill_taken"
    case tooManyAddresses = "too_many_addresses"
    case cancellationClosed = "cancellation_closed"
    /// The order is finished: its delivery address can no longer change.
    case addressChangeClosed = "address_change_closed"
    /// The self-service rules do not allow this address change; an agent takes it on (details: the conversation).
    case addressChangeNeedsAgent = "address_change_needs_agent"
    /// The return rules refuse this request (details: the reason; a conversation for an installed wall box).
    case returnRefused = "return_refused"
    /// A return cannot take this step in its state.
    case returnState = "return_state"
    /// An installation slot cannot be booked (details: the reason).
    case appointmentRefused = "appointment_refused"
    /// An admin tried to change their own role.
    case ownRole = "own_role"
    /// A customer's account cannot be given a staff role.
    case customerRole = "customer_role"
    case alreadyPaid = "already_paid"
    case alertState = "alert_state"
    case deliveryNotDead = "delivery_not_dead"
    case plateTaken = "plate_taken"
    /// A plan was asked for a warehouse that has no active vehicle.
    case noVehicles = "no_vehicles"
    /// A plan cannot take this step in its state (publish a plan that is not ready, or over a route under way).
    case planState = "plan_state"
    /// A route's vehicle has no driver for the plan's day.
    case noDriver = "no_driver"
    /// A route cannot start while some of its orders are not packed.
    case notPacked = "not_packed"
    /// A stop or route cannot take this step in its state (a failed stop delivered, a stop of a route not started).
    case stopState = "stop_state"
    /// A stop has as many photos as it may have.
    case photoLimit = "photo_limit"
    /// A suggestion already ordered, dismissed or superseded.
    case suggestionState = "suggestion_state"
    /// A purchase order cannot take this step in its status (approve a sent order, receive a draft).
    case purchaseOrderState = "purchase_order_state"
    /// A receipt would take a line beyond its ordered quantity plus the tolerance.
    case overReceipt = "over_receipt"
    case transferState = "transfer_state"
    /// A closed conversation takes no more messages, a solved one is rated once, an open one is not rated.
    case conversationState = "conversation_state"
}
