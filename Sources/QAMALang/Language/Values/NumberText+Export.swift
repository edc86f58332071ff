/// Every value's text goes through NumberText's `NumberFormat` (`format` for numbers as the language prints
/// them, `short` in tables, `g` for tensor elements); re-exported so that each library file need not import it.
@_exported import NumberText
