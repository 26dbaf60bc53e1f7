package io.lambdaguard.sweep;

import io.lambdaguard.remediation.OutcomeMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The sweep's summary as CloudWatch metrics in the Embedded Metric Format: one JSON line on stdout
 * per sweep, in the service's namespace with dimension {@code function=sweep}. No API call and no
 * permission; counts only.
 */
@Singleton
public final class SweepMetrics {
  private final PrintStream out;
  private final Clock clock;

  @Inject
  SweepMetrics() {
    this(System.out, Clock.systemUTC());
  }

  /** Writes the metric line to {@code out}: tests capture it, Lambda needs stdout. */
  SweepMetrics(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  void emit(SweepSummary summary) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("FunctionsListed", (long) summary.functionsListed());
    counts.put("OwnFunctionsSkipped", (long) summary.ownFunctionsSkipped());
    counts.put("MessagesSent", (long) summary.messagesSent());
    counts.put("MessagesNotSent", (long) summary.messagesNotSent());
    counts.put("SweepFailures", summary.completed() ? 0L : 1L);
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("_aws").writeStartObject();
    json.writeFieldName("Timestamp").writeValue(clock.millis());
    json.writeFieldName("CloudWatchMetrics").writeStartArray().writeStartObject();
    json.writeFieldName("Namespace").writeValue(OutcomeMetrics.NAMESPACE);
    json.writeFieldName("Dimensions")
        .writeStartArray()
        .writeStartArray()
        .writeValue("function")
        .writeEndArray()
        .writeEndArray();
    json.writeFieldName("Metrics").writeStartArray();
    counts
        .keySet()
        .forEach(
            name ->
                json.writeStartObject()
                    .writeFieldName("Name")
                    .writeValue(name)
                    .writeFieldName("Unit")
                    .writeValue("Count")
                    .writeEndObject());
    json.writeStartObject()
        .writeFieldName("Name")
        .writeValue("SweepDuration")
        .writeFieldName("Unit")
        .writeValue("Milliseconds")
        .writeEndObject();
    json.writeEndArray();
    json.writeEndObject().writeEndArray();
    json.writeEndObject();
    json.writeFieldName("function").writeValue("sweep");
    counts.forEach((name, value) -> json.writeFieldName(name).writeValue(value));
    json.writeFieldName("SweepDuration").writeValue(summary.durationMillis());
    json.writeEndObject();
    String line = new String(json.getBytes(), StandardCharsets.UTF_8);
    synchronized (out) {
      out.println(line);
    }
  }
}
