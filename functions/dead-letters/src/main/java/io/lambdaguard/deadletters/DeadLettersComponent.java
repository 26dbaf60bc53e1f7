package io.lambdaguard.deadletters;

import dagger.BindsInstance;
import dagger.Component;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The object graph of the dead-letter function. */
@Singleton
@Component(modules = DeadLettersModule.class)
public interface DeadLettersComponent {
  DeadLetterConsumer consumer();

  /** Configuration and credentials come from outside, so tests can pass their own. */
  @Component.Factory
  interface Factory {
    DeadLettersComponent create(@BindsInstance Config config, @BindsInstance AwsCredentialsProvider credentials);
  }
}
