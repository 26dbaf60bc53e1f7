package io.lambdaguard.strip;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import io.lambdaguard.ticketing.DaggerTicketsComponent;
import io.lambdaguard.ticketing.TicketsHandler;
import java.util.Map;

/**
 * The tickets function behind the function under test, as the stack deploys them: the tickets queue
 * (FIFO, created as the template creates it), delivered after each invocation to a new container of
 * the tickets function's real handler and graph, with the same environment (the template's Globals
 * give both the ticket settings).
 */
final class TicketsFunction {
  static final String ROLE = "TicketsRole";

  private TicketsFunction() {}

  /** Creates the tickets queue (idempotent) and returns its URL, for {@code TICKET_QUEUE_URL}. */
  static String queue(MotoServer moto) {
    return moto.createTicketQueue("lambdaguard-TicketQueue", 10);
  }

  /**
   * {@code handler}, then the tickets queue drained through the tickets function; as is when no
   * queue is set.
   */
  static RequestStreamHandler behind(
      RequestStreamHandler handler, Map<String, String> env, MotoServer moto) {
    String queueUrl = env.get("TICKET_QUEUE_URL");
    if (queueUrl == null || queueUrl.isBlank()) {
      return handler;
    }
    Map<String, String> settings = Map.copyOf(env);
    return new SqsEventSource(moto, queueUrl)
        .behind(
            handler,
            () ->
                new TicketsHandler(
                    DaggerTicketsComponent.factory()
                        .create(
                            Config.from(settings), FunctionPrincipal.credentials(ROLE, settings))
                        .consumer()),
            "lambdaguard-tickets");
  }

  /** One delivery of the tickets queue to a new tickets function container. */
  static SqsEventSource.Delivery drain(Map<String, String> env, MotoServer moto) {
    return new SqsEventSource(moto, env.get("TICKET_QUEUE_URL"))
        .deliver(
            new TicketsHandler(
                DaggerTicketsComponent.factory()
                    .create(Config.from(env), FunctionPrincipal.credentials(ROLE, env))
                    .consumer()),
            "lambdaguard-tickets");
  }
}
