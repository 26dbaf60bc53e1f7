package io.lambdaguard.encryption;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.remediation.OutcomeMetrics;
import io.lambdaguard.testkit.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * One warm container of the encryption function: the real handler on the function's graph, built
 * once from an environment like the template's, invoked as often as a test likes. Keeps the EMF
 * metric lines.
 */
final class Container {
  private final RequestStreamHandler handler;
  private final ByteArrayOutputStream metricBytes = new ByteArrayOutputStream();

  private Container(Map<String, String> env, MotoServer moto) {
    OutcomeMetrics metrics =
        new OutcomeMetrics(
            new PrintStream(metricBytes, true, StandardCharsets.UTF_8), Clock.systemUTC());
    EncryptionHandler function =
        new EncryptionHandler(
            DaggerTestEncryptionComponent.factory()
                .create(Config.from(env), Emulator.functionCredentials(env), metrics)
                .runner());
    this.handler = moto == null ? function : TicketsFunction.behind(function, env, moto);
  }

  /** The environment the template gives the function, pointed at {@code endpoint}. */
  static Map<String, String> env(URI endpoint, String keyArn) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("MODE", "enforce");
    env.put("KMS_KEY_ARN", keyArn);
    env.put("SERVICE_ROLE_ARNS", Emulator.SERVICE_ROLE);
    env.put("SERVICE_FUNCTION_NAMES", Emulator.SERVICE_FUNCTIONS);
    env.put("AWS_ENDPOINT_URL", endpoint.toString());
    env.put("WAITER_POLL_MILLIS", "20");
    env.put("LOG_GROUP_RETENTION_DAYS", "30");
    // The safety suites are about the rules' calls; tickets have their own suites
    // (EncryptionTicketsIntegrationTest).
    env.put("TICKET_SINK", "none");
    env.put("PSEUDONYM_SECRET_ARN", MotoServer.PSEUDONYM_SECRET_ARN);
    return env;
  }

  static Container start(Map<String, String> env) {
    return new Container(env, null);
  }

  /**
   * With tickets on: the tickets queue on {@code moto}, drained through the tickets function after
   * each invocation.
   */
  static Container withTickets(Map<String, String> env, MotoServer moto) {
    Map<String, String> ticketed = new HashMap<>(env);
    ticketed.put("TICKET_SINK", "securityhub");
    ticketed.put("TICKET_TABLE", Emulator.TICKET_TABLE);
    ticketed.put("TICKET_QUEUE_URL", TicketsFunction.queue(moto));
    return new Container(ticketed, moto);
  }

  /**
   * Invokes the handler as Lambda does; what it throws reaches the caller, as it would reach
   * Lambda.
   */
  JsonNode invoke(byte[] event, Context context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  JsonNode invoke(String event, Context context) {
    return invoke(event.getBytes(StandardCharsets.UTF_8), context);
  }

  /** The EMF lines written so far, parsed, oldest first. */
  List<JsonNode> metrics() {
    String text = metricBytes.toString(StandardCharsets.UTF_8);
    return Arrays.stream(text.split("\n"))
        .filter(l -> !l.isBlank())
        .map(l -> JsonNode.parser().parse(l))
        .toList();
  }

  /** The codes of every outcome in a handler result, in order. */
  static List<String> codes(JsonNode result) {
    return result.field("outcomes").orElseThrow().asArray().stream()
        .map(o -> o.field("code").orElseThrow().asString())
        .toList();
  }

  /** The code of the one outcome of {@code rule}, or of the only outcome. */
  static String code(JsonNode result, String rule) {
    return Emulator.outcomeOf(result, rule, "code");
  }
}
