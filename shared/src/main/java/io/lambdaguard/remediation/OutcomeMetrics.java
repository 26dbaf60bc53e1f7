package io.lambdaguard.remediation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Counts outcomes as CloudWatch metrics in the Embedded Metric Format: one JSON line on stdout per
 * outcome, which CloudWatch Logs turns into metric {@code lambdaguard/Outcomes} by rule and outcome.
 * No API call, so no latency and no permission; the line carries no function data.
 */
@Singleton
public final class OutcomeMetrics {
  public static final String NAMESPACE = "lambdaguard";

  private final PrintStream out;
  private final Clock clock;

  @Inject
  public OutcomeMetrics() {
    this(System.out, Clock.systemUTC());
  }

  /** Writes the metric lines to {@code out}: tests capture them, Lambda needs stdout. */
  public OutcomeMetrics(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** Emits one count for this rule and outcome status; {@code reasonCode} is a stable code, not free text. */
  public void count(String rule, Outcome.Status status, String reasonCode) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("_aws").writeStartObject();
    json.writeFieldName("Timestamp").writeValue(clock.millis());
    json.writeFieldName("CloudWatchMetrics").writeStartArray().writeStartObject();
    json.writeFieldName("Namespace").writeValue(NAMESPACE);
    json.writeFieldName("Dimensions").writeStartArray()
        .writeStartArray().writeValue("rule").writeValue("outcome").writeEndArray()
        .writeStartArray().writeValue("outcome").writeValue("reasonCode").writeEndArray()
        .writeEndArray();
    json.writeFieldName("Metrics").writeStartArray().writeStartObject();
    json.writeFieldName("Name").writeValue("Outcomes");
    json.writeFieldName("Unit").writeValue("Count");
    json.writeEndObject().writeEndArray();
    json.writeEndObject().writeEndArray();
    json.writeEndObject();
    json.writeFieldName("rule").writeValue(rule);
    json.writeFieldName("outcome").writeValue(status.label());
    json.writeFieldName("reasonCode").writeValue(reasonCode);
    json.writeFieldName("Outcomes").writeValue(1);
    json.writeEndObject();
    String line = new String(json.getBytes(), StandardCharsets.UTF_8);
    synchronized (out) {
      out.println(line);
    }
  }
}
