package io.lambdaguard.sweep;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.aws.LambdaModule;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The Lambda client that lists and the SQS client that sends; no rule, no ticket. */
@Module(includes = LambdaModule.class)
final class SweepModule {
  private SweepModule() {}

  @Provides
  @Singleton
  static SqsClient sqs(Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(SqsClient.builder(), config, credentials, http);
  }

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }
}
