package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The Systems Manager client (OpsCenter tickets), built once per container. */
@Module(includes = CoreModule.class)
public final class SsmModule {
  private SsmModule() {}

  @Provides
  @Singleton
  static SsmClient ssm(Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(SsmClient.builder(), config, credentials, http);
  }
}
