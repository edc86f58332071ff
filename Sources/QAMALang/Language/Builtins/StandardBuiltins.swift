extension BuiltinTable {
    /// The table every session uses: core modules, then the library's (which may replace core names).
    nonisolated(unsafe) public static let standard: BuiltinTable = {
        var table = BuiltinTable()
        TensorBuiltins.register(into: &table)
        FileBuiltins.register(into: &table)
        SessionBuiltins.register(into: &table)
        HelpBuiltin.register(into: &table)
        InjectBuiltin.register(into: &table)
        LibraryBuiltins.register(into: &table)
        return table
    }()
}
