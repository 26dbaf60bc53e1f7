package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/** The Security Hub client (finding tickets), built once per container. */
@Module(includes = CoreModule.class)
public final class SecurityHubModule {
  private SecurityHubModule() {}

  @Provides
  @Singleton
  static SecurityHubClient securityHub(
      Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(SecurityHubClient.builder(), config, credentials, http);
  }
}
