package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ./replay --sweep}: seeds functions in the embedded moto, runs the template's sweep
 * function once through the runtime interface client, as the schedule would, and prints its
 * summary, the messages on the sweep queue, its AWS calls, its time and its JVM's peak memory.
 */
final class SweepReplay {
  static final String FLAG = "--sweep";

  /** The sweep's one account-level message per queue and run, beside the functions' messages. */
  static final int ACCOUNT_CHECKS = 1;

  static final String SEED_FUNCTIONS = "--seed-functions";
  static final String FUNCTION = "SweepFunction";

  /**
   * The queues the template's {@code SWEEP_QUEUE_URLS} names in the emulator: one per rule
   * function.
   */
  static final List<String> QUEUES = List.of("EncryptionSweepQueue", "StripPersonalDataSweepQueue");

  private static final int DEFAULT_FUNCTIONS = 100;

  private SweepReplay() {}

  /** Runs the sweep replay; exit code 0 when every seeded function is on the queue, 1 otherwise. */
  static int execute(List<String> args, PrintStream out) throws InterruptedException {
    List<String> rest = new ArrayList<>(args);
    rest.remove(FLAG);
    int functions = DEFAULT_FUNCTIONS;
    int flag = rest.indexOf(SEED_FUNCTIONS);
    if (flag >= 0) {
      if (flag + 1 >= rest.size()) {
        throw new UsageException(SEED_FUNCTIONS + " needs a number");
      }
      try {
        functions = Integer.parseInt(rest.get(flag + 1));
      } catch (NumberFormatException e) {
        functions = -1;
      }
      if (functions < 0 || functions > 100_000) {
        throw new UsageException(
            SEED_FUNCTIONS + " takes a number from 0 to 100000, got " + rest.get(flag + 1));
      }
      rest.subList(flag, flag + 2).clear();
    }
    ReplayOptions options = ReplayOptions.parse(rest);
    if (options.aws() || options.endpoint() != null) {
      throw new UsageException(FLAG + " runs against the embedded moto only: it creates functions");
    }
    int seeded = functions;
    try (ReplayDriver driver = ReplayDriver.open(options);
        Clients clients = new Clients(driver.endpoint(), driver.region())) {
      if (driver.functions().stream().noneMatch(f -> f.logicalId().equals(FUNCTION))) {
        throw new UsageException("the template has no " + FUNCTION);
      }
      List<String> queueUrls = new ArrayList<>();
      ReplayRow row =
          driver.invoke(FUNCTION, "sweep", "{}", () -> queueUrls.addAll(clients.seed(seeded)));
      // The fewest on any queue: every rule function must get every function, and the run's
      // account-level check.
      int onQueue =
          queueUrls.isEmpty()
              ? 0
              : queueUrls.stream().mapToInt(clients::messagesOn).min().orElse(0) - ACCOUNT_CHECKS;
      JsonNode summary = summary(row.response());
      boolean completed =
          row.status() == InvocationStatus.RESPONDED
              && summary != null
              && "completed".equals(Json.text(summary, "status"))
              && onQueue == seeded;
      out.print(report(driver, row, summary, seeded, onQueue));
      return completed ? 0 : 1;
    }
  }

