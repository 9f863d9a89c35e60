// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
]

let package = Package(
    name: "alb-doctor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "alb-doctor", targets: ["alb-doctor"]),
        .executable(name: "alb-fixtures", targets: ["alb-fixtures"]),
        .library(name: "ALBDoctor", targets: ["ALBDoctor"]),
        .library(name: "ALBAccessLog", targets: ["ALBAccessLog"]),
        .library(name: "PacketCapture", targets: ["PacketCapture"]),
        .library(name: "ALBWire", targets: ["ALBWire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // MARK: Pure core (no network, no NIO); ALBWire: HTTP/1 and TLS vocabulary, probe result values
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "ALBAccessLog", dependencies: ["CZlib"], swiftSettings: swiftSettings),
        .target(
            name: "AWSSigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(name: "ALBWire", swiftSettings: swiftSettings),
        .target(name: "PacketCapture", dependencies: ["CZlib", "ALBWire"], swiftSettings: swiftSettings),
        .target(name: "ALBDiagnosis", dependencies: ["ALBAccessLog", "ALBWire"], swiftSettings: swiftSettings),
        .target(name: "ALBReport", dependencies: ["ALBDiagnosis"], swiftSettings: swiftSettings),
        .target(name: "ALBSamples", dependencies: ["ALBDiagnosis"], swiftSettings: swiftSettings),
        .target(
            name: "ALBAthena",
            dependencies: ["ALBAccessLog", "ALBDiagnosis", "ALBReport"],
            swiftSettings: swiftSettings
        ),

        // MARK: Edges (network)
        .target(
            name: "AWSClients",
            dependencies: [
                "AWSSigV4",
                "ALBAccessLog",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TargetProbe",
            dependencies: nio + [
                "ALBWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Facade and executables
        .target(
            name: "ALBDoctor",
            dependencies: [
                "ALBAccessLog", "ALBDiagnosis", "ALBReport", "ALBSamples", "ALBWire", "AWSClients", "TargetProbe",
                "PacketCapture", "ALBAthena",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ALBMCP",
            dependencies: [
                "ALBDoctor", "ALBAthena", "ALBAccessLog",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "alb-doctor",
            dependencies: [
                "ALBDoctor",
                "ALBMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "alb-fixtures",
            dependencies: [
                "ALBAccessLog", "ALBDiagnosis", "ALBSamples", "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: nio + ["AWSClients", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ALBAccessLogTests",
            dependencies: ["ALBAccessLog", "ALBAthena", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: [
                "AWSClients", "ALBAccessLog", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ALBWireTests", dependencies: ["ALBWire"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PacketCaptureTests",
            dependencies: ["PacketCapture", "ALBWire", "ALBDiagnosis", "ALBDoctor", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TargetProbeTests",
            dependencies: [
                "TargetProbe", "ALBWire", "TestSupport", "ALBDoctor", "ALBDiagnosis", "ALBReport", "AWSClients",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ALBDiagnosisTests",
            dependencies: ["ALBDiagnosis", "ALBAccessLog", "ALBSamples", "ALBWire", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ALBAthenaTests",
            dependencies: [
                "ALBAthena", "ALBAccessLog", "ALBDiagnosis", "ALBReport", "ALBSamples", "ALBDoctor", "AWSClients",
                "TestSupport",
            ],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ALBReportTests",
            dependencies: ["ALBReport", "TestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ALBDoctorDiagnoseTests",
            dependencies: [
                "ALBDoctor", "ALBDiagnosis", "ALBAccessLog", "AWSClients", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ALBDoctorCLITests",
            dependencies: ["ALBDoctor", "ALBAccessLog", "ALBDiagnosis", "AWSClients", "TestSupport"],
            exclude: ["Fixtures", "Snapshots"],
            swiftSettings: swiftSettings
        ),
    ]
)
