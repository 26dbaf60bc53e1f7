package io.lambdaguard.remediation;

import dagger.BindsOptionalOf;
import dagger.Module;

/**
 * What the runner takes from the function that runs it: a prefetch per function read, if that
 * function binds one.
 */
@Module
public abstract class RunnerModule {
  private RunnerModule() {}

  @BindsOptionalOf
  abstract SnapshotPrefetch snapshotPrefetch();
}
