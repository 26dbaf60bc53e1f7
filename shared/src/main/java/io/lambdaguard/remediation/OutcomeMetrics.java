package io.lambdaguard.remediation;

import io.lambdaguard.tickets.TicketRef;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Counts outcomes as CloudWatch metrics in the Embedded Metric Format: one JSON line on stdout per
 * outcome, which CloudWatch Logs turns into metrics {@code lambdaguard/Outcomes} and {@code
 * lambdaguard/TicketsQueued} by rule and outcome, by outcome and reason code, and by trigger (a
 * change event or the sweep), rule and outcome; and one line per batch of sweep messages: {@code
 * FunctionsChecked} and {@code SweepMessagesFailed} by function, which the dashboard sets against
 * the sweep's {@code FunctionsListed}. No API call, so no latency and no permission; the lines
 * carry no function data.
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

  /** What started a decision: a change event EventBridge delivered, or a sweep message. */
  public enum Trigger {
    EVENT,
    SWEEP;

    /** Lower-case name used as the metric dimension's value. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Emits one count for the outcome's rule, status and reason code (a stable code, not free text),
   * and the findings it queued for the tickets function (which opens each ticket once: a repeat is
   * queued again and opens nothing).
   */
  public void count(Outcome outcome, Trigger trigger) {
    long queued =
        outcome.tickets().stream()
            .filter(ticket -> ticket.state() == TicketRef.State.QUEUED)
            .count();
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("_aws").writeStartObject();
    json.writeFieldName("Timestamp").writeValue(clock.millis());
    json.writeFieldName("CloudWatchMetrics").writeStartArray().writeStartObject();
    json.writeFieldName("Namespace").writeValue(NAMESPACE);
    json.writeFieldName("Dimensions")
        .writeStartArray()
        .writeStartArray()
        .writeValue("rule")
        .writeValue("outcome")
        .writeEndArray()
        .writeStartArray()
        .writeValue("outcome")
        .writeValue("reasonCode")
        .writeEndArray()
        .writeStartArray()
        .writeValue("trigger")
        .writeValue("rule")
        .writeValue("outcome")
        .writeEndArray()
        .writeEndArray();
    json.writeFieldName("Metrics").writeStartArray();
    count(json, "Outcomes");
    count(json, "TicketsQueued");
    json.writeEndArray();
    json.writeEndObject().writeEndArray();
    json.writeEndObject();
    json.writeFieldName("rule").writeValue(outcome.rule());
    json.writeFieldName("outcome").writeValue(outcome.status().label());
    json.writeFieldName("reasonCode").writeValue(outcome.code());
    json.writeFieldName("trigger").writeValue(trigger.label());
    json.writeFieldName("Outcomes").writeValue(1);
    json.writeFieldName("TicketsQueued").writeValue(queued);
    json.writeEndObject();
    print(json);
  }

  /**
   * Emits what one batch of sweep messages came to: the messages decided ({@code FunctionsChecked})
   * and those left for SQS to deliver again ({@code SweepMessagesFailed}), by the name of the
   * function that checked them.
   */
  public void sweepBatch(String function, int checked, int failed) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("_aws").writeStartObject();
    json.writeFieldName("Timestamp").writeValue(clock.millis());
    json.writeFieldName("CloudWatchMetrics").writeStartArray().writeStartObject();
    json.writeFieldName("Namespace").writeValue(NAMESPACE);
    json.writeFieldName("Dimensions")
        .writeStartArray()
        .writeStartArray()
        .writeValue("function")
        .writeEndArray()
        .writeEndArray();
    json.writeFieldName("Metrics").writeStartArray();
    count(json, "FunctionsChecked");
    count(json, "SweepMessagesFailed");
    json.writeEndArray();
    json.writeEndObject().writeEndArray();
    json.writeEndObject();
    json.writeFieldName("function").writeValue(function);
    json.writeFieldName("FunctionsChecked").writeValue(checked);
    json.writeFieldName("SweepMessagesFailed").writeValue(failed);
    json.writeEndObject();
    print(json);
  }

  private static void count(JsonWriter json, String metric) {
    json.writeStartObject()
        .writeFieldName("Name")
        .writeValue(metric)
        .writeFieldName("Unit")
        .writeValue("Count")
        .writeEndObject();
  }

  private void print(JsonWriter json) {
    String line = new String(json.getBytes(), StandardCharsets.UTF_8);
    synchronized (out) {
      out.println(line);
    }
  }
}
