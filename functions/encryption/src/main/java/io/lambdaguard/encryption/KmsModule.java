package io.lambdaguard.encryption;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.lambdaguard.aws.CoreModule;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.keys.KeyLookup;
import io.lambdaguard.encryption.keys.KmsKeyLookup;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** The KMS client and the cached key lookup on top of it. */
@Module(includes = CoreModule.class)
public abstract class KmsModule {
  private KmsModule() {}

  @Provides
  @Singleton
  static KmsClient kms(Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(KmsClient.builder(), config, credentials, http);
  }

  @Binds
  abstract KeyLookup keyLookup(KmsKeyLookup lookup);
}
