package io.lambdaguard.encryptenv;

import dagger.BindsInstance;
import dagger.Component;
import io.lambdaguard.config.Config;
import io.lambdaguard.remediation.RuleRunner;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The object graph of the encrypt-env-vars function. */
@Singleton
@Component(modules = EncryptEnvVarsModule.class)
public interface EncryptEnvVarsComponent {
  RuleRunner runner();

  /** Configuration and credentials come from outside, so tests can pass their own. */
  @Component.Factory
  interface Factory {
    EncryptEnvVarsComponent create(@BindsInstance Config config, @BindsInstance AwsCredentialsProvider credentials);
  }
}
