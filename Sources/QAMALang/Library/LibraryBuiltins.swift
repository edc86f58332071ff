/// Library builtins (models, solvers, results, QAMA, figures, CIM, sweep, landscape, progress).
/// `BuiltinTable.standard` calls this after registering the core builtins; each group registers its own.
enum LibraryBuiltins {
    static func register(into table: inout BuiltinTable) {
        VariableBuiltins.register(into: &table)
        ModelBuiltins.register(into: &table)
        GraphBuiltins.register(into: &table)
        SolverBuiltins.register(into: &table)
        CIMBuiltin.register(into: &table)
        PrecisionBuiltin.register(into: &table)
        QAMABuiltins.register(into: &table)
        FigureBuiltins.register(into: &table)
        PatchMapBuiltin.register(into: &table)
        SweepBuiltin.register(into: &table)
        TemperingBuiltins.register(into: &table)
        SpectralGapBuiltin.register(into: &table)
        TimeToTargetBuiltin.register(into: &table)
        InteractBuiltin.register(into: &table)
        InterruptedResult.register(into: &table)
        TableBuiltin.register(into: &table)
    }
}
