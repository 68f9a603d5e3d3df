// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "MotCua",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "motcua", targets: ["motcua"]),
        .library(name: "MotCuaCore", targets: ["MotCuaCore"]),
        .library(name: "MotCuaApp", targets: ["MotCuaApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .target(name: "MotCuaCore"),
        .target(
            name: "MotCuaApp",
            dependencies: [
                "MotCuaCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(name: "motcua", dependencies: ["MotCuaApp"]),
        .testTarget(name: "MotCuaCoreTests", dependencies: ["MotCuaCore"]),
        .testTarget(
            name: "MotCuaAppTests",
            dependencies: [
                "MotCuaApp",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
