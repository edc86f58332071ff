#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How deep a cell may nest, and the guard that keeps the parser and the evaluator inside the stack of the
/// thread they run on. A Swift process cannot catch a stack overflow, so both refuse *before* it: the depth
/// limit gives a clear message for the usual case (`((((…))))` 2,000 deep, 300 nested `for` loops), and the
/// stack guard is the backstop for whatever still recurses (a `func` calling itself through deep bodies, a
/// chain of 100,000 member accesses), measured against the real stack of the current thread.
enum NestingLimit {
    /// Brackets, calls, blocks, unary operators and `^` nested inside each other in one cell.
    static let maxDepth = 256
    /// Links in one chain of same-precedence operators (`1+1+…+1`) or postfix operations (`a.b.c…`,
    /// `f()()…`): longer chains are generated text, and each link is one level of the tree (freed recursively).
    static let maxChain = 100_000
    /// Nested calls of user functions (`func f(n) = f(n - 1)`).
    static let maxCalls = 200

    static func tooDeep(at range: SourceRange?) -> LanguageError {
        .syntax("the cell nests too deeply (more than \(maxDepth) levels of brackets, calls, blocks or operators); split it with let", at: range)
    }
}

/// The lowest stack address this thread may reach before a deeper recursion is refused, with a margin for
/// the frames a builtin, an error message or a deinit still needs below the last check.
struct StackGuard {
    /// Bytes kept free below the last check.
    static let margin = 512 * 1024
    private let floor: UInt

    /// The guard of the calling thread (reads the thread's stack bounds once).
    init() {
        floor = Self.stackFloor() + UInt(Self.margin)
    }

    /// True while the caller's frame is above the floor.
    @inline(__always)
    var hasRoom: Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } > floor
    }

    /// The lowest address of the calling thread's stack (0 when unknown: then only the depth limits apply).
    private static func stackFloor() -> UInt {
        #if canImport(Glibc)
        // glibc's pthread_getattr_np is a GNU extension the Swift Glibc module does not export: look it up.
        typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return 0 }
        let getattr = unsafeBitCast(symbol, to: GetAttr.self)
        var attr = pthread_attr_t()
        guard getattr(pthread_self(), &attr) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attr) }
        var base: UnsafeMutableRawPointer? = nil
        var size = 0
        guard pthread_attr_getstack(&attr, &base, &size) == 0, let base else { return 0 }
        return UInt(bitPattern: base)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return 0
        #endif
    }
}
