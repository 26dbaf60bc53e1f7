package io.lambdaguard.encryption;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.aws.CoreModule;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** The CloudWatch Logs client, built once per container. */
@Module(includes = CoreModule.class)
public final class LogsModule {
  private LogsModule() {}

  @Provides
  @Singleton
  static CloudWatchLogsClient logs(
      Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(CloudWatchLogsClient.builder(), config, credentials, http);
  }
}
