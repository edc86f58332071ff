import Foundation

/// Ends the kernel when the process that started it dies (its parent pid changes, as when it is
/// re-parented to init or a subreaper), as ipykernel's ParentPoller does.
enum ParentWatcher {
    static func start(onParentDeath: @escaping @Sendable () -> Void) {
        let parent = getppid()
        guard parent > 1 else { return }  // started by init: nobody to watch
        let thread = Thread {
            while getppid() == parent { usleep(200_000) }
            onParentDeath()
        }
        thread.name = "qama-parent-watcher"
        thread.start()
    }
}
