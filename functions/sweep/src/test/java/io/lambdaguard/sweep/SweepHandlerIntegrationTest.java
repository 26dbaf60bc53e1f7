package io.lambdaguard.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.ConfigException;
import io.lambdaguard.events.AccountSweepMessage;
import io.lambdaguard.events.SweepCheck;
import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The sweep against the emulator: functions over several ListFunctions pages, some of them the
 * stack's own, the real SQS queue read back as a consumer reads it.
 */
class SweepHandlerIntegrationTest {
  /** A name that could be a person's: it must appear in no log line, metric or answer. */
  private static final String CANARY = "jane-doe-" + UUID.randomUUID().toString().substring(0, 8);

  private static SweepEmulator aws;

  @BeforeAll
  static void start() {
    aws = new SweepEmulator();
  }

  @AfterAll
  static void stop() {
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.moto.reset();
  }

  /** Runs the handler as Lambda would, capturing what it prints (the metric line) and answers. */
  private record Run(String answer, String stdout, String logs, Throwable error) {}

  private static Run invoke(String serviceRoleArns, String queueUrl, String payload) {
    return invoke(serviceRoleArns, new SweepSettings(queueUrl), payload);
  }

  private static Run invoke(String serviceRoleArns, SweepSettings settings, String payload) {
    PrintStream originalOut = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    Throwable error = null;
    try (LogCapture logs = new LogCapture()) {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      try {
        SweepHandler handler =
            new SweepHandler(
                DaggerSweepComponent.factory()
                    .create(aws.config(serviceRoleArns), settings, SweepEmulator.CREDENTIALS)
                    .sweep());
        handler.handleRequest(
            new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
            answer,
            new TestContext("sweep").remainingTime(Duration.ofMinutes(5)));
      } catch (Throwable e) {
        error = e;
      } finally {
        System.setOut(originalOut);
      }
      return new Run(
          answer.toString(StandardCharsets.UTF_8),
          stdout.toString(StandardCharsets.UTF_8),
          logs.text(),
          error);
    }
  }

  /**
   * The function messages on the queue, after checking that the rest are {@code runs} account-level
   * messages, one per run, each of a sweep id the function messages carry.
   */
  private static List<SweepMessage> functionMessages(String queue, int runs) {
    List<SweepCheck> all = aws.drain(queue).stream().map(SweepCheck::parse).toList();
    List<SweepMessage> functions =
        all.stream().filter(SweepMessage.class::isInstance).map(SweepMessage.class::cast).toList();
    List<String> accountRuns =
        all.stream()
            .filter(AccountSweepMessage.class::isInstance)
            .map(SweepCheck::sweepId)
            .toList();
    assertEquals(runs, accountRuns.size(), "one account-level message per run: " + accountRuns);
    assertEquals(
        Set.copyOf(accountRuns),
        functions.stream().map(SweepMessage::sweepId).collect(Collectors.toSet()));
    return functions;
  }

  private static long field(JsonNode node, String name) {
    return Long.parseLong(
        node.field(name)
            .orElseThrow(() -> new AssertionError("no " + name + " in " + node))
            .asNumber());
  }

  @Test
  void sweepWithTwoQueues_shouldPutEveryFunctionOnEach_soEveryRuleFunctionSeesIt() {
    String others = aws.role("workload");
    List<String> expected = aws.functions(CANARY, 23, others);
    String encryption = aws.queue("EncryptionSweepQueue");
    String strip = aws.queue("StripPersonalDataSweepQueue");

    Run run =
        invoke(
            "arn:aws:iam::123456789012:role/lambdaguard-EncryptionRole",
            SweepSettings.from(Map.of("SWEEP_QUEUE_URLS", encryption + "," + strip)),
            "{}");

    assertEquals(null, run.error(), () -> "failed: " + run.logs());
    for (String queue : List.of(encryption, strip)) {
      List<SweepMessage> messages = functionMessages(queue, 1);
      assertEquals(23, messages.size(), queue);
      assertEquals(
          Set.copyOf(expected),
          messages.stream().map(SweepMessage::functionArn).collect(Collectors.toSet()),
          queue);
    }
    JsonNode answer = JsonNode.parser().parse(run.answer());
    assertEquals(
        48,
        field(answer, "messagesSent"),
        "one per function and queue, and the account-level one per queue");
    assertEquals(0, field(answer, "messagesNotSent"));
  }

