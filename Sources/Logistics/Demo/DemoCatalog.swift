/// The demo mall: a Shenzhen shop for EV charging equipment. Pure data, so tests and the seeder agree.
public enum DemoCatalog {
    /// Real places in Shenzhen's logistics districts.
    public static let warehouses: [Warehouse] = [
        Warehouse(id: "wh_baoan", code: "SZ-BA", name: "Bao'an warehouse", address: "Fuyong, Bao'an District, Shenzhen", location: GeoPoint(latitude: 22.6790, longitude: 113.8250)),
        Warehouse(id: "wh_longgang", code: "SZ-LG", name: "Longgang warehouse", address: "Pingdi, Longgang District, Shenzhen", location: GeoPoint(latitude: 22.7200, longitude: 114.2470)),
        Warehouse(id: "wh_nanshan", code: "SZ-NS", name: "Nanshan warehouse", address: "Xili, Nanshan District, Shenzhen", location: GeoPoint(latitude: 22.5800, longitude: 113.9500)),
    ]

    /// Shenzhen districts with a centre and a spread (degrees) for scattering customers.
    public static let districts: [(name: String, latitude: Double, longitude: Double, spread: Double, weight: Int)] = [
        ("Futian", 22.5410, 114.0550, 0.025, 16), ("Luohu", 22.5480, 114.1310, 0.025, 10), ("Nanshan", 22.5330, 113.9300, 0.035, 18),
        ("Bao'an", 22.5550, 113.8840, 0.05, 18), ("Longgang", 22.7200, 114.2470, 0.06, 14), ("Longhua", 22.6560, 114.0450, 0.035, 12),
        ("Guangming", 22.7490, 113.9360, 0.03, 4), ("Pingshan", 22.6900, 114.3460, 0.03, 3), ("Yantian", 22.5570, 114.2370, 0.02, 3),
        ("Dapeng", 22.5930, 114.4780, 0.03, 2),
    ]

    public static let products: [Product] = [
        wall("WB-7KW-BASIC", "7 kW home wall box, basic", 8_600, 18_000, 189_900),
        wall("WB-7KW-SMART", "7 kW smart wall box, Wi-Fi and app", 9_200, 18_000, 239_900),
        wall("WB-7KW-CABLE", "7 kW wall box with 5 m tethered cable", 11_500, 22_000, 259_900),
        wall("WB-11KW-3P", "11 kW three-phase wall box", 10_800, 20_000, 349_900),
        wall("WB-11KW-SMART", "11 kW smart wall box, load balancing", 11_200, 20_000, 399_900),
        wall("WB-22KW-3P", "22 kW three-phase wall box", 13_500, 24_000, 529_900),
        wall("WB-22KW-DUAL", "22 kW dual-socket wall box", 16_800, 30_000, 689_900),
        wall("WB-7KW-OUTDOOR", "7 kW outdoor wall box, IP65", 10_400, 21_000, 279_900),
        wall("WB-7KW-RFID", "7 kW wall box with RFID access", 9_400, 18_000, 259_900),
        portable("PC-3KW-10A", "3.5 kW portable charger, 10 A plug", 2_400, 5_000, 69_900),
        portable("PC-3KW-16A", "3.5 kW portable charger, 16 A plug", 2_600, 5_000, 79_900),
        portable("PC-7KW-ADJ", "7 kW portable charger, adjustable current", 3_900, 7_000, 159_900),
        portable("PC-7KW-SCREEN", "7 kW portable charger with display", 4_100, 7_000, 179_900),
        portable("PC-11KW-3P", "11 kW portable three-phase charger", 5_600, 9_000, 269_900),
        cable("CB-T2T2-5M", "Type 2 to Type 2 cable, 5 m, 32 A", 3_200, 6_000, 89_900),
        cable("CB-T2T2-7M", "Type 2 to Type 2 cable, 7.5 m, 32 A", 4_300, 8_000, 109_900),
        cable("CB-T2T2-10M", "Type 2 to Type 2 cable, 10 m, 32 A", 5_500, 10_000, 129_900),
        cable("CB-GBT-5M", "GB/T AC cable, 5 m, 32 A", 3_300, 6_000, 79_900),
        cable("CB-GBT-10M", "GB/T AC cable, 10 m, 32 A", 5_600, 10_000, 119_900),
        cable("CB-T1T2-5M", "Type 1 to Type 2 cable, 5 m", 3_100, 6_000, 89_900),
        cable("CB-EXT-5M", "Charging extension cable, 5 m", 3_000, 5_500, 59_900),
        adapter("AD-T2-GBT", "Type 2 to GB/T adapter", 600, 800, 39_900),
        adapter("AD-GBT-T2", "GB/T to Type 2 adapter", 600, 800, 39_900),
        adapter("AD-CCS2-GBT", "CCS2 to GB/T DC adapter", 1_400, 1_500, 199_900),
        adapter("AD-NACS-T2", "NACS to Type 2 adapter", 500, 700, 49_900),
        adapter("AD-16A-10A", "16 A to 10 A plug adapter", 200, 300, 4_900),
        spare("SP-RCD-TYPEB", "Type B RCD module", 450, 600, 45_900),
        spare("SP-CONTACTOR-32A", "32 A contactor", 380, 500, 12_900),
        spare("SP-LCD-PANEL", "Wall box display panel", 300, 600, 19_900),
        spare("SP-RFID-CARDS", "RFID cards, pack of 5", 60, 100, 2_900),
        spare("SP-WALL-BRACKET", "Wall mounting bracket", 900, 1_500, 9_900),
        spare("SP-PEDESTAL", "Floor pedestal post", 12_000, 40_000, 89_900),
        spare("SP-HOLSTER", "Connector holster", 250, 500, 3_900),
        spare("SP-SURGE-PROT", "Surge protector module", 320, 400, 15_900),
        spare("SP-CTRL-BOARD", "Wall box control board", 350, 700, 39_900),
        spare("SP-FUSE-KIT", "Fuse kit", 80, 100, 1_900),
        install("IN-STANDARD", "Standard installation, up to 10 m of wiring", 29_900),
        install("IN-EXTRA-10M", "Extra 10 m of wiring", 19_900),
        install("IN-PEDESTAL", "Pedestal installation", 49_900),
        install("IN-SURVEY", "Site survey", 9_900),
    ]

