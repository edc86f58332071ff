extension BuiltinTable {
    /// The table every session uses: core modules, then the domain's (which may replace core names).
    public static let standard: BuiltinTable = {
        var table = BuiltinTable()
        DomainBuiltins.register(into: &table)
        return table
    }()
}