  @Test
  void queueUrlsThatAreNoQueueUrls_shouldBeRefusedNamingTheVariable() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                SweepSettings.from(
                    Map.of(
                        "SWEEP_QUEUE_URLS",
                        "https://sqs.us-east-1.amazonaws.com/123456789012/a,not-a-queue")));
    assertTrue(e.getMessage().contains("SWEEP_QUEUE_URLS"), e.getMessage());
    assertThrows(ConfigException.class, () -> SweepSettings.from(Map.of()));
  }

  @Test
  void sweep_shouldQueueExactlyOneMessagePerFunction_andNoneForTheStacksOwn() {
    // given: 123 functions over three ListFunctions pages, 2 of them run by the stack's role
    String others = aws.role("workload");
    String own = aws.role("lambdaguard-EncryptionRole");
    List<String> expected = aws.functions(CANARY, 121, others);
    List<String> ownFunctions = aws.functions("lambdaguard-EncryptionFunction", 2, own);
    String queue = aws.queue("sweep");
    aws.moto.resetCalls();

    // when: the schedule's event starts it
    Run run =
        invoke(
            own,
            queue,
            "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.scheduler\",\"detail\":{}}");

    // then: one message per function, none for the stack's own, all of one sweep
    assertEquals(null, run.error(), () -> "failed: " + run.logs());
    Map<String, Long> calls =
        aws.moto.calls().stream()
            .collect(Collectors.groupingBy(c -> c.operation(), Collectors.counting()));
    List<SweepMessage> messages = functionMessages(queue, 1);
    assertEquals(121, messages.size(), "one message per function, no duplicate");
    assertEquals(
        Set.copyOf(expected),
        messages.stream().map(SweepMessage::functionArn).collect(Collectors.toSet()));
    assertFalse(
        messages.stream().anyMatch(m -> ownFunctions.contains(m.functionArn())),
        "the stack's own functions");
    assertEquals(
        1, messages.stream().map(SweepMessage::sweepId).distinct().count(), "one sweep id");

    // and: the answer, the log line and the metric line give the same counts
    JsonNode answer = JsonNode.parser().parse(run.answer());
    String sweepId = answer.field("sweepId").orElseThrow().asString();
    assertEquals(messages.getFirst().sweepId(), sweepId);
    assertEquals("completed", answer.field("status").orElseThrow().asString());
    assertEquals(123, field(answer, "functionsListed"));
    assertEquals(2, field(answer, "ownFunctionsSkipped"));
    assertEquals(122, field(answer, "messagesSent"), "and the run's account-level message");
    assertEquals(0, field(answer, "messagesNotSent"));
    assertEquals(3, field(answer, "listCalls"));
    assertEquals(13, field(answer, "sendCalls"));
    assertEquals(
        Map.of("ListFunctions", 3L, "SendMessageBatch", 13L),
        calls,
        "every AWS call the sweep made");
    assertTrue(
        run.logs().contains("sweep completed: 123 functions listed, 122 messages sent"),
        run.logs());
    assertTrue(
        run.logs().contains("sweepId=" + sweepId) && run.logs().contains("ownFunctionsSkipped=2"),
        run.logs());
    JsonNode metrics = JsonNode.parser().parse(run.stdout().strip());
    assertEquals(
        "lambdaguard",
        metrics
            .field("_aws")
            .orElseThrow()
            .field("CloudWatchMetrics")
            .orElseThrow()
            .asArray()
            .getFirst()
            .field("Namespace")
            .orElseThrow()
            .asString());
    assertEquals(123, field(metrics, "FunctionsListed"));
    assertEquals(122, field(metrics, "MessagesSent"));
    assertEquals(0, field(metrics, "MessagesNotSent"));
    assertEquals(0, field(metrics, "SweepFailures"));
    for (String output : List.of(run.answer(), run.stdout(), run.logs())) {
      assertFalse(output.contains(CANARY), () -> "a function name leaked into:\n" + output);
    }
  }

  @Test
  void secondSweep_shouldQueueEveryFunctionAgainUnderANewSweepId() {
    String role = aws.role("workload");
    aws.functions("orders", 3, role);
    String queue = aws.queue("sweep");

    invoke("", queue, "{}");
    invoke("", queue, "{}");

    List<SweepMessage> messages = functionMessages(queue, 2);
    assertEquals(6, messages.size());
    assertEquals(2, messages.stream().map(SweepMessage::sweepId).distinct().count());
  }

  @Test
  void emptyAccount_shouldCompleteWithNothingQueued() {
    String queue = aws.queue("sweep");

    Run run = invoke("", queue, "{}");

    assertEquals(null, run.error());
    assertEquals(0, field(JsonNode.parser().parse(run.answer()), "functionsListed"));
    assertEquals(List.of(), aws.drain(queue));
  }

  @Test
  void missingQueue_shouldFailTheInvocationWithAStructuredErrorAndCountWhatWasNotSent() {
    String role = aws.role("workload");
    aws.functions(CANARY, 12, role);
    String missing = aws.queue("sweep").replace("/sweep", "/deleted-sweep");

    Run run = invoke("", missing, "{}");

    SweepFailedException failure = assertInstanceOf(run.error());
    assertEquals(SweepFailedException.Reason.QUEUE_UNAVAILABLE, failure.reason());
    assertTrue(failure.getMessage().contains("QueueDoesNotExist"), failure.getMessage());
    assertEquals("", run.answer(), "no success answer");
    assertTrue(run.logs().contains("sweep failed, 12 functions not on the queue"), run.logs());
    assertTrue(
        run.logs().contains("failure=QUEUE_UNAVAILABLE") && run.logs().contains("status=failed"),
        run.logs());
    JsonNode metrics = JsonNode.parser().parse(run.stdout().strip());
    assertEquals(1, field(metrics, "SweepFailures"));
    assertEquals(12, field(metrics, "MessagesNotSent"));
    assertFalse(
        run.logs().contains(CANARY)
            || run.stdout().contains(CANARY)
            || failure.getMessage().contains(CANARY));
  }

  private static SweepFailedException assertInstanceOf(Throwable error) {
    return org.junit.jupiter.api.Assertions.assertInstanceOf(SweepFailedException.class, error);
  }

  @Test
  void ownFunctionSkip_shouldMatchTheRoleExactly() {
    String own = aws.role("lambdaguard-EncryptionRole");
    String lookalike = aws.role("lambdaguard-EncryptionRole-copy");
    aws.functions("lookalike", 2, lookalike);
    String queue = aws.queue("sweep");

    invoke(own, queue, "{}");

    assertEquals(
        2,
        new HashSet<>(functionMessages(queue, 1)).size(),
        "a role that only starts like the stack's is not the stack's");
  }
}
