package io.lambdaguard.strip.detector;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.aws.CoreModule;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.comprehend.ComprehendClient;

/**
 * The Amazon Comprehend client, built once per container and only when the Comprehend detector is
 * on.
 */
@Module(includes = CoreModule.class)
public final class ComprehendModule {
  /**
   * One retry at most: Comprehend only adds findings, so waiting longer for it would delay the
   * rule-based fix.
   */
  static final int MAX_ATTEMPTS = 2;

  private ComprehendModule() {}

  @Provides
  @Singleton
  public static ComprehendClient comprehend(
      Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    var timeout = config.comprehendPii().timeout();
    return SdkClients.build(
        ComprehendClient.builder(),
        config,
        credentials,
        http,
        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build(),
        timeout,
        timeout);
  }
}
