import Foundation
import IsingCore

/// `load("model.json")`: a model that `export` wrote, read back through IsingCore's `ModelJSON` with its
/// blocks intact (so its params re-weight as before).
enum ModelFiles {
    static func load(path: String, session: Session) throws -> Value {
        let file = try ModelJSON.read(path: path)
        // A param the session lacks takes the value saved with the model, so `solve(load(…))` works
        // as exported; a param the session has keeps the session's value (as for any other model).
        for name in file.model.params where session.bindings[name] == nil {
            guard let value = file.params[name] else {
                throw LanguageError.value("\(path) uses the param '\(name)', which has no saved value and is not declared here; declare it first (param \(name) = …)")
            }
            session.bindings.bind(name, kind: .param, value: .number(value))
        }
        let name = (path as NSString).lastPathComponent
        let handle = ModelStore.of(session).register(file.model, origin: .file(name))
        return .library(ModelValue(handle: handle, session: SessionReference(session)))
    }
}
