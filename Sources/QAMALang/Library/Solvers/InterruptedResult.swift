import IsingCore

/// `lastResult()`: what an interrupted solve finished before the interrupt (SA's completed reads) as a
/// Result. It lives outside the bindings on purpose: the interrupted statement is rolled back, and this is
/// what survives it. The interrupt message says where to find it.
enum InterruptedResult {
    /// The last interrupted solve's result, if any.
    enum Key: SessionKey { static func initialValue() -> SolveResult? { nil } }

    static func keep(_ result: SolveResult, session: Session) {
        session.store[Key.self] = result
        let settings = result.samples.settings
        if case .interrupted(let done, let of)? = settings[name: "steps"], settings[name: "cut short"] != nil {  // pa()
            session.interruptNote = "the population's best state after \(done) of \(of) steps is in lastResult()"
            return
        }
        // sa(), pt(): reads; sb(): agents. Each is either completed or cut short at its best state so far.
        let reads = result.reads
        var completed = reads, unit = "read"
        for key in ["reads", "agents"] {
            if case .interrupted(let done, _)? = settings[name: key] { (completed, unit) = (done, String(key.dropLast())) }
        }
        let units = "\(reads) \(unit)\(reads == 1 ? "" : "s")"
        let what = completed == reads ? "the \(units) completed before the interrupt"
            : "\(units) (\(completed) completed, \(reads - completed) cut short at \(reads - completed == 1 ? "its" : "their") best state so far)"
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
