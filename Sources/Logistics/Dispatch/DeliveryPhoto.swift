import Foundation

/// The image formats a proof-of-delivery photo may have, told by the bytes and never by the name or the
/// header a phone sends (a renamed PDF is not a photo).
public enum PhotoFormat: String, Codable, Sendable, CaseIterable {
    case jpeg
    case png

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    /// The format whose structure the bytes start with: a JPEG's start-of-image marker followed by another
    /// marker, a PNG's signature followed by its IHDR chunk. Nil for anything else.
    public static func sniff(_ bytes: some Collection<UInt8>) -> PhotoFormat? {
        let head = Array(bytes.prefix(16))
        if head.count >= 4, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF, head[3] >= 0xC0, head[3] != 0xFF { return .jpeg }
        let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if head.count >= 16, Array(head[0..<8]) == pngSignature, Array(head[12..<16]) == Array("IHDR".utf8) { return .png }
        return nil
    }
}

/// A photo a driver took at a stop: the parcel at the door, a signature, the installed wall box.
public struct DeliveryPhoto: Codable, Equatable, Sendable {
    public var id: String
    public var stopId: String
    public var orderId: String
    public var driverId: String
    public var format: PhotoFormat
    public var bytes: Int
    /// A fingerprint of the content, so a phone that sends the same photo again after a timeout adds nothing.
    public var fingerprint: String
    public var takenAt: Date

    public var mediaType: String { format.mediaType }

    public init(id: String, stopId: String, orderId: String, driverId: String, format: PhotoFormat, bytes: Int, fingerprint: String, takenAt: Date) {
        self.id = id
        self.stopId = stopId
        self.orderId = orderId
        self.driverId = driverId
        self.format = format
        self.bytes = bytes
        self.fingerprint = fingerprint
        self.takenAt = takenAt
    }

    /// FNV-1a over the bytes with their count: cheap, stable across runs and machines, and enough to tell a
    /// resent photo from another one of the same stop.
    public static func fingerprint(of data: some Collection<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16) + "-" + String(data.count)
    }
}

/// What happened at the door for one order: each delivery attempt with who received it or why it failed,
/// and its photos. Shown to staff and to the order's customer.
public struct ProofOfDelivery: Codable, Equatable, Sendable {
    public struct Attempt: Codable, Equatable, Sendable {
        public var stopId: String
        public var routeId: String
        public var status: StopStatus
        public var arrivedAt: Date?
        public var completedAt: Date?
        public var recipientName: String?
        public var note: String?
        public var failureReason: String?
        public var photos: [DeliveryPhoto]

        public init(stopId: String, routeId: String, status: StopStatus, arrivedAt: Date?, completedAt: Date?, recipientName: String?, note: String?,
                    failureReason: String?, photos: [DeliveryPhoto]) {
            self.stopId = stopId
            self.routeId = routeId
            self.status = status
            self.arrivedAt = arrivedAt
            self.completedAt = completedAt
            self.recipientName = recipientName
            self.note = note
            self.failureReason = failureReason
            self.photos = photos
        }
    }

    public var orderId: String
    /// Oldest first; only attempts on routes that were started.
    public var attempts: [Attempt]

    public init(orderId: String, attempts: [Attempt]) {
        self.orderId = orderId
        self.attempts = attempts
    }
}
