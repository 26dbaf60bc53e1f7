package io.lambdaguard.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.DaggerEncryptionComponent;
import io.lambdaguard.remediation.Triggers;
import io.lambdaguard.strip.DaggerStripPersonalDataComponent;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import io.lambdaguard.testkit.SqsPollers;
import io.lambdaguard.testkit.TestContext;
import io.lambdaguard.ticketing.DaggerTicketsComponent;
import io.lambdaguard.ticketing.TicketsHandler;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole account, end to end, in one emulator: a mix of functions (without the key, with
 * personal data in tags, with a credential in a variable, with personal data in the name, compliant
 * ones, the stack's own), the real sweep, and both sweep queues driven into the real rule functions
 * as Lambda's SQS event source does. Every non-compliant function ends fixed or ticketed, the
 * compliant ones see no write, and a second sweep writes nothing and raises no duplicate ticket.
 * Tickets are raised into the sink directly, as the rule functions do.
 */
class WholeAccountSweepIntegrationTest {
  static final String STACK = "lambdaguard";
  static final String ENCRYPTION = STACK + "-encryption";
  static final String STRIP = STACK + "-strip-personal-data";
  static final String TICKET_TABLE = "lambdaguard-tickets";
  private static final String TAG_CANARY = "canary.sweep.9182@example.com";
  private static final String CREDENTIAL_CANARY = "s3cr3t-canary-6604";
  static final FunctionPrincipal ENCRYPTION_ROLE =
      new FunctionPrincipal("EncryptionRole", "securityhub");
  static final FunctionPrincipal STRIP_ROLE =
      new FunctionPrincipal("StripPersonalDataRole", "securityhub");
  static final FunctionPrincipal SWEEP_ROLE = new FunctionPrincipal("SweepRole", "none");
  static final FunctionPrincipal TICKETS_ROLE = new FunctionPrincipal("TicketsRole", "securityhub");

  private static SweepEmulator aws;
  private static CloudWatchLogsClient logs;
  private static SecurityHubClient securityHub;

  @BeforeAll
  static void startEmulator() {
    aws = new SweepEmulator();
    logs =
        CloudWatchLogsClient.builder()
            .endpointOverride(aws.moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(SweepEmulator.CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    securityHub =
        SecurityHubClient.builder()
            .endpointOverride(aws.moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(SweepEmulator.CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    logs.close();
    securityHub.close();
    aws.close();
  }

  /** The account under the sweep, and what each function should come to. */
  private record Account(
      String keyArn,
      String serviceRole,
      List<String> unencrypted,
      List<String> leakyTags,
      List<String> credentialInVariable,
      String personalName,
      List<String> compliant,
      List<String> own) {}

  private Account seed() {
    aws.moto.reset();
    aws.moto.createTicketTable(TICKET_TABLE);
    aws.moto.createPseudonymSecret();
    securityHub.enableSecurityHub(enable -> enable.enableDefaultStandards(false));
    String keyArn = aws.moto.createKeyWithId(java.util.UUID.randomUUID().toString());
    String workload = aws.role("workload");
    String serviceRole = aws.role("StripPersonalDataRole");
    List<String> unencrypted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      unencrypted.add(
          function(
              "plain-" + i,
              workload,
              Map.of("DB_HOST", "db.internal"),
              null,
              Map.of("team", "orders")));
    }
    List<String> leakyTags = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leakyTags.add(
          compliantLogs(
              function(
                  "tagged-" + i,
                  workload,
                  Map.of(),
                  keyArn,
                  Map.of("team", "payments", "owner", TAG_CANARY)),
              keyArn));
    }
    String credential =
        compliantLogs(
            function(
                "orders-db",
                workload,
                Map.of(
                    "DATABASE_URL",
                    "postgres://app:" + CREDENTIAL_CANARY + "@db.internal:5432/orders"),
                keyArn,
                Map.of()),
            keyArn);
    String personalName =
        compliantLogs(
            function("refund-4111-1111-1111-1111", workload, Map.of(), keyArn, Map.of()), keyArn);
    List<String> compliant = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      compliant.add(
          compliantLogs(
              function(
                  "compliant-" + i,
                  workload,
                  Map.of("DB_HOST", "db.internal"),
                  keyArn,
                  Map.of("team", "search")),
              keyArn));
    }
    // The stack's own: one run by a service role (the sweep leaves it out), one named as the
    // stack's (the rule functions
    // leave it alone). Neither has the key: CloudFormation owns them.
    List<String> own =
        List.of(
            function(STRIP, serviceRole, Map.of("DB_HOST", "db.internal"), null, Map.of()),
            function(ENCRYPTION, workload, Map.of("DB_HOST", "db.internal"), null, Map.of()));
    return new Account(
        keyArn,
        serviceRole,
        unencrypted,
        leakyTags,
        List.of(credential),
        personalName,
        compliant,
        own);
  }

  private static String function(
      String name,
      String role,
      Map<String, String> variables,
      String keyArn,
      Map<String, String> tags) {
    aws.lambda.createFunction(
        create -> {
          create
              .functionName(name)
              .role(role)
              .runtime(Runtime.JAVA21)
              .handler("example.Handler::handleRequest")
              .description("orders service")
              .tags(tags)
              .code(code -> code.zipFile(SdkBytes.fromByteArray(SweepEmulator.zip())));
          if (!variables.isEmpty()) {
            create.environment(environment -> environment.variables(variables));
          }
          if (keyArn != null) {
            create.kmsKeyArn(keyArn);
          }
        });
    return name;
  }

  private static String compliantLogs(String name, String keyArn) {
    logs.createLogGroup(create -> create.logGroupName("/aws/lambda/" + name).kmsKeyId(keyArn));
    logs.putRetentionPolicy(put -> put.logGroupName("/aws/lambda/" + name).retentionInDays(30));
    return name;
  }

  private Map<String, String> environment(Account account) {
    return environment(account.keyArn(), account.serviceRole(), aws.moto);
  }

  /**
   * The environment the template gives the rule functions (and the sweep), enforce mode, tickets to
   * Security Hub.
   */
  static Map<String, String> environment(String keyArn, String serviceRole, MotoServer moto) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", MotoServer.REGION);
    env.put("MODE", "enforce");
    env.put("KMS_KEY_ARN", keyArn);
    env.put("SERVICE_ROLE_ARNS", serviceRole);
    env.put(
        "SERVICE_FUNCTION_NAMES",
        ENCRYPTION + "," + STRIP + "," + STACK + "-tickets," + STACK + "-sweep");
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    env.put("WAITER_POLL_MILLIS", "20");
    env.put("LOG_GROUP_RETENTION_DAYS", "30");
    env.put("TAG_ACTION", "remove");
    env.put("TICKET_SINK", "securityhub");
    env.put("TICKET_TABLE", TICKET_TABLE);
    env.put("PSEUDONYM_SECRET_ARN", MotoServer.PSEUDONYM_SECRET_ARN);
    env.put("TICKET_QUEUE_URL", moto.createTicketQueue(STACK + "-TicketQueue", 10));
    return env;
  }

  /** One container of a rule function: its real graph behind the entry its handler delegates to. */
  private static RequestStreamHandler container(Triggers triggers) {
    return (input, output, context) -> output.write(triggers.respond(input, context));
  }

  static Supplier<RequestStreamHandler> encryptionContainers(Map<String, String> env) {
    return () ->
        container(
            new Triggers(
                DaggerEncryptionComponent.factory()
                    .create(Config.from(env), ENCRYPTION_ROLE.credentials())
                    .runner()));
  }

  static Supplier<RequestStreamHandler> stripContainers(Map<String, String> env) {
    return () ->
        container(
            new Triggers(
                DaggerStripPersonalDataComponent.factory()
                    .create(Config.from(env), STRIP_ROLE.credentials())
                    .runner()));
  }

  /** What a sweep and the draining of both queues did. */
  private record Round(
      SweepSummary summary,
      SqsPollers.Drain encryption,
      SqsPollers.Drain strip,
      List<ApiCall> calls,
      List<JsonNode> metrics) {}

  /**
   * Runs the sweep, then lets each rule function's event source drain its queue (MaximumConcurrency
   * 2).
   */
  private Round sweepAndDrain(Account account, Map<String, String> queues) {
    Map<String, String> env = environment(account);
    aws.moto.resetCalls();
    ByteArrayOutputStream metricBytes = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    // The functions write their metric lines to stdout, as on Lambda: kept here, and still shown.
    System.setOut(new PrintStream(new Tee(stdout, metricBytes), true, StandardCharsets.UTF_8));
    try {
      SweepSummary summary =
          DaggerSweepComponent.factory()
              .create(
                  Config.from(env),
                  new SweepSettings(List.copyOf(queues.values())),
                  SWEEP_ROLE.credentials())
              .sweep()
              .run(() -> 600_000L);
      SqsPollers.Drain encryption =
          SqsPollers.of(aws.sqs, queues.get(ENCRYPTION))
              .withConcurrency(2)
              .drain(
                  encryptionContainers(env),
                  () -> new TestContext(ENCRYPTION).remainingTime(Duration.ofSeconds(60)));
      SqsPollers.Drain strip =
          SqsPollers.of(aws.sqs, queues.get(STRIP))
              .withConcurrency(2)
              .drain(
                  stripContainers(env),
                  () -> new TestContext(STRIP).remainingTime(Duration.ofSeconds(60)));
      // Then the tickets function turns the rule functions' reports into tickets.
      SqsEventSource.Delivery tickets =
          new SqsEventSource(aws.moto, env.get("TICKET_QUEUE_URL"))
              .deliver(
                  new TicketsHandler(
                      DaggerTicketsComponent.factory()
                          .create(Config.from(env), TICKETS_ROLE.credentials())
                          .consumer()),
                  STACK + "-tickets");
      assertEquals(List.of(), tickets.failed(), "every report ticketed");
      List<JsonNode> metrics =
          Arrays.stream(metricBytes.toString(StandardCharsets.UTF_8).split("\n"))
              .filter(line -> line.startsWith("{\"_aws\""))
              .map(line -> JsonNode.parser().parse(line))
              .toList();
      return new Round(summary, encryption, strip, aws.moto.calls(), metrics);
    } finally {
      System.setOut(stdout);
    }
  }

  private static List<ApiCall> writes(List<ApiCall> calls, String service) {
    return calls.stream()
        .filter(MotoServer::isWrite)
        .filter(call -> service.equals(call.service()))
        .toList();
  }

  /** The Lambda writes naming the function (REST paths carry its name or ARN). */
  private static List<ApiCall> lambdaWritesTo(List<ApiCall> calls, String name) {
    return writes(calls, "lambda").stream()
        .filter(
            call ->
                call.path().endsWith("function:" + name)
                    || call.path().contains("/functions/" + name + "/")
                    || call.path().contains("function:" + name + "/")
                    || call.path().endsWith("/functions/" + name))
        .toList();
  }

  private static long sum(List<JsonNode> metrics, String metric, String dimension, String value) {
    return metrics.stream()
        .filter(
            line -> line.field(dimension).map(JsonNode::asString).filter(value::equals).isPresent())
        .mapToLong(line -> line.field(metric).map(n -> Long.parseLong(n.asNumber())).orElse(0L))
        .sum();
  }

  private static Map<String, String> state(String name) {
    FunctionConfiguration configuration =
        aws.lambda.getFunction(get -> get.functionName(name)).configuration();
    LogGroup group =
        logs
            .describeLogGroups(describe -> describe.logGroupNamePrefix("/aws/lambda/" + name))
            .logGroups()
            .stream()
            .filter(g -> g.logGroupName().equals("/aws/lambda/" + name))
            .findFirst()
            .orElse(null);
    Map<String, String> state = new LinkedHashMap<>();
    state.put("revision", configuration.revisionId());
    state.put("key", String.valueOf(configuration.kmsKeyArn()));
    state.put("description", configuration.description());
    state.put(
        "tags",
        new java.util.TreeMap<>(
                aws.lambda.listTags(list -> list.resource(configuration.functionArn())).tags())
            .toString());
    state.put(
        "logGroup", group == null ? "none" : group.kmsKeyId() + "/" + group.retentionInDays());
    return state;
  }

  private static List<AwsSecurityFinding> findings() {
    return securityHub.getFindings(get -> get.maxResults(100)).findings();
  }

  @Test
  void
      sweep_shouldFixOrTicketEveryNonCompliantFunction_leaveTheRestUnwritten_andTheSecondSweepWritesNothing() {
    Account account = seed();
    Map<String, String> queues = new LinkedHashMap<>();
    queues.put(ENCRYPTION, aws.queue("EncryptionSweepQueue"));
    queues.put(STRIP, aws.queue("StripPersonalDataSweepQueue"));
    List<String> all = new ArrayList<>();
    all.addAll(account.unencrypted());
    all.addAll(account.leakyTags());
    all.addAll(account.credentialInVariable());
    all.add(account.personalName());
    all.addAll(account.compliant());
    all.addAll(account.own());
    Map<String, Map<String, String>> before = new LinkedHashMap<>();
    for (String name : account.compliant()) {
      before.put(name, state(name));
    }
    for (String name : account.own()) {
      before.put(name, state(name));
    }

    Round first;
    try (LogCapture captured = new LogCapture()) {
      first = sweepAndDrain(account, queues);
      assertFalse(captured.text().contains(TAG_CANARY), "no personal data in the logs");
      assertFalse(captured.text().contains(CREDENTIAL_CANARY), "no credential in the logs");
      assertFalse(
          captured.text().contains("4111-1111-1111-1111"),
          "no card number from a function name in the logs");
    }

    // The sweep listed every function and left out the one run by the stack's role.
    int checkedPerQueue = all.size() - 1;
    assertEquals(all.size(), first.summary().functionsListed());
    assertEquals(1, first.summary().ownFunctionsSkipped());
    // One message per function on each queue (no function is traced: no account-level check).
    assertEquals(2 * checkedPerQueue, first.summary().messagesSent());
    // Every message decided on its first delivery; nothing left on either queue.
    for (SqsPollers.Drain drain : List.of(first.encryption(), first.strip())) {
      assertEquals(List.of(), drain.failures());
      assertEquals(0, drain.invocationErrors());
      assertTrue(drain.deleted() >= checkedPerQueue, "every message deleted: " + drain);
    }
    for (String queue : queues.values()) {
      assertEquals(
          "0",
          aws.sqs
              .getQueueAttributes(get -> get.queueUrl(queue).attributeNames(QueueAttributeName.ALL))
              .attributes()
              .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    // Fixed: the key on the unencrypted functions, the personal data off the tags.
    for (String name : account.unencrypted()) {
      assertEquals(
          account.keyArn(),
          aws.lambda.getFunctionConfiguration(get -> get.functionName(name)).kmsKeyArn(),
          name);
    }
    for (String name : account.leakyTags()) {
      String arn = aws.lambda.getFunctionConfiguration(get -> get.functionName(name)).functionArn();
      assertEquals(
          Map.of("team", "payments"), aws.lambda.listTags(list -> list.resource(arn)).tags(), name);
    }
    // Ticketed, one each: the credential (only its owner can rotate it), the card number in a name
    // (names cannot change).
    List<AwsSecurityFinding> tickets = findings();
    assertEquals(
        2,
        tickets.size(),
        () -> tickets.stream().map(AwsSecurityFinding::title).toList().toString());
    assertTrue(
        tickets.stream()
            .anyMatch(
                t ->
                    t.generatorId().contains("env-vars-no-credentials")
                        && t.resources().stream()
                            .anyMatch(r -> r.id().endsWith(":function:orders-db"))),
        tickets.toString());
    assertTrue(
        tickets.stream().anyMatch(t -> t.generatorId().contains("name-no-personal-data")),
        tickets.toString());
    assertFalse(
        tickets.toString().contains(CREDENTIAL_CANARY)
            || tickets.toString().contains("4111-1111-1111-1111")
            || tickets.toString().contains(TAG_CANARY),
        "tickets name the finding, never the data");

    // Compliant functions and the stack's own: read, never written.
    for (Map.Entry<String, Map<String, String>> function : before.entrySet()) {
      assertEquals(List.of(), lambdaWritesTo(first.calls(), function.getKey()), function.getKey());
      assertEquals(function.getValue(), state(function.getKey()), function.getKey() + " unchanged");
    }

    // The metrics say the same: every outcome counted as the sweep's, every function checked once
    // by each rule function.
    List<JsonNode> outcomes =
        first.metrics().stream().filter(line -> line.field("rule").isPresent()).toList();
    assertFalse(outcomes.isEmpty());
    assertTrue(
        outcomes.stream()
            .allMatch(line -> line.field("trigger").orElseThrow().asString().equals("sweep")),
        outcomes.toString());
    assertEquals(
        first.encryption().deleted(),
        sum(first.metrics(), "FunctionsChecked", "function", ENCRYPTION));
    assertEquals(
        first.strip().deleted(), sum(first.metrics(), "FunctionsChecked", "function", STRIP));
    assertEquals(
        0,
        sum(first.metrics(), "SweepMessagesFailed", "function", ENCRYPTION)
            + sum(first.metrics(), "SweepMessagesFailed", "function", STRIP));
    assertEquals(all.size(), sum(first.metrics(), "FunctionsListed", "function", "sweep"));
    assertEquals(2, sum(first.metrics(), "TicketsQueued", "trigger", "sweep"));
    assertEquals(
        account.unencrypted().size() + account.leakyTags().size(),
        first.metrics().stream()
            .filter(
                line ->
                    line.field("outcome")
                        .map(JsonNode::asString)
                        .filter("fixed"::equals)
                        .isPresent())
            .filter(line -> !line.field("rule").orElseThrow().asString().startsWith("log-group"))
            .count(),
        "one fixed outcome per key attached and per tag set stripped (log groups aside)");

    Round second = sweepAndDrain(account, queues);

    assertEquals(2 * checkedPerQueue, second.summary().messagesSent());
    assertEquals(List.of(), second.encryption().failures());
    assertEquals(List.of(), second.strip().failures());
    for (String service : List.of("lambda", "logs", "kms", "securityhub")) {
      assertEquals(
          List.of(),
          writes(second.calls(), service),
          "a second sweep over a fixed account writes nothing to " + service);
    }
    assertEquals(2, findings().size(), "no duplicate ticket");
    // The two findings are queued again; the tickets function's ledger opens nothing new (above).
    assertEquals(2, sum(second.metrics(), "TicketsQueued", "trigger", "sweep"));
    assertEquals(
        0,
        second.metrics().stream()
            .filter(
                line ->
                    line.field("outcome")
                        .map(JsonNode::asString)
                        .filter("fixed"::equals)
                        .isPresent())
            .count());
    // What the rule functions cost per function when nothing changed: one Lambda read per message
    // delivered (at least
    // once, as SQS delivers), every function read, the one named as the stack's own decided without
    // a read.
    Map<FunctionPrincipal, SqsPollers.Drain> drains =
        Map.of(ENCRYPTION_ROLE, second.encryption(), STRIP_ROLE, second.strip());
    for (Map.Entry<FunctionPrincipal, SqsPollers.Drain> consumer : drains.entrySet()) {
      List<ApiCall> lambdaCalls =
          second.calls().stream()
              .filter(call -> consumer.getKey().accessKeyId().equals(call.accessKeyId()))
              .filter(call -> "lambda".equals(call.service()))
              .toList();
      // Per function: its configuration, and its published versions (their own rule).
      assertTrue(
          lambdaCalls.stream()
              .allMatch(
                  call ->
                      Set.of("GetFunction", "ListVersionsByFunction").contains(call.operation())),
          lambdaCalls.toString());
      assertTrue(
          lambdaCalls.size() <= 2 * (consumer.getValue().received() - 1),
          lambdaCalls.size() + " reads for " + consumer.getValue());
      for (String name : all) {
        boolean read =
            lambdaCalls.stream()
                .filter(call -> "GetFunction".equals(call.operation()))
                .anyMatch(
                    call ->
                        call.path().endsWith("/functions/" + name)
                            || call.path().endsWith("function:" + name));
        assertEquals(
            !account.own().contains(name), read, name + " read by " + consumer.getKey().role());
      }
    }
  }

  /** Writes to two streams: the real stdout and the test's copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length)
        throws java.io.IOException {
      first.write(bytes, offset, length);
      second.write(bytes, offset, length);
    }
  }
}
