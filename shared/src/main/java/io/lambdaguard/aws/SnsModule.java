package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The SNS client (ticket notifications), built once per container. */
@Module(includes = CoreModule.class)
public final class SnsModule {
  private SnsModule() {}

  @Provides
  @Singleton
  static SnsClient sns(Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(SnsClient.builder(), config, credentials, http);
  }
}
