/// A SKU the mall sells. Weight and volume feed dispatch capacity; price is integer cents.
public struct Product: Codable, Equatable, Sendable {
    public var sku: String
    public var name: String
    public var category: ProductCategory
    public var weightGrams: Int
    public var volumeMillilitres: Int
    public var needsInstallation: Bool
    public var serialTracked: Bool
    public var priceCents: Int
    public var active: Bool

    public init(
        sku: String, name: String, category: ProductCategory, weightGrams: Int, volumeMillilitres: Int,
        needsInstallation: Bool, serialTracked: Bool, priceCents: Int, active: Bool = true
    ) {
        self.sku = sku
        self.name = name
        self.category = category
        self.weightGrams = weightGrams
        self.volumeMillilitres = volumeMillilitres
        self.needsInstallation = needsInstallation
        self.serialTracked = serialTracked
        self.priceCents = priceCents
        self.active = active
    }

    /// Checks what the database cannot express well; throws the first problem found.
    public func validate() throws(LogisticsError) {
        let skuCharacters = sku.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
        guard (2...40).contains(sku.count), skuCharacters else {
            throw .validation(field: "sku", message: "2 to 40 letters, digits, '-' or '_'")
        }
        guard (1...200).contains(name.count) else { throw .validation(field: "name", message: "1 to 200 characters") }
        guard weightGrams >= 0 else { throw .validation(field: "weightGrams", message: "must not be negative") }
        guard volumeMillilitres >= 0 else { throw .validation(field: "volumeMillilitres", message: "must not be negative") }
        guard priceCents >= 0 else { throw .validation(field: "priceCents", message: "must not be negative") }
    }
}

/// What kind of thing a SKU is; installation is a service line, not a parcel.
public enum ProductCategory: String, Codable, CaseIterable, Sendable {
    case wallCharger, portableCharger, cable, adapter, sparePart, installation
}
