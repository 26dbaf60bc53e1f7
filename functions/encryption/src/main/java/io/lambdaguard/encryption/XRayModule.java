package io.lambdaguard.encryption;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.aws.CoreModule;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.xray.XRayClient;

/** The X-Ray client, built once per container (lazily: only the X-Ray rule uses it). */
@Module(includes = CoreModule.class)
public final class XRayModule {
  private XRayModule() {}

  @Provides
  @Singleton
  static XRayClient xray(Config config, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return SdkClients.build(XRayClient.builder(), config, credentials, http);
  }
}
