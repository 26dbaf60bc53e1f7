package io.lambdaguard.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.SqsPollers;
import io.lambdaguard.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A measurement, not a test: how long the sweep queues take to drain at the template's default
 * concurrency, against moto, and what the rule functions call per function. Runs only when asked:
 *
 * <pre>./mvnw -B -ntp -q -pl functions/sweep -am verify -Dtest=SweepScaleMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dlambdaguard.sweepScale=1000</pre>
 *
 * Seeds that many functions (one in ten without the key and with an e-mail address in a tag, the
 * rest compliant), runs the sweep, drains both sweep queues at once, each with {@value
 * #CONCURRENCY} pollers (SweepConcurrency's default, each poller its own container of the rule
 * function), then sweeps and drains again over the now compliant account. Prints the numbers to
 * stdout ({@code target/surefire-reports/*SweepScaleMeasurement-output.txt}).
 */
@EnabledIfSystemProperty(named = "lambdaguard.sweepScale", matches = "\\d+")
class SweepScaleMeasurement {
  /** The template's SweepConcurrency default: the event source's MaximumConcurrency. */
  static final int CONCURRENCY = 2;

  @Test
  void measure() throws Exception {
    int count = Integer.parseInt(System.getProperty("lambdaguard.sweepScale"));
    try (SweepEmulator aws = new SweepEmulator();
        CloudWatchLogsClient logs =
            CloudWatchLogsClient.builder()
                .endpointOverride(aws.moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(SweepEmulator.CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
      aws.moto.createTicketTable(WholeAccountSweepIntegrationTest.TICKET_TABLE);
      aws.moto.createPseudonymSecret();
      String keyArn = aws.moto.createKeyWithId(java.util.UUID.randomUUID().toString());
      String workload = aws.role("workload");
      String serviceRole = aws.role("service");
      SdkBytes zip = SdkBytes.fromByteArray(SweepEmulator.zip());
      long seeding = System.nanoTime();
      int nonCompliant = 0;
      for (int i = 0; i < count; i++) {
        String name = String.format("scale-%05d", i);
        boolean broken = i % 10 == 0;
        nonCompliant += broken ? 1 : 0;
        aws.lambda.createFunction(
            create -> {
              create
                  .functionName(name)
                  .role(workload)
                  .runtime(Runtime.JAVA21)
                  .handler("example.Handler::handleRequest")
                  .environment(
                      environment -> environment.variables(Map.of("DB_HOST", "db.internal")))
                  .tags(
                      broken
                          ? Map.of("team", "orders", "owner", "jane.doe@example.com")
                          : Map.of("team", "orders"))
                  .code(code -> code.zipFile(zip));
              if (!broken) {
                create.kmsKeyArn(keyArn);
              }
            });
        if (!broken) {
          logs.createLogGroup(
              create -> create.logGroupName("/aws/lambda/" + name).kmsKeyId(keyArn));
          logs.putRetentionPolicy(
              put -> put.logGroupName("/aws/lambda/" + name).retentionInDays(30));
        }
      }
      System.out.printf(
          "seeded %d functions (%d non-compliant) in %.1f s%n",
          count, nonCompliant, (System.nanoTime() - seeding) / 1e9);
      Map<String, String> env =
          WholeAccountSweepIntegrationTest.environment(keyArn, serviceRole, aws.moto);
      env.put("TICKET_SINK", "none");
      String encryptionQueue = aws.queue("EncryptionSweepQueue");
      String stripQueue = aws.queue("StripPersonalDataSweepQueue");
      for (String round :
          List.of(
              "first sweep (fixes " + nonCompliant + " functions)",
              "second sweep (compliant account)")) {
        aws.moto.resetCalls();
        SweepSummary summary =
            DaggerSweepComponent.factory()
                .create(
                    Config.from(env),
                    new SweepSettings(List.of(encryptionQueue, stripQueue)),
                    WholeAccountSweepIntegrationTest.SWEEP_ROLE.credentials())
                .sweep()
                .run(() -> 900_000L);
        long draining = System.nanoTime();
        // Both event sources poll at once, as on Lambda: one thread each (the common pool may have
        // one thread).
        ExecutorService sources = Executors.newFixedThreadPool(2);
        CompletableFuture<SqsPollers.Drain> encryption =
            CompletableFuture.supplyAsync(
                () ->
                    SqsPollers.of(aws.sqs, encryptionQueue)
                        .withConcurrency(CONCURRENCY)
                        .drain(
                            WholeAccountSweepIntegrationTest.encryptionContainers(env),
                            () ->
                                new TestContext(WholeAccountSweepIntegrationTest.ENCRYPTION)
                                    .remainingTime(Duration.ofSeconds(60))),
                sources);
        CompletableFuture<SqsPollers.Drain> strip =
            CompletableFuture.supplyAsync(
                () ->
                    SqsPollers.of(aws.sqs, stripQueue)
                        .withConcurrency(CONCURRENCY)
                        .drain(
                            WholeAccountSweepIntegrationTest.stripContainers(env),
                            () ->
                                new TestContext(WholeAccountSweepIntegrationTest.STRIP)
                                    .remainingTime(Duration.ofSeconds(60))),
                sources);
        SqsPollers.Drain encryptionDrain = encryption.get();
        SqsPollers.Drain stripDrain = strip.get();
        sources.shutdown();
        double drainSeconds = (System.nanoTime() - draining) / 1e9;
        List<ApiCall> calls = aws.moto.calls();
        System.out.printf(
            "%n== %s, %d functions, MaximumConcurrency %d per queue ==%n",
            round, count, CONCURRENCY);
        System.out.printf(
            "sweep: listed %d in %d ListFunctions calls (%d ms), %d messages in %d SendMessageBatch calls (%d ms),"
                + " %d ms in all%n",
            summary.functionsListed(),
            summary.listCalls(),
            summary.listMillis(),
            summary.messagesSent(),
            summary.sendCalls(),
            summary.sendMillis(),
            summary.durationMillis());
        System.out.printf("drain, both queues at once: %.1f s%n", drainSeconds);
        report(
            "encryption",
            encryptionDrain,
            calls,
            WholeAccountSweepIntegrationTest.ENCRYPTION_ROLE,
            count);
        report(
            "strip-personal-data",
            stripDrain,
            calls,
            WholeAccountSweepIntegrationTest.STRIP_ROLE,
            count);
        assertEquals(List.of(), encryptionDrain.failures());
        assertEquals(List.of(), stripDrain.failures());
      }
    }
  }

  private static void report(
      String function,
      SqsPollers.Drain drain,
      List<ApiCall> calls,
      FunctionPrincipal role,
      int count) {
    Map<String, Long> byOperation =
        calls.stream()
            .filter(call -> role.accessKeyId().equals(call.accessKeyId()))
            .collect(
                Collectors.groupingBy(
                    call -> call.service() + ":" + call.operation(),
                    TreeMap::new,
                    Collectors.counting()));
    long lambda =
        byOperation.entrySet().stream()
            .filter(e -> e.getKey().startsWith("lambda:"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    long all = byOperation.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "%s: %d messages in %d invocations, %.1f s, %.1f messages/s; AWS calls per function %.2f (Lambda %.2f): %s%n",
        function,
        drain.deleted(),
        drain.invocations(),
        drain.elapsed().toMillis() / 1000.0,
        drain.messagesPerSecond(),
        (double) all / count,
        (double) lambda / count,
        byOperation);
  }
}
