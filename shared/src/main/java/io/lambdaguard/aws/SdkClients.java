package io.lambdaguard.aws;

import io.lambdaguard.config.Config;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Builds every SDK client the same way: the URLConnection HTTP client (fast to load, no Netty or
 * Apache), an explicit region and credentials provider (no provider-chain probing at cold start),
 * the standard retry strategy, per-attempt and per-call timeouts capped by the invocation's
 * deadline, and the emulator endpoint when configured.
 */
public final class SdkClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

  private SdkClients() {}

  /** The one HTTP client a container shares across all service clients. */
  public static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(CONNECT_TIMEOUT)
        .socketTimeout(SOCKET_TIMEOUT)
        .build();
  }

  /** Applies the shared settings to a service client builder. */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    // Standard mode: exponential backoff with jitter, throttling-aware, 3 attempts.
    return build(
        builder,
        config,
        credentials,
        http,
        AwsRetryStrategy.standardRetryStrategy(),
        config.awsTimeouts().attempt(),
        config.awsTimeouts().call());
  }

  /**
   * Applies the shared settings with the client's own retry strategy and timeouts: for an optional
   * call that must give up sooner than the calls a fix depends on.
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder,
      Config config,
      AwsCredentialsProvider credentials,
      SdkHttpClient http,
      RetryStrategy retries,
      Duration attemptTimeout,
      Duration callTimeout) {
    builder
        .httpClient(http)
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(retries)
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(callTimeout)
                .addExecutionInterceptor(new DeadlineInterceptor(callTimeout))
                .build());
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
