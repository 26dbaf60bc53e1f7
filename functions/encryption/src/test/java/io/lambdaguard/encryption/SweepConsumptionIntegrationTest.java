package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.events.AccountSweepMessage;
import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The encryption function consuming its sweep queue as Lambda's SQS event source does: receive a
 * batch, invoke the handler with the SQS event, delete what is not in {@code batchItemFailures}.
 * Sweep messages are put on the queue in the sweep's own body format ({@link
 * SweepMessage#toJson()}).
 */
class SweepConsumptionIntegrationTest {
  private static final String OWN_FUNCTION = "lambdaguard-encryption";
  private static MotoServer moto;
  private static Emulator aws;
  private static SqsClient sqs;
  private String keyArn;
  private String queueUrl;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
    sqs =
        SqsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(Emulator.CREDENTIALS)
            .httpClientBuilder(
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    sqs.close();
    moto.close();
  }

  @BeforeEach
  void reset() {
    moto.reset();
    aws.createTicketTargets();
    keyArn = aws.createKey();
    queueUrl =
        sqs.createQueue(q -> q.queueName("EncryptionSweepQueue-" + UUID.randomUUID())).queueUrl();
  }

  private RequestStreamHandler handler(String mode) {
    Map<String, String> env = env(mode, TicketsFunction.queue(moto));
    return TicketsFunction.behind(container(env), env, moto);
  }

  private static EncryptionHandler container(Map<String, String> env) {
    return new EncryptionHandler(
        DaggerEncryptionComponent.factory()
            .create(Config.from(env), Emulator.functionCredentials(env))
            .runner());
  }

