package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS client (the tickets queue), built once per container. */
@Module(includes = CoreModule.class)
public final class SqsModule {
  private SqsModule() {}

  @Provides
  @Singleton
  static SqsClient sqs(Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(SqsClient.builder(), config, credentials, http);
  }
}
