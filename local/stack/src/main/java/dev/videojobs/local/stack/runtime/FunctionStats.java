package dev.videojobs.local.stack.runtime;

/**
 * Counters of one function since the runtime started.
 *
 * @param invocations every invocation, whatever its outcome
 * @param errors      invocations that threw, could not create the handler, or timed out
 * @param timeouts    invocations stopped at the function's Timeout
 * @param coldStarts  handler instances created (one per concurrent execution environment)
 */
public record FunctionStats(long invocations, long errors, long timeouts, long coldStarts) {
}
