package io.lambdaguard.aws;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.lambdaguard.remediation.SnapshotPrefetch;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;

/** What every function's graph shares: the HTTP client, and the optional prefetch per function read. */
@Module
public abstract class CoreModule {
  private CoreModule() {}

  @Provides
  @Singleton
  static SdkHttpClient httpClient() {
    return SdkClients.httpClient();
  }

  @BindsOptionalOf
  abstract SnapshotPrefetch snapshotPrefetch();
}
