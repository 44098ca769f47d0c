import Foundation
import NIOCore
import NIOPosix

// A server's tasks run on NIO's event loops, the threads its sockets and database connections already live on,
// so a request's handler, its statements and its response do not hop between Swift's task pool and the event
// loops (the PostgreSQL soak spent 14 % of the server's CPU switching threads; BENCHMARKS.md has the before and
// after). Only for `serve`: the other commands (simulate, bench, solve) are computation, which belongs on the task
// pool; CPU-bound work inside the server (a route solve) runs on Dispatch's threads (`Computation.run`), never on
// an event loop. `CHARGEMALL_EXECUTOR=pool` keeps Swift's own pool (to compare, or should a deployment need it).
// This must happen before the first task is made, so here, not in `Serve.run`.
if CommandLine.arguments.dropFirst().first == "serve", ProcessInfo.processInfo.environment["CHARGEMALL_EXECUTOR"] != "pool" {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
await ChargeMall.start()
