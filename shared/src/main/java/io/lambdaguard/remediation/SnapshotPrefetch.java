package io.lambdaguard.remediation;

import io.lambdaguard.lambda.FunctionSnapshot;

/**
 * Work done once for each function state {@link RuleRunner} reads, before any rule checks it: lets
 * a remote detector see all strings of a function in one call instead of one call per string.
 * Optional; a function's module binds it when it needs it (strip-personal-data does, for Amazon
 * Comprehend).
 */
@FunctionalInterface
public interface SnapshotPrefetch {
  /**
   * Called after every read of {@code snapshot}; must not throw, and must not fail the rules when
   * it cannot work.
   */
  void prefetch(FunctionSnapshot snapshot);
}
