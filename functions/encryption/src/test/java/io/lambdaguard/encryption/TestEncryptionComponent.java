package io.lambdaguard.encryption;

import dagger.BindsInstance;
import dagger.Component;
import io.lambdaguard.config.Config;
import io.lambdaguard.remediation.OutcomeMetrics;
import io.lambdaguard.remediation.RuleRunner;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The encryption function's graph (same module, same rules, same SDK clients) with the outcome
 * metrics written to a stream the test reads instead of stdout. An instance bound here wins over
 * the {@code @Inject} constructor that production uses.
 */
@Singleton
@Component(modules = EncryptionModule.class)
interface TestEncryptionComponent {
  RuleRunner runner();

  @Component.Factory
  interface Factory {
    TestEncryptionComponent create(
        @BindsInstance Config config,
        @BindsInstance AwsCredentialsProvider credentials,
        @BindsInstance OutcomeMetrics metrics);
  }
}