    /// Starting stock per warehouse for a SKU (installation slots are counted as stock too).
    public static func initialStock(for product: Product) -> Int {
        switch product.category {
        case .wallCharger: 120
        case .portableCharger: 150
        case .cable: 200
        case .adapter: 300
        case .sparePart: 80
        case .installation: 400
        }
    }

    static func wall(_ sku: String, _ name: String, _ grams: Int, _ ml: Int, _ cents: Int) -> Product {
        Product(sku: sku, name: name, category: .wallCharger, weightGrams: grams, volumeMillilitres: ml, needsInstallation: true, serialTracked: true, priceCents: cents)
    }
    static func portable(_ sku: String, _ name: String, _ grams: Int, _ ml: Int, _ cents: Int) -> Product {
        Product(sku: sku, name: name, category: .portableCharger, weightGrams: grams, volumeMillilitres: ml, needsInstallation: false, serialTracked: true, priceCents: cents)
    }
    static func cable(_ sku: String, _ name: String, _ grams: Int, _ ml: Int, _ cents: Int) -> Product {
        Product(sku: sku, name: name, category: .cable, weightGrams: grams, volumeMillilitres: ml, needsInstallation: false, serialTracked: false, priceCents: cents)
    }
    static func adapter(_ sku: String, _ name: String, _ grams: Int, _ ml: Int, _ cents: Int) -> Product {
        Product(sku: sku, name: name, category: .adapter, weightGrams: grams, volumeMillilitres: ml, needsInstallation: false, serialTracked: false, priceCents: cents)
    }
    static func spare(_ sku: String, _ name: String, _ grams: Int, _ ml: Int, _ cents: Int) -> Product {
        Product(sku: sku, name: name, category: .sparePart, weightGrams: grams, volumeMillilitres: ml, needsInstallation: false, serialTracked: false, priceCents: cents)
    }
    static func install(_ sku: String, _ name: String, _ cents: Int) -> Product {
        Product(sku: sku, name: name, category: .installation, weightGrams: 0, volumeMillilitres: 0, needsInstallation: true, serialTracked: false, priceCents: cents)
    }
}
