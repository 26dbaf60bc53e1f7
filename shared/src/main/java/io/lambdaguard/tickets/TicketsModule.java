package io.lambdaguard.tickets;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.aws.DynamoDbModule;
import io.lambdaguard.aws.SecretsManagerModule;
import io.lambdaguard.aws.SecurityHubModule;
import io.lambdaguard.aws.SnsModule;
import io.lambdaguard.aws.SsmModule;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ticket service and the sink {@code TICKET_SINK} selects. Only that sink, and only its client,
 * is ever built: the others stay unconstructed providers.
 */
@Module(
    includes = {
      SsmModule.class,
      SecurityHubModule.class,
      SnsModule.class,
      DynamoDbModule.class,
      SecretsManagerModule.class
    })
public final class TicketsModule {
  private TicketsModule() {}

  @Provides
  @Singleton
  static TicketSink sink(
      Config config,
      Provider<OpsCenterSink> opsCenter,
      Provider<SecurityHubSink> securityHub,
      Provider<SnsSink> sns,
      Provider<JiraSink> jira) {
    return switch (config.tickets().sink()) {
      case TicketConfig.OpsCenter o -> opsCenter.get();
      case TicketConfig.SecurityHub s -> securityHub.get();
      case TicketConfig.Sns s -> sns.get();
      case TicketConfig.Jira j -> jira.get();
      case TicketConfig.NoSink n ->
          throw new IllegalStateException("TICKET_SINK=none: the ticket service raises nothing");
    };
  }

  /**
   * The IAM actions ticketing calls with this sink: the ledger's and the sink's, none without a
   * sink. The template grants exactly these under the sink's condition.
   */
  public static Set<String> permissions(TicketConfig.Sink sink) {
    Set<String> sinkActions =
        switch (sink) {
          case TicketConfig.OpsCenter o -> OpsCenterSink.PERMISSIONS;
          case TicketConfig.SecurityHub s -> SecurityHubSink.PERMISSIONS;
          case TicketConfig.Sns s -> SnsSink.PERMISSIONS;
          case TicketConfig.Jira j -> JiraSink.PERMISSIONS;
          case TicketConfig.NoSink n -> Set.of();
        };
    return sinkActions.isEmpty()
        ? Set.of()
        : Stream.concat(TicketLedger.PERMISSIONS.stream(), sinkActions.stream())
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The IAM actions of forgetting resolved tickets ({@link Tickets#forgetResolved}) with this sink:
   * reading the function's tickets, none without a sink. The tickets function calls it for the rule
   * functions' reports.
   */
  public static Set<String> forgetPermissions(TicketConfig.Sink sink) {
    return sink instanceof TicketConfig.NoSink ? Set.of() : TicketLedger.READ_PERMISSIONS;
  }
}
