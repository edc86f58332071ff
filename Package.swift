// swift-tools-version: 6.1
// The QAMA kernel. Seams (see docs/DESIGN.md): JupyterKernel knows the wire and the protocol and nothing of
// the language; QAMALang is the one Interpreter; IsingCore is the one model type every solver accepts.
import PackageDescription

// The kernel binary's link flags on Linux: the Swift runtime and Foundation linked in (what
// `--static-swift-stdlib` does, for this binary only): the kernel starts in ~7 ms instead of ~40 ms and stays
// smaller in memory; relative relocations packed (DT_RELR), because the 2.6 MB .rela.dyn table of a PIE is
// otherwise touched page by page at start-up and counts against the kernel's resident memory (lld, which ships
// with the Swift toolchain, writes DT_RELR; gold does not).
let staticFoundation: [String] = ["Foundation", "FoundationInternationalization", "FoundationEssentials",
    "CoreFoundation", "_FoundationICU", "_FoundationCShims", "_FoundationCollections", "swiftSynchronization",
    "swiftDispatch", "dispatch", "BlocksRuntime"].flatMap { ["-Xlinker", "-l" + $0] }
let kernelLinkFlags: [String] = ["-static-stdlib", "-use-ld=lld", "-Xlinker", "--start-group"] + staticFoundation
    + ["-Xlinker", "--end-group", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]

let package = Package(
    name: "qama",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "qama", targets: ["qama"]),
        .executable(name: "qama-cim", targets: ["qama-cim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.3.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Kernel: transport + protocol core + Interpreter protocol. Knows nothing of the language.
        .target(name: "JupyterKernel", dependencies: ["CZeroMQ", "COpenSSL"]),

        // How every module writes numbers as text (locale-free, the same on every platform).
        .target(name: "NumberText"),
        // The one model type (variables, expressions, the compiled model, energies, QUBO ↔ Ising), file formats
        // and NDArray; the solvers (IsingSolvers) and the attention operator (QAMA) build on it.
        .target(name: "IsingCore", dependencies: ["NumberText"]),
        // Hot loops that need an instruction set chosen at run time (AVX when present), in C.
        .target(name: "CSolverKernels"),
        .target(name: "IsingSolvers", dependencies: ["IsingCore", "CSolverKernels", "NumberText"]),
        .target(name: "QAMA", dependencies: ["IsingCore"]),
        .target(name: "Figures", dependencies: ["NumberText"]),

        // Coherent Ising machine. CIMWire: the job API's JSON bodies. CIMMachine: the simulated machine (its
        // profile, the checks a job must pass, the dynamics run), which the server runs behind HTTP and the
        // client runs in-process when no URL is given. RemoteCIM: the client (in the kernel); CIMServer: the
        // job server (in qama-cim).
        .target(name: "CIMWire", dependencies: ["IsingCore", "IsingSolvers"]),
        .target(name: "CIMMachine", dependencies: ["CIMWire", "IsingCore", "IsingSolvers"]),
        .target(name: "RemoteCIM", dependencies: [
            "CIMWire", "CIMMachine", "IsingCore", "IsingSolvers", "NumberText",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .target(name: "CIMServer", dependencies: [
            "CIMWire", "CIMMachine", "IsingCore", "IsingSolvers", "NumberText",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),

        // The cell language: the kernel's Interpreter.
        .target(name: "QAMALang", dependencies: ["JupyterKernel", "IsingCore", "IsingSolvers", "QAMA", "Figures", "RemoteCIM", "CIMMachine", "NumberText"]),

        // `qama solve-qubo` / `qama solve-qama`'s batch decoding and solving (the Python bridge's other end),
        // a library so its tests can link it.
        .target(name: "QAMABatch", dependencies: ["QAMALang", "IsingCore", "IsingSolvers"]),

        // Executables.
        .executableTarget(name: "qama", dependencies: [
            "JupyterKernel", "QAMALang", "QAMABatch", "QAMA", "IsingCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [
            // See kernelLinkFlags above.
            .unsafeFlags(kernelLinkFlags, .when(platforms: [.linux])),
        ]),
        .executableTarget(name: "qama-cim", dependencies: [
            "CIMServer", "CIMMachine", "IsingSolvers",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The benchmark drivers, a subcommand each: `solvers` (bench/solver_bench.py, bench/tts_bench.py),
        // `model` (bench/model_bench.py), `attention` (bench/qama_bench.sh), `longseq` (bench/longseq_bench.sh).
        .executableTarget(name: "qama-bench", dependencies: [
            "QAMA", "IsingCore", "IsingSolvers",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests: one target per module.
        .testTarget(name: "NumberTextTests", dependencies: ["NumberText"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel"]),
        .testTarget(name: "IsingCoreTests", dependencies: ["IsingCore"]),
        .testTarget(name: "IsingSolversTests", dependencies: ["IsingSolvers", "IsingCore"]),
        .testTarget(name: "QAMATests", dependencies: ["QAMA", "IsingCore", "IsingSolvers"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures"]),
        // A real CIMServer on loopback with raw HTTP access, for the server's and the client's tests.
        .target(name: "CIMTestSupport", dependencies: [
            "CIMServer", "CIMWire", "CIMMachine", "IsingCore", "IsingSolvers",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/CIMTestSupport"),
        .testTarget(name: "CIMDynamicsTests", dependencies: ["IsingSolvers", "IsingCore"]),
        .testTarget(name: "CIMMachineTests", dependencies: ["CIMMachine", "CIMWire", "IsingCore", "IsingSolvers"]),
        .testTarget(name: "CIMServerTests", dependencies: [
            "CIMServer", "CIMTestSupport", "CIMWire", "CIMMachine", "IsingCore", "IsingSolvers",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "RemoteCIMTests", dependencies: [
            "RemoteCIM", "CIMServer", "CIMTestSupport", "CIMWire", "CIMMachine", "IsingCore", "IsingSolvers",
        ]),
        .testTarget(name: "QAMALangTests", dependencies: ["QAMALang", "JupyterKernel"]),
        .testTarget(name: "QAMABatchTests", dependencies: ["QAMABatch", "QAMALang", "IsingCore", "IsingSolvers"]),
    ]
)
