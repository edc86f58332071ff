import IsingCore

/// `lastResult()`: what an interrupted solve finished before the interrupt (SA's completed reads) as a
/// Result. It lives outside the bindings on purpose: the interrupted statement is rolled back, and this is
/// what survives it. The interrupt message says where to find it.
enum InterruptedResult {
    /// The last interrupted solve's result, if any.
    enum Key: SessionKey { static func initialValue() -> SolveResult? { nil } }

    static func keep(_ result: SolveResult, session: Session) {
        session.store[Key.self] = result
        let reads = result.reads
        var completed = reads
        if case .interrupted(let done, _)? = result.samples.settings[name: "reads"] { completed = done }
        let what = completed == reads ? "the \(reads) read\(reads == 1 ? "" : "s") completed before the interrupt"
            : "\(reads) read\(reads == 1 ? "" : "s") (\(completed) completed, \(reads - completed) cut short at \(reads - completed == 1 ? "its" : "their") best state so far)"
        session.interruptNote = "the best of \(what) is in lastResult()"
    }

    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            "lastResult",
            doc: "The Result of the last interrupted solve, made of the reads it completed before the interrupt and, for an anneal, the best state each cut-short read had reached. An error when no solve was interrupted with something to keep."
        ) { _, session in
            guard let result = session.store[Key.self] else {
                throw LanguageError.value("lastResult(): no interrupted solve has kept a result in this session")
            }
            return .library(ResultValue(result: result))
        })
    }
}
