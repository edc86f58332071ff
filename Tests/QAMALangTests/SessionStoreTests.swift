import QAMALang
import Testing

/// The session store holds library state by typed key: a key's value is made once, on first use, and kept.
@Suite("Session store: typed keys")
struct SessionStoreTests {
    final class Counter { var n = 0 }
    enum CounterKey: SessionKey { static func initialValue() -> Counter { Counter() } }
    enum NoteKey: SessionKey { static func initialValue() -> String? { nil } }

    @Test func aKeyStartsWithItsInitialValueAndKeepsWhatIsStored() {
        let store = SessionStore()
        #expect(store[NoteKey.self] == nil)
        store[CounterKey.self].n += 2
        store[CounterKey.self].n += 3
        #expect(store[CounterKey.self].n == 5, "the value made on first use is the one kept")
        store[NoteKey.self] = "kept"
        #expect(store[NoteKey.self] == "kept")
        #expect(SessionStore()[CounterKey.self].n == 0, "each session has its own")
    }

    /// The model cache lives in the store: an Expr solved twice compiles once.
    @Test func theModelCacheSurvivesBetweenCells() {
        let s = LangSession()
        _ = s.text("let x = binary(2)\nlet e = x[0] + x[1]")
        #expect(s.text("model(e).id == model(e).id") == "true")
    }
}
