/// The common carrier convention for where a parcel is (AfterShip's tags, Kuaidi100's states map onto them).
public enum TrackingTag: String, Codable, CaseIterable, Sendable {
    case infoReceived, inTransit, outForDelivery, attemptFailed, delivered, availableForPickup, exception, returnedToSender
    /// Ours, not a carrier's: the order will be later than promised; the note holds a `DelayReason`.
    case delayed
    /// Our own driver is at the door (no status change).
    case arrived
    /// A new ETA after a traffic change; the note holds it (ISO 8601).
    case rescheduled
    /// An installation slot was booked or moved (no status change); the note holds its start (ISO 8601).
    case appointment
    /// A return or exchange moved on (no status change); the note holds `kind:status` of the RMA.
    case returnUpdated
    /// The customer changed the delivery address (no status change); the note holds the new one.
    case addressChanged
    /// The payment provider confirmed a refund (no status change); the note holds the amount ("¥1299.00").
    case refunded

    /// The order status a carrier event with this tag drives towards; nil when it only informs.
    public var orderTarget: OrderStatus? {
        switch self {
        case .infoReceived, .exception, .delayed, .arrived, .rescheduled, .refunded, .addressChanged, .returnUpdated, .appointment: nil
        case .inTransit: .shipped
        case .outForDelivery, .availableForPickup: .outForDelivery
        case .attemptFailed: .deliveryFailed
        case .delivered: .delivered
        case .returnedToSender: .returned
        }
    }

    /// Kuaidi100's `state` codes (0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 7 转投, 8 清关,
    /// 10 待清关, 11 清关中, 12 已清关, 13 清关异常, 14 拒签) and the tag each means.
    static let kuaidi100States: [Int: TrackingTag] = [
        0: .inTransit, 1: .inTransit, 7: .inTransit, 8: .inTransit, 10: .inTransit, 11: .inTransit, 12: .inTransit,
        2: .exception, 13: .exception, 3: .delivered, 4: .returnedToSender, 6: .returnedToSender, 5: .outForDelivery, 14: .attemptFailed,
    ]

    /// Every status a carrier may send: Kuaidi100's codes and our tag names (but `delayed`, which is ours alone).
    /// The OpenAPI document lists exactly these; `init(carrierStatus:)` reads the same table.
    public static let carrierStatuses: [String] =
        kuaidi100States.keys.sorted().map(String.init) + allCases.filter { !ours.contains($0) }.map(\.rawValue)

    /// Tags only we write: a carrier may not send them.
    static let ours: Set<TrackingTag> = [.delayed, .arrived, .rescheduled, .refunded, .addressChanged, .returnUpdated, .appointment]

    /// A carrier's status, as a Kuaidi100 code or one of our tag names; nil for anything else.
    public init?(carrierStatus: String) {
        if let tag = TrackingTag(rawValue: carrierStatus), !Self.ours.contains(tag) {
            self = tag
        } else if let code = Int(carrierStatus), String(code) == carrierStatus, let tag = Self.kuaidi100States[code] {
            self = tag
        } else {
            return nil
        }
    }
}

/// The steps that take an order from `current` to `target` through the status machine, shortest first;
/// empty when `target` is not ahead of `current` (a carrier can never move an order backwards).
public enum StatusPath {
    /// Forward ranks; the two delivery outcomes and the retry loop are handled by the machine itself.
    static func rank(_ status: OrderStatus) -> Int {
        switch status {
        case .pendingPayment: 0
        case .paid: 1
        case .allocated: 2
        case .picking: 3
        case .packed: 4
        case .shipped: 5
        case .outForDelivery: 6
        case .deliveryFailed: 7
        case .delivered, .returned: 8
        case .cancelled: 9
        }
    }

    public static func forward(from current: OrderStatus, to target: OrderStatus) -> [OrderStatus] {
        guard current != target else { return [] }
        // A retry after a failed attempt is the one step that goes to a lower rank.
        let retry = current == .deliveryFailed && target == .outForDelivery
        guard retry || rank(target) > rank(current) else { return [] }
        var queue: [[OrderStatus]] = [[current]]
        var seen: Set<OrderStatus> = [current]
        while !queue.isEmpty {
            let path = queue.removeFirst()
            for next in path.last!.successors.sorted(by: { $0.rawValue < $1.rawValue }) where !seen.contains(next) && next != .cancelled {
                if next == target { return Array(path.dropFirst()) + [next] }
                seen.insert(next)
                queue.append(path + [next])
            }
        }
        return []
    }
}
