"""The release build the benchmarks run: scripts/lib.sh's build_release (the build scripts/test makes, so a
no-op after it) and the one benchmark executable, `qama-bench`, with a subcommand per benchmark."""
import os
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(scratch):
    """Builds into `scratch` (SwiftPM's --scratch-path) through scripts/lib.sh; its log goes to stderr."""
    subprocess.run(["bash", "-c", 'source scripts/lib.sh && build_release "$1" >&2', "build_release", scratch],
                   cwd=REPO, check=True)


def command(scratch, subcommand):
    """The argv prefix of `qama-bench <subcommand>` in `scratch`."""
    return [os.path.join(scratch, "release", "qama-bench"), subcommand]


def solvers(scratch):
    return command(scratch, "solvers")
