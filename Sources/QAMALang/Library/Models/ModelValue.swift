import IsingCore
import JupyterKernel

/// The Model value: a compiled model with a summary table (variables, vartype, couplings, params with their
/// current values, constraints). Members: `m.variables` (count), `m.couplings` (count), `m.params` (names),
/// `m.vartype`, `m.names` (variable names).
struct ModelValue: LibraryValue {
    let handle: ModelHandle
    let session: SessionReference

    var typeName: String { "Model" }

    var table: SummaryTable {
        let m = handle
        let values = session.paramValues
        var rows: [(String, String)] = [
            ("kind", handle.kind),
            ("variables", "\(m.variableCount) \(m.vartype.rawValue)"),
            ("couplings", m.builtModel != nil ? "\(m.couplingCount)"
                : "\(m.couplingCount) when expanded; held in structured form (solved by sa() without expanding)"),
        ]
        let params = m.params
        rows.append(("params", params.isEmpty ? "none"
            : params.map { "\($0) = \(values[$0].map(NumberFormat.format) ?? "unset")" }.joined(separator: ", ")))
        let constraints = m.constraints
        rows.append(("constraints", constraints.isEmpty ? "none"
            : "\(constraints.count): " + Self.list(constraints.map(\.name), limit: 8)))
        return SummaryTable(caption: "Model", pairs: rows)
    }

    var plainText: String { table.plainText }
    var summary: String {
        let m = handle
        return "Model: \(m.variableCount) \(m.vartype.rawValue) variables, \(m.couplingCount) couplings"
    }
    var mimeBundle: MimeBundle { ["text/plain": plainText, "text/html": table.html] }

    var memberNames: [String] { ["variables", "couplings", "params", "vartype", "names", "constraints", "id"] }

    func member(_ name: String, session: Session) throws -> Value? {
        let m = handle
        switch name {
        case "variables": return .number(Double(m.variableCount))
        case "couplings": return .number(Double(m.couplingCount))
        case "params": return .array(m.params.map { .string($0) })
        case "vartype": return .string(m.vartype.rawValue)
        case "names": return .array(m.names.map { .string($0) })
        case "constraints": return .array(m.constraints.map { .string($0.name) })
        // The model's number in the session's compile order: the same number means the same compiled model
        // (an Expr solved twice is compiled once; re-weighting a param never recompiles).
        case "id": return .number(Double(handle.serial))
        default: return nil
        }
    }

    static func list(_ names: [String], limit: Int) -> String {
        names.count <= limit ? names.joined(separator: ", ")
            : names.prefix(limit).joined(separator: ", ") + ", … (\(names.count - limit) more)"
    }
}
