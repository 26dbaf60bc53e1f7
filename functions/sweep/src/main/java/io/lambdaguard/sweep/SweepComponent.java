package io.lambdaguard.sweep;

import dagger.BindsInstance;
import dagger.Component;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The object graph of the sweep function. */
@Singleton
@Component(modules = SweepModule.class)
public interface SweepComponent {
  Sweep sweep();

  /** Configuration and credentials come from outside, so tests can pass their own. */
  @Component.Factory
  interface Factory {
    SweepComponent create(
        @BindsInstance Config config,
        @BindsInstance SweepSettings settings,
        @BindsInstance AwsCredentialsProvider credentials);
  }
}
