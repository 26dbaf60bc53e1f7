package io.lambdaguard.ticketing;

import dagger.BindsInstance;
import dagger.Component;
import io.lambdaguard.config.Config;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The object graph of the tickets function. */
@Singleton
@Component(modules = TicketsFunctionModule.class)
public interface TicketsComponent {
  TicketsConsumer consumer();

  /** Configuration and credentials come from outside, so tests can pass their own. */
  @Component.Factory
  interface Factory {
    TicketsComponent create(
        @BindsInstance Config config, @BindsInstance AwsCredentialsProvider credentials);
  }
}
