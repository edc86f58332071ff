/// An error in building an expression: a term of degree 3 or more, a product of two params, a
/// constraint that is not linear, … The message is one line, written for the notebook user.
public struct ExpressionError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
