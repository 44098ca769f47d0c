// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "chargemall",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chargemall", targets: ["chargemall"]),
        .library(name: "Logistics", targets: ["Logistics"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "Forecasting", targets: ["Forecasting"]),
        .library(name: "Routing", targets: ["Routing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.1.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // The domain: entities, status machine, allocation, services. Knows storage only through protocols.
        .target(name: "Logistics", dependencies: ["Routing", "Forecasting", "SolverSupport"]),
        // Building blocks the two engines share: a seeded random generator and a parallel map.
        .target(name: "SolverSupport"),
        // Demand forecasting and inventory policies: pure Swift, no server or database imports.
        .target(name: "Forecasting", dependencies: ["SolverSupport"]),
        // Vehicle routing: problem model, VRPLIB, iterated local search, feasibility checker; no server imports.
        .target(name: "Routing", dependencies: ["SolverSupport"]),
        // SQLKit repositories for SQLite and PostgreSQL, migrations.
        .target(
            name: "Storage",
            dependencies: [
                "Logistics",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // HTTP API, auth, background services.
        .target(
            name: "Server",
            dependencies: [
                "Logistics", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The console and H5 pages: plain HTML, CSS and JavaScript modules, served as they are.
            resources: [.copy("Public")]
        ),
        .target(
            name: "Simulation",
            dependencies: ["Logistics", "Storage", "SolverSupport", .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Scenarios")]
        ),
        .executableTarget(
            name: "chargemall",
            dependencies: [
                "Server", "Storage", "Logistics", "Forecasting", "Routing", "SolverSupport", "Simulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Fresh databases (SQLite file, PostgreSQL database) for the test targets.
        .target(
            name: "TestSupport",
            dependencies: [
                "Storage", "Logistics",
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "LogisticsTests", dependencies: ["Logistics", "Routing"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "SolverSupport"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "SolverSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Logistics", "Storage"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Logistics", "TestSupport"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Storage", "Logistics", "Forecasting", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
