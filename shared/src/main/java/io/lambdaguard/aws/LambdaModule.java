package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The Lambda API client, built once per container. */
@Module(includes = CoreModule.class)
public final class LambdaModule {
  private LambdaModule() {}

  @Provides
  @Singleton
  static LambdaClient lambda(
      Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(LambdaClient.builder(), config, credentials, http);
  }
}
