package io.lambdaguard.encryption;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Runs recorded events through a new container of the function each time, with tickets on: the
 * tickets function drains the tickets queue after each invocation ({@link TicketsFunction}).
 */
final class Invoker {
  private final MotoServer moto;
  private final Map<String, String> env = new HashMap<>();

  Invoker(MotoServer moto, String keyArn) {
    this.moto = moto;
    env.put("AWS_REGION", "us-east-1");
    env.put("MODE", "enforce");
    env.put("KMS_KEY_ARN", keyArn);
    env.put("SERVICE_ROLE_ARNS", Emulator.SERVICE_ROLE);
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    env.put("WAITER_POLL_MILLIS", "20");
    env.put("LOG_GROUP_RETENTION_DAYS", "30");
    env.put("TICKET_SINK", "securityhub");
    env.put("TICKET_TABLE", Emulator.TICKET_TABLE);
    env.put("TICKET_QUEUE_URL", TicketsFunction.queue(moto));
    env.put("PSEUDONYM_SECRET_ARN", MotoServer.PSEUDONYM_SECRET_ARN);
  }

  /** Sets or overrides an environment variable of the next containers. */
  Invoker with(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** A new container handles the event; its exceptions propagate as Lambda would see them. */
  JsonNode invoke(String eventFile) {
    return invokeJson(new String(event(eventFile), StandardCharsets.UTF_8));
  }

  /** A new container handles this event text. */
  JsonNode invokeJson(String event) {
    RequestStreamHandler handler =
        TicketsFunction.behind(
            new EncryptionHandler(
                DaggerEncryptionComponent.factory()
                    .create(Config.from(env), Emulator.functionCredentials(env))
                    .runner()),
            env,
            moto);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
          out,
          new TestContext("encryption").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  static byte[] event(String file) {
    try {
      return Files.readAllBytes(
          Path.of(Invoker.class.getResource("/events/lambda/" + file).toURI()));
    } catch (Exception e) {
      throw new IllegalStateException("recorded event missing: " + file, e);
    }
  }

  /** The outcome of {@code rule} in a handler result. */
  static JsonNode outcomeOf(JsonNode result, String rule) {
    List<JsonNode> outcomes = result.field("outcomes").orElseThrow().asArray();
    return outcomes.stream()
        .filter(o -> o.field("rule").orElseThrow().asString().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome of " + rule + ": " + result));
  }

  static String text(JsonNode node, String field) {
    return node.field(field)
        .orElseThrow(() -> new AssertionError("no " + field + " in " + node))
        .asString();
  }

  MotoServer moto() {
    return moto;
  }
}
