/// The Syntetos–Boylan (2005) classes of demand, by the average interval between demands (ADI) and the
/// squared coefficient of variation of the demand sizes (CV²), cut at 1.32 and 0.49.
public enum DemandClass: String, Sendable, CaseIterable, Codable {
    /// Regular, steady sizes: ETS and Theta work.
    case smooth
    /// Regular, variable sizes.
    case erratic
    /// Irregular, steady sizes: Croston-type methods.
    case intermittent
    /// Irregular and variable: the hardest.
    case lumpy

    public static let adiCutoff = 1.32
    public static let cv2Cutoff = 0.49

    public struct Profile: Sendable {
        public var adi: Double
        public var cv2: Double
        public var demandCount: Int
        public var demandClass: DemandClass
    }

    public static func profile(_ y: [Double]) -> Profile {
        let sizes = y.filter { $0 != 0 }
        guard !sizes.isEmpty else { return Profile(adi: .infinity, cv2: 0, demandCount: 0, demandClass: .lumpy) }
        let adi = Double(y.count) / Double(sizes.count)
        let m = Statistics.mean(sizes)
        let cv2 = sizes.count > 1 ? Statistics.variance(sizes) / (m * m) : 0
        let regular = adi < adiCutoff
        let steady = cv2 < cv2Cutoff
        let demandClass: DemandClass = regular ? (steady ? .smooth : .erratic) : (steady ? .intermittent : .lumpy)
        return Profile(adi: adi, cv2: cv2, demandCount: sizes.count, demandClass: demandClass)
    }

    public static func classify(_ y: [Double]) -> DemandClass { profile(y).demandClass }
}
