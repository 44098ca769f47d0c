/// A customer's saved delivery address.
public struct Address: Codable, Equatable, Sendable {
    public var id: String
    public var customerId: String
    public var recipient: String
    public var phone: String
    public var region: String
    public var detail: String
    public var latitude: Double
    public var longitude: Double

    public init(
        id: String, customerId: String, recipient: String, phone: String, region: String, detail: String,
        latitude: Double, longitude: Double
    ) {
        self.id = id
        self.customerId = customerId
        self.recipient = recipient
        self.phone = phone
        self.region = region
        self.detail = detail
        self.latitude = latitude
        self.longitude = longitude
    }

    public var location: GeoPoint { GeoPoint(latitude: latitude, longitude: longitude) }

    /// The copy an order keeps, so editing the address book never rewrites history.
    public var snapshot: AddressSnapshot {
        AddressSnapshot(recipient: recipient, phone: phone, region: region, detail: detail, latitude: latitude, longitude: longitude)
    }

    public func validate() throws(LogisticsError) {
        guard (1...60).contains(recipient.count) else { throw .validation(field: "recipient", message: "1 to 60 characters") }
        let digits = phone.filter { $0.isNumber }
        guard (6...20).contains(digits.count), phone.count <= 24,
            phone.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" || $0 == " " })
        else { throw .validation(field: "phone", message: "6 to 20 digits, optionally with +, - or spaces") }
        guard (1...60).contains(region.count) else { throw .validation(field: "region", message: "1 to 60 characters") }
        guard (1...200).contains(detail.count) else { throw .validation(field: "detail", message: "1 to 200 characters") }
        guard location.isValid else { throw .validation(field: "latitude", message: "latitude/longitude out of range") }
    }
}

/// The delivery address as it was when the order was placed.
public struct AddressSnapshot: Codable, Equatable, Sendable {
    public var recipient: String
    public var phone: String
    public var region: String
    public var detail: String
    public var latitude: Double
    public var longitude: Double

    public init(recipient: String, phone: String, region: String, detail: String, latitude: Double, longitude: Double) {
        self.recipient = recipient
        self.phone = phone
        self.region = region
        self.detail = detail
        self.latitude = latitude
        self.longitude = longitude
    }

    public var location: GeoPoint { GeoPoint(latitude: latitude, longitude: longitude) }
}
