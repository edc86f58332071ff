/// A weak reference to the session, for values whose display depends on the session's current state (a
/// Model shows its params' current values). Weak so values stored in the session do not keep it alive.
struct SessionReference {
    private final class Box { weak var session: Session?; init(_ s: Session) { session = s } }
    private let box: Box

    init(_ session: Session) { box = Box(session) }

    var session: Session? { box.session }
    var paramValues: [String: Double] { box.session?.paramValues ?? [:] }
}
