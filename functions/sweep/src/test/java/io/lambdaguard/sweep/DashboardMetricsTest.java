package io.lambdaguard.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.remediation.Outcome;
import io.lambdaguard.remediation.OutcomeMetrics;
import io.lambdaguard.testkit.TranslatedTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Every metric of the service's namespace the dashboard shows is one the code emits, with the
 * dimensions it emits: the dashboard of the translated template against the EMF lines of the rule
 * functions ({@link OutcomeMetrics}) and the sweep ({@link SweepMetrics}). A renamed metric or
 * dimension would leave a widget empty without this.
 */
class DashboardMetricsTest {
  /** A metric as CloudWatch keys it: namespace, name, dimension names. */
  private record Metric(String namespace, String name, Set<String> dimensions) {}

  private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{([^}]*)}([^']*)'");
  private static final Pattern TERM = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");

  /** What the code writes: one line of each kind. */
  private static List<JsonNode> emittedLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    OutcomeMetrics outcomes = new OutcomeMetrics(out, Clock.systemUTC());
    outcomes.count(
        new Outcome("env-vars-customer-key", "fn", Outcome.Status.FIXED, "fixed", "attached"),
        OutcomeMetrics.Trigger.SWEEP);
    outcomes.sweepBatch("lambdaguard-encryption", 10, 0);
    new SweepMetrics(out, Clock.systemUTC())
        .emit(new SweepSummary("s", 1, 0, 2, 0, 1, 1, 0, 5, 1, 1, Optional.empty()));
    return Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n"))
        .map(line -> JsonNode.parser().parse(line))
        .toList();
  }

  private static Set<Metric> emitted(List<JsonNode> lines) {
    Set<Metric> metrics = new HashSet<>();
    for (JsonNode line : lines) {
      for (JsonNode directive :
          line.field("_aws").orElseThrow().field("CloudWatchMetrics").orElseThrow().asArray()) {
        String namespace = directive.field("Namespace").orElseThrow().asString();
        for (JsonNode dimensions : directive.field("Dimensions").orElseThrow().asArray()) {
          Set<String> names =
              dimensions.asArray().stream().map(JsonNode::asString).collect(Collectors.toSet());
          for (JsonNode metric : directive.field("Metrics").orElseThrow().asArray()) {
            metrics.add(
                new Metric(namespace, metric.field("Name").orElseThrow().asString(), names));
          }
        }
      }
    }
    return metrics;
  }

  @Test
  void everyServiceMetricOnTheDashboard_shouldBeOneTheCodeEmits_withValuesItWrites() {
    TranslatedTemplate template = TranslatedTemplate.ofProject(Map.of());
    JsonNode body =
        JsonNode.parser()
            .parse(
                template.substitute(
                    TranslatedTemplate.at(
                            template.resource("Dashboard"), "Properties", "DashboardBody")
                        .orElseThrow()));
    List<JsonNode> lines = emittedLines();
    Set<Metric> emitted = emitted(lines);
    Set<String> sweepFunctionValues =
        lines.stream()
            .filter(line -> line.field("FunctionsListed").isPresent())
            .map(line -> line.field("function").orElseThrow().asString())
            .collect(Collectors.toSet());
    Map<String, Set<String>> writtenValues =
        Map.of(
            "outcome",
                Arrays.stream(Outcome.Status.values())
                    .map(Outcome.Status::label)
                    .collect(Collectors.toSet()),
            "trigger",
                Arrays.stream(OutcomeMetrics.Trigger.values())
                    .map(OutcomeMetrics.Trigger::label)
                    .collect(Collectors.toSet()));

    Set<Metric> shown = new TreeSet<>(java.util.Comparator.comparing(Metric::toString));
    for (JsonNode widget : body.field("widgets").orElseThrow().asArray()) {
      for (JsonNode line :
          TranslatedTemplate.at(widget, "properties", "metrics")
              .map(JsonNode::asArray)
              .orElse(List.of())) {
        List<JsonNode> items = line.asArray();
        if (items.get(0).isString() && items.get(0).asString().equals(OutcomeMetrics.NAMESPACE)) {
          Set<String> dimensions = new HashSet<>();
          for (int i = 2; i + 1 < items.size() && items.get(i).isString(); i += 2) {
            dimensions.add(items.get(i).asString());
            String value = items.get(i + 1).asString();
            assertTrue(
                value.equals("sweep")
                    ? sweepFunctionValues.contains(value)
                    : value.matches("<[A-Za-z]+Function>"),
                "function dimension: the sweep's constant or a rule function's name: " + value);
          }
          shown.add(new Metric(OutcomeMetrics.NAMESPACE, items.get(1).asString(), dimensions));
        }
        items.stream()
            .filter(JsonNode::isObject)
            .flatMap(options -> options.field("expression").stream())
            .map(JsonNode::asString)
            .forEach(
                expression -> {
                  Matcher search = SEARCH.matcher(expression);
                  while (search.find()) {
                    List<String> schema =
                        Arrays.stream(search.group(1).split(",")).map(String::trim).toList();
                    assertEquals(OutcomeMetrics.NAMESPACE, schema.get(0), expression);
                    Matcher terms = TERM.matcher(search.group(2));
                    String name = null;
                    while (terms.find()) {
                      if (terms.group(1).equals("MetricName")) {
                        name = terms.group(2);
                      } else {
                        assertTrue(
                            schema.contains(terms.group(1)),
                            expression + ": filters on a dimension outside its schema");
                        assertTrue(
                            writtenValues
                                .getOrDefault(terms.group(1), Set.of())
                                .contains(terms.group(2)),
                            expression
                                + ": "
                                + terms.group(2)
                                + " is no value the code writes for "
                                + terms.group(1));
                      }
                    }
                    assertTrue(name != null, expression + " names its metric");
                    shown.add(
                        new Metric(
                            OutcomeMetrics.NAMESPACE,
                            name,
                            Set.copyOf(schema.subList(1, schema.size()))));
                  }
                });
      }
    }

    assertFalse(shown.isEmpty());
    for (Metric metric : shown) {
      assertTrue(
          emitted.contains(metric), metric + " is on the dashboard but the code emits " + emitted);
    }
    Set<String> names = shown.stream().map(Metric::name).collect(Collectors.toSet());
    assertTrue(
        names.containsAll(
            Set.of(
                "Outcomes",
                "TicketsQueued",
                "FunctionsChecked",
                "FunctionsListed",
                "OwnFunctionsSkipped",
                "SweepMessagesFailed")),
        "outcomes, tickets and the sweep's coverage are shown: " + names);
  }
}
