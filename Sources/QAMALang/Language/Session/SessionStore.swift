/// A typed key of the session store: its value type and the value a session starts with (made on first use).
/// Library code declares one per thing it keeps between cells, e.g. `ModelStore.Key`, and reads it with
/// `session.store[Key.self]`: no string keys, no casts at the call sites.
public protocol SessionKey {
    associatedtype Value
    static func initialValue() -> Value
}

/// What library code keeps for a session between cells (the model cache, the widget hub, the last
/// interrupted result), one value per `SessionKey` type.
public final class SessionStore {
    /// Each value sits under its key's type; only the subscript below (which knows the key's `Value`)
    /// reads it back, so the one cast can never fail.
    private var values: [ObjectIdentifier: Any] = [:]

    public init() {}

    public subscript<K: SessionKey>(_ key: K.Type) -> K.Value {
        get {
            if let v = values[ObjectIdentifier(key)] { return v as! K.Value }
            let v = K.initialValue()
            values[ObjectIdentifier(key)] = v
            return v
        }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
