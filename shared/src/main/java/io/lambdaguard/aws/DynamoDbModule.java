package io.lambdaguard.aws;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client (the ticket dedup table), built once per container. */
@Module(includes = CoreModule.class)
public final class DynamoDbModule {
  private DynamoDbModule() {}

  @Provides
  @Singleton
  static DynamoDbClient dynamoDb(
      Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(DynamoDbClient.builder(), config, credentials, http);
  }
}
