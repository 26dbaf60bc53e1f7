package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./replay} as users meet it, with the fixture handlers and an endpoint that is never
 * called, so that every path of the report (answers, crashes, bad input, no route) and every exit
 * code shows without an emulator.
 */
class LocalReplayCommandLineTest {

  @TempDir static Path directory;

  private static Path template;
  private static Path events;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void writeTemplateAndEvents() throws Exception {
    FixturePackage.build(directory);
    template = directory.resolve("template.yaml");
    Files.writeString(
        template,
        """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  FixtureFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: fixture.zip
                      Handler: %s
                      Runtime: java25
                      MemorySize: 256
                      Timeout: 10
                      Events:
                        Fixture:
                          Type: EventBridgeRule
                          Properties:
                            Pattern: {source: [fixture]}
                """
            .formatted(FixturePackage.HANDLER));
    events = Files.createDirectories(directory.resolve("events"));
    event(
        "a-respond.json",
        "{\"source\":\"fixture\",\"behaviour\":\"respond\",\"detail\":{\"eventName\":\"Respond\"}}");
    event(
        "b-crash.json",
        "{\"source\":\"fixture\",\"behaviour\":\"exit\",\"detail\":{\"eventName\":\"Crash\"}}");
    event("c-garbage.json", "{\"source\":\"fixture\",\"behaviour\":\"garbage\"}");
    event("d-not-json.json", "this is not JSON");
    event(
        "nested/e-unrouted.json",
        "{\"source\":\"aws.s3\",\"detail\":{\"eventName\":\"PutObject\"}}");
    event("ignored.txt", "not an event");
  }

  private static void event(String name, String text) throws Exception {
    Files.createDirectories(events.resolve(name).getParent());
    Files.writeString(events.resolve(name), text);
  }

  private int replay(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--root",
                FixturePackage.ROOT.toString(),
                "--template",
                template.toString(),
                "--endpoint",
                "http://127.0.0.1:9",
                "--java",
                FixturePackage.JAVA.toString()));
    all.addAll(List.of(args));
    return LocalReplay.execute(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void json_listsEveryFileOnce_andACrashOrBadFileMakesTheExitCodeNonZero() throws Exception {
    int exitCode = replay("--json", events.toString());

    JsonNode report = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    List<String> statuses = new ArrayList<>();
    report
        .get("rows")
        .forEach(
            row ->
                statuses.add(
                    Path.of(row.get("eventFile").asText()).getFileName()
                        + "="
                        + row.get("status").asText()));
    assertEquals(
        List.of(
            "a-respond.json=RESPONDED",
            "b-crash.json=CRASHED",
            "c-garbage.json=RESPONDED",
            "d-not-json.json=INVALID_EVENT",
            "e-unrouted.json=NO_ROUTE"),
        statuses);
    assertEquals(1, exitCode);
    assertEquals(1, report.get("exitCode").asInt());
    JsonNode garbage = report.get("rows").get(2);
    assertEquals("the response lists no outcomes: not json", garbage.get("error").asText());
    JsonNode notJson = report.get("rows").get(3);
    assertTrue(
        notJson.get("error").asText().startsWith("not JSON: "), notJson.get("error").asText());
  }

  @Test
  void table_showsEveryOutcome_withSummary_andExitsZeroWhenAllWereHandled() {
    int exitCode =
        replay(events.resolve("a-respond.json").toString(), events.resolve("nested").toString());

    String table = out.toString(StandardCharsets.UTF_8);
    List<String> lines = table.lines().toList();
    assertEquals(0, exitCode, table + err);
    assertTrue(lines.get(0).startsWith("backend: endpoint http://127.0.0.1:9 (not seeded)"), table);
    assertTrue(lines.get(1).startsWith("EVENT "), table);
    assertTrue(
        lines.get(2).contains("Respond")
            && lines.get(2).contains("fixture-rule")
            && lines.get(2).contains("compliant")
            && lines.get(2).contains("n/a"),
        table);
    assertTrue(
        lines.get(3).trim().startsWith("second-rule") && lines.get(3).contains("reported"), table);
    assertTrue(
        lines.get(4).contains("e-unrouted.json") && lines.get(4).contains("no route"), table);
    assertEquals(
        "2 event files, 1 invocation: 1 compliant, 1 reported; 1 without route; 0 failed",
        lines.get(5));
    assertEquals("function logs: target/local-replay/", lines.get(6));
  }

  @Test
  void badUsage_explainsItselfAndExitsTwo() {
    assertEquals(2, replay("--bogus"));
    assertEquals(2, replay("--aws"));
    assertEquals(2, replay(directory.resolve("missing.json").toString()));
    assertEquals(
        2, replay("--parameter", "Unknown=1", events.resolve("a-respond.json").toString()));

    List<String> messages = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("replay: unknown option --bogus (see ./replay --help)", messages.get(0));
    assertEquals(
        "replay: --aws and --endpoint exclude each other (see ./replay --help)", messages.get(1));
    assertTrue(
        messages.get(2).startsWith("replay: no such event file or folder: "), messages.get(2));
    assertEquals(
        "replay: template: the template has no parameter Unknown (it declares none)",
        messages.get(3));
  }

  @Test
  void help_printsUsage() {
    assertEquals(
        0,
        LocalReplay.execute(
            List.of("--help"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));

    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: ./replay"));
  }
}
