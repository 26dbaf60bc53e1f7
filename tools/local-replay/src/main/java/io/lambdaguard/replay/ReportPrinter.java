package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** Renders a {@link ReplayReport} for people (a table) or programs (JSON). */
final class ReportPrinter {

  private static final int REASON_WIDTH = 60;
  private static final List<String> HEADER =
      List.of(
          "EVENT",
          "EVENT NAME",
          "FUNCTION",
          "RULE",
          "OUTCOME",
          "REASON",
          "INIT MS",
          "DURATION MS",
          "MAX RSS MB",
          "AWS CALLS",
          "STATE");

  private final Path root;

  ReportPrinter(Path root) {
    this.root = root;
  }

  /** One line per row and rule outcome, aligned, then the summary and where the logs are. */
  String table(ReplayReport report, boolean listCalls) {
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>(HEADER);
    if (listCalls) {
      header.add("CALLS MADE");
    }
    lines.add(header);
    for (ReplayRow row : report.rows()) {
      int outcomeCount = Math.max(1, row.outcomes().size());
      for (int index = 0; index < outcomeCount; index++) {
        lines.add(
            index == 0
                ? cells(row, listCalls)
                : continuation(row.outcomes().get(index), header.size()));
      }
    }
    int[] widths = new int[header.size()];
    for (List<String> line : lines) {
      for (int column = 0; column < line.size(); column++) {
        widths[column] = Math.max(widths[column], line.get(column).length());
      }
    }
    StringBuilder text = new StringBuilder("backend: ").append(report.backend()).append('\n');
    for (List<String> line : lines) {
      for (int column = 0; column < line.size(); column++) {
        boolean last = column == line.size() - 1;
        text.append(last ? line.get(column) : pad(line.get(column), widths[column] + 2));
      }
      text.append('\n');
    }
    text.append(report.summary()).append('\n');
    text.append("function logs: ").append(relative(report.logDirectory())).append('\n');
    return text.toString().replaceAll(" +\n", "\n");
  }

  private List<String> cells(ReplayRow row, boolean listCalls) {
    RuleOutcome first = row.outcomes().isEmpty() ? null : row.outcomes().getFirst();
    String reason = first != null && row.error() == null ? first.reason() : row.error();
    List<String> cells =
        new ArrayList<>(
            List.of(
                row.eventFile(),
                Objects.toString(row.eventName(), ""),
                Objects.toString(row.function(), ""),
                first == null ? "" : Objects.toString(first.rule(), ""),
                first == null ? row.outcome() : first.outcomeWithTicket(),
                abbreviate(Objects.toString(reason, "")),
                millis(row.initDurationMs()),
                millis(row.durationMs()),
                row.peakRssMb() == null ? "" : row.peakRssMb().toString(),
                row.calls() == null
                    ? (row.function() == null ? "" : "n/a")
                    : row.calls().size()
                        + (row.writeCalls() > 0 ? " (" + row.writeCalls() + " write)" : ""),
                row.finalState() == null ? "" : row.finalState().summary()));
    if (listCalls) {
      cells.add(
          row.calls() == null
              ? ""
              : row.calls().stream().map(AwsCall::toString).collect(Collectors.joining(", ")));
    }
    return cells;
  }

  /** A further rule outcome of the same invocation, under its RULE, OUTCOME and REASON columns. */
  private static List<String> continuation(RuleOutcome outcome, int columns) {
    List<String> cells =
        new ArrayList<>(
            List.of(
                "",
                "",
                "",
                Objects.toString(outcome.rule(), ""),
                outcome.outcomeWithTicket(),
                abbreviate(Objects.toString(outcome.reason(), ""))));
    while (cells.size() < columns) {
      cells.add("");
    }
    return cells;
  }

  /** The whole report with every field, plus its summary and exit code. */
  String json(ReplayReport report) {
    ObjectNode document = Json.MAPPER.createObjectNode();
    document.put("backend", report.backend());
    document.put("summary", report.summary());
    document.put("exitCode", report.exitCode());
    document.put("logDirectory", report.logDirectory().toString());
    document.set("rows", Json.MAPPER.valueToTree(report.rows()));
    try {
      return Json.MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report always serialises", e);
    }
  }

  private String relative(Path path) {
    return path.startsWith(root) ? root.relativize(path) + "/" : path.toString();
  }

  private static String millis(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.0f", value);
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= REASON_WIDTH ? flat : flat.substring(0, REASON_WIDTH - 1) + "…";
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
