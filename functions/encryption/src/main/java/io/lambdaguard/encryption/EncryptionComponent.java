package io.lambdaguard.encryption;

import dagger.BindsInstance;
import dagger.Component;
import io.lambdaguard.config.Config;
import io.lambdaguard.remediation.RuleRunner;
import io.lambdaguard.rules.RuleCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The object graph of the encryption function. */
@Singleton
@Component(modules = EncryptionModule.class)
public interface EncryptionComponent {
  RuleRunner runner();

  /** The rules this function runs; a test checks that the template grants what they declare. */
  RuleCatalogue catalogue();

  /** Configuration and credentials come from outside, so tests can pass their own. */
  @Component.Factory
  interface Factory {
    EncryptionComponent create(
        @BindsInstance Config config, @BindsInstance AwsCredentialsProvider credentials);
  }
}
