package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Secrets Manager client (the Jira API token), built once per container. */
@Module(includes = CoreModule.class)
public final class SecretsManagerModule {
  private SecretsManagerModule() {}

  @Provides
  @Singleton
  static SecretsManagerClient secretsManager(
      Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(SecretsManagerClient.builder(), config, credentials, http);
  }
}
