import Foundation

/// Ends the kernel when the process that started it dies, as ipykernel's parent poller does: the parent
/// pid changes (re-parented to init or a subreaper), or the launcher named in JPY_PARENT_PID (which
/// jupyter_client sets) no longer exists — which also catches a launcher that died before we looked.
enum ParentWatcher {
    static func start(onParentDeath: @escaping @Sendable () -> Void) {
        let parent = getppid()
        let launcher = Int32(ProcessInfo.processInfo.environment["JPY_PARENT_PID"] ?? "") ?? 0
        guard parent > 1 || launcher > 1 else { return }  // started by init with no launcher: nothing to watch
        let thread = Thread {
            while true {
                if parent > 1, getppid() != parent { break }
                if launcher > 1, kill(launcher, 0) != 0, errno == ESRCH { break }
                usleep(200_000)
            }
            onParentDeath()
        }
        thread.name = "qama-parent-watcher"
        thread.start()
    }
}
