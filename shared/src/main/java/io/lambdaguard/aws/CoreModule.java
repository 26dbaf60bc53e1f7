package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;

/** What every function's graph shares: the HTTP client. */
@Module
public final class CoreModule {
  private CoreModule() {}

  @Provides
  @Singleton
  static SdkHttpClient httpClient() {
    return SdkClients.httpClient();
  }
}
