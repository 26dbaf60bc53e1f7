package io.lambdaguard.aws;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.lambdaguard.remediation.FunctionLabels;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;

/** What every function's graph shares: the HTTP client, and the optional way to label functions in logs. */
@Module
public abstract class CoreModule {
  private CoreModule() {}

  @Provides
  @Singleton
  static SdkHttpClient httpClient() {
    return SdkClients.httpClient();
  }

  @BindsOptionalOf
  abstract FunctionLabels functionLabels();
}