  private static JsonNode summary(String response) {
    try {
      JsonNode node = Json.MAPPER.readTree(response == null ? "" : response);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String report(
      ReplayDriver driver, ReplayRow row, JsonNode summary, int seeded, int onQueue) {
    StringBuilder text = new StringBuilder();
    text.append("sweep against ")
        .append(driver.backendDescription())
        .append(": ")
        .append(seeded)
        .append(" functions seeded\n");
    text.append(
        String.format(
            "  status          %s%s%n",
            row.status(), summary == null ? "" : " (" + Json.text(summary, "status") + ")"));
    if (row.error() != null && summary == null) {
      text.append("  error           ").append(row.error()).append('\n');
    }
    if (summary != null) {
      text.append(
          String.format(
              "  listed          %s (the stack's own skipped: %s)%n",
              summary.path("functionsListed"), summary.path("ownFunctionsSkipped")));
      text.append(
          String.format(
              "  messages sent   %s (not sent: %s, resent: %s)%n",
              summary.path("messagesSent"),
              summary.path("messagesNotSent"),
              summary.path("entriesResent")));
    }
    text.append(String.format("  on each queue   %d%n", onQueue));
    if (row.calls() != null) {
      Map<String, Long> calls =
          row.calls().stream()
              .collect(
                  Collectors.groupingBy(
                      c -> c.service() + ":" + c.operation(), TreeMap::new, Collectors.counting()));
      text.append("  AWS calls       ")
          .append(
              calls.entrySet().stream()
                  .map(e -> e.getKey() + " " + e.getValue())
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    text.append(
        String.format(
            "  time            init %s ms, invocation %s ms%s%n",
            whole(row.initDurationMs()),
            whole(row.durationMs()),
            summary == null
                ? ""
                : " (sweep "
                    + summary.path("durationMillis")
                    + " ms: listing "
                    + summary.path("listMillis")
                    + " ms, sending "
                    + summary.path("sendMillis")
                    + " ms)"));
    text.append(
        String.format(
            "  peak RSS        %s MB%n", row.peakRssMb() == null ? "?" : row.peakRssMb()));
    if (summary != null) {
      text.append("  summary         ").append(summary).append('\n');
    }
    if (row.log() != null) {
      text.append("  log             ").append(row.log()).append('\n');
    }
    return text.toString();
  }

  private static String whole(Double millis) {
    return millis == null ? "-" : Long.toString(Math.round(millis));
  }

  /** The replay's clients for seeding: functions, their role, the queue. */
  private static final class Clients implements AutoCloseable {
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final LambdaClient lambda;
    private final IamClient iam;
    private final SqsClient sqs;

    Clients(URI endpoint, String region) {
      lambda =
          LambdaClient.builder()
              .endpointOverride(endpoint)
              .region(Region.of(region))
              .httpClient(http)
              .credentialsProvider(EmulatorCredentials.PROVIDER)
              .build();
      iam =
          IamClient.builder()
              .endpointOverride(endpoint)
              .region(Region.AWS_GLOBAL)
              .httpClient(http)
              .credentialsProvider(EmulatorCredentials.PROVIDER)
              .build();
      sqs =
          SqsClient.builder()
              .endpointOverride(endpoint)
              .region(Region.of(region))
              .httpClient(http)
              .credentialsProvider(EmulatorCredentials.PROVIDER)
              .build();
    }

    /** Creates the queues and {@code count} functions; returns the queues' URLs. */
    List<String> seed(int count) {
      List<String> queueUrls =
          QUEUES.stream()
              .map(name -> sqs.createQueue(create -> create.queueName(name)).queueUrl())
              .toList();
      String role =
          iam.createRole(
                  create ->
                      create
                          .roleName("sweep-replay-workload")
                          .assumeRolePolicyDocument(
                              """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""))
              .role()
              .arn();
      SdkBytes zip = SdkBytes.fromByteArray(EmulatorSeeder.placeholderZip());
      for (int i = 0; i < count; i++) {
        String name = String.format("sweep-replay-%05d", i);
        // The first one traced, so the run also makes its account-level check (X-Ray's encryption).
        TracingMode tracing = i == 0 ? TracingMode.ACTIVE : TracingMode.PASS_THROUGH;
        lambda.createFunction(
            create ->
                create
                    .functionName(name)
                    .role(role)
                    .runtime(Runtime.JAVA21)
                    .handler("example.Handler::handleRequest")
                    .code(code -> code.zipFile(zip))
                    .tracingConfig(config -> config.mode(tracing)));
        if ((i + 1) % 500 == 0) {
          System.err.println("replay: seeded " + (i + 1) + " of " + count + " functions");
        }
      }
      return queueUrls;
    }

    int messagesOn(String queueUrl) {
      if (queueUrl == null) {
        return 0;
      }
      return Integer.parseInt(
          sqs.getQueueAttributes(
                  get ->
                      get.queueUrl(queueUrl)
                          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
              .attributes()
              .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Override
    public void close() {
      lambda.close();
      iam.close();
      sqs.close();
      http.close();
    }
  }
}