  /**
   * The environment of the function on its sweep queue, sending its findings to {@code
   * ticketQueueUrl}.
   */
  private Map<String, String> env(String mode, String ticketQueueUrl) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                mode,
                "KMS_KEY_ARN",
                keyArn,
                "SERVICE_ROLE_ARNS",
                Emulator.SERVICE_ROLE,
                "SERVICE_FUNCTION_NAMES",
                OWN_FUNCTION,
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "WAITER_POLL_MILLIS",
                "20",
                "LOG_GROUP_RETENTION_DAYS",
                "30",
                "TICKET_SINK",
                "securityhub",
                "TICKET_TABLE",
                Emulator.TICKET_TABLE));
    env.put("PSEUDONYM_SECRET_ARN", MotoServer.PSEUDONYM_SECRET_ARN);
    env.put("TICKET_QUEUE_URL", ticketQueueUrl);
    return env;
  }

  /**
   * What the sweep does in one run: the run's account-level message, then one message per listed
   * function.
   */
  private void sweep(List<String> functionArns) {
    String sweepId = UUID.randomUUID().toString();
    Instant listedAt = Instant.now();
    sqs.sendMessage(
        s -> s.queueUrl(queueUrl).messageBody(new AccountSweepMessage(sweepId, listedAt).toJson()));
    for (String arn : functionArns) {
      sqs.sendMessage(
          s -> s.queueUrl(queueUrl).messageBody(new SweepMessage(sweepId, arn, listedAt).toJson()));
    }
  }

  /** Lambda's SQS event source on the sweep queue; returns the ids it left on the queue. */
  private List<String> drain(RequestStreamHandler handler) {
    return new SqsEventSource(moto, queueUrl).deliver(handler, "lambdaguard-encryption").failed();
  }

  private static List<ApiCall> functionWrites() {
    return moto.calls().stream()
        .filter(MotoServer::isWrite)
        .filter(
            c ->
                c.service().equals("lambda")
                    || c.service().equals("kms")
                    || c.service().equals("logs"))
        .toList();
  }

  @Test
  void
      sweep_shouldFixEveryNonCompliantFunction_leaveCompliantOnesAlone_andWriteNothingTheSecondTime() {
    List<String> arns = new ArrayList<>();
    List<String> unencrypted = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String name = "sweep-plain-" + i;
      unencrypted.add(name);
      arns.add(aws.createFunction(name, Map.of("DB_HOST", "db.internal"), null).functionArn());
    }
    List<String> compliant = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "sweep-compliant-" + i;
      compliant.add(name);
      arns.add(aws.createFunction(name, Map.of("DB_HOST", "db.internal"), keyArn).functionArn());
      aws.createEncryptedLogGroup(name, keyArn);
    }
    String own =
        aws.createFunction(OWN_FUNCTION, Map.of("DB_HOST", "db.internal"), null).functionArn();
    arns.add(own);
    RequestStreamHandler handler = handler("enforce");
    moto.resetCalls();

    sweep(arns);
    List<String> failed = drain(handler);

    assertEquals(List.of(), failed);
    for (String name : unencrypted) {
      assertEquals(keyArn, aws.configuration(name).kmsKeyArn(), name + " fixed");
    }
    assertEquals(
        null,
        aws.configuration(OWN_FUNCTION).kmsKeyArn(),
        "the stack's own function is left alone");
    List<String> written =
        functionWrites().stream()
            .filter(c -> c.service().equals("lambda"))
            .map(ApiCall::path)
            .toList();
    for (String name : compliant) {
      assertTrue(
          written.stream().noneMatch(path -> path.contains(name + "/") || path.endsWith(name)),
          name + " untouched: " + written);
    }

    moto.resetCalls();
    sweep(arns);
    assertEquals(List.of(), drain(handler));
    assertEquals(
        List.of(), functionWrites(), "a second sweep over a compliant account writes nothing");
  }

  @Test
  void
      malformedSweepMessage_shouldBeAnInvalidEventOutcome_andABatchFailureSoItReachesTheDeadLetterQueue() {
    String arn =
        aws.createFunction("sweep-plain", Map.of("DB_HOST", "db.internal"), null).functionArn();
    sqs.sendMessage(
        s ->
            s.queueUrl(queueUrl)
                .messageBody("{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"x\"}"));
    sweep(List.of(arn));

    List<String> failed;
    try (LogCapture logs = new LogCapture()) {
      failed = drain(handler("enforce"));
      assertTrue(logs.text().contains("invalid-event-missing-field"), logs.text());
    }

    assertEquals(1, failed.size(), "only the malformed message goes back to the queue");
    assertEquals(
        keyArn,
        aws.configuration("sweep-plain").kmsKeyArn(),
        "the good message of the batch is still handled");
  }

  @Test
  void messageThatFails_shouldBeTheOnlyBatchItemFailure_soSqsDeliversItAgain() {
    String foreign = "arn:aws:lambda:us-east-1:210987654321:function:elsewhere";
    String plain =
        aws.createFunction("sweep-plain", Map.of("DB_HOST", "db.internal"), null).functionArn();
    sweep(List.of(foreign, plain));

    // The tickets queue is unreachable: the decision on the local function cannot be completed.
    String missingQueue =
        TicketsFunction.queue(moto).replace("lambdaguard-TicketQueue.fifo", "no-such-queue.fifo");
    // (X-Ray's check is off: the run's account-level message would need the tickets queue too.)
    Map<String, String> env = env("enforce", missingQueue);
    env.put("XRAY_ENCRYPTION", "off");
    List<String> failed = drain(container(env));

    assertEquals(1, failed.size(), "the failed message, not the one about another account");
    assertEquals(1, SqsEventSource.peek(moto, queueUrl).size(), "left on the queue for redelivery");
  }

  @Test
  void reportMode_shouldChangeNothingOnASweep() {
    aws.createFunction("sweep-plain", Map.of("DB_HOST", "db.internal"), null);
    sweep(List.of(aws.configuration("sweep-plain").functionArn()));
    moto.resetCalls();

    assertEquals(List.of(), drain(handler("report")));

    assertEquals(null, aws.configuration("sweep-plain").kmsKeyArn());
    assertEquals(
        List.of(), functionWrites().stream().filter(c -> !c.service().equals("kms")).toList());
  }

  @Test
  void functionOfAnotherAccount_shouldBeIgnoredNotRead() {
    sweep(List.of("arn:aws:lambda:us-east-1:210987654321:function:elsewhere"));
    moto.resetCalls();

    assertEquals(List.of(), drain(handler("enforce")));

    assertEquals(
        List.of(), moto.calls().stream().filter(c -> c.service().equals("lambda")).toList());
  }

  @Test
  void sweepOverManyTracedFunctions_shouldCheckXRayOncePerRun_andRaiseOneTicket() {
    // given: 25 traced functions, X-Ray off the key; every batch goes to a new container (Lambda's
    // worst case)
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String name = "sweep-traced-" + i;
      arns.add(aws.createTracedFunction(name).functionArn());
      aws.createEncryptedLogGroup(name, keyArn);
    }
    moto.resetCalls();
    RequestStreamHandler newContainerPerBatch =
        (in, out, context) -> handler("enforce").handleRequest(in, out, context);
    // when: two runs
    sweep(arns);
    assertEquals(List.of(), drain(newContainerPerBatch));
    List<String> firstRun = xrayReads();
    moto.resetCalls();
    sweep(arns);
    assertEquals(List.of(), drain(newContainerPerBatch));
    // then: one read per run, one ticket in all
    assertEquals(
        List.of("GetEncryptionConfig"),
        firstRun,
        "one check per run, not per function or per container");
    assertEquals(List.of("GetEncryptionConfig"), xrayReads());
    assertEquals(1, aws.findings().size());
    assertTrue(
        aws.findings()
            .getFirst()
            .toString()
            .contains("xray:us-east-1:123456789012:encryption-config"));
  }

  @Test
  void sweepWithXRayOnTheKey_shouldForgetTheAccountsTicket() {
    // given: a sweep raised the account's ticket, then the owner put X-Ray on the key
    String arn = aws.createTracedFunction("sweep-traced").functionArn();
    aws.createEncryptedLogGroup("sweep-traced", keyArn);
    sweep(List.of(arn));
    drain(handler("enforce"));
    assertEquals(1, aws.ticketItems().size());
    aws.xray.putEncryptionConfig(
        p -> p.type(software.amazon.awssdk.services.xray.model.EncryptionType.KMS).keyId(keyArn));
    moto.markXRayEncryptionUpdating(0);
    // when
    sweep(List.of(arn));
    assertEquals(List.of(), drain(handler("enforce")));
    // then
    assertEquals(List.of(), aws.ticketItems());
  }

  private static List<String> xrayReads() {
    return moto.calls("xray").stream().map(ApiCall::operation).toList();
  }
}
