package io.lambdaguard.encryption;

import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.xray.XRayClient;

/** Test-side SDK clients on the emulator, and the fixtures the recorded events describe. */
final class Emulator {
  static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/EncryptionRole";

  /**
   * The stack's function names as the template passes them for a stack named {@code lambdaguard}.
   */
  static final String SERVICE_FUNCTIONS =
      "lambdaguard-encryption,lambdaguard-strip-personal-data,lambdaguard-tickets";

  static final String TICKET_TABLE = "lambdaguard-tickets";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  /** The function's execution role in the template. */
  static final String ROLE = "EncryptionRole";

  /**
   * The credentials the function under test runs with: they name its role and ticket sink, so the
   * call log tells its calls from the test's own, for the permissions test
   * (EncryptionPermissionsTest).
   */
  static StaticCredentialsProvider functionCredentials(Map<String, String> env) {
    FunctionPrincipal principal = FunctionPrincipal.of(ROLE, env.get("TICKET_SINK"));
    return dataProtectionOn(env)
        ? new FunctionPrincipal(ROLE, principal.ticketSink() + DATA_PROTECTION_ON).credentials()
        : principal.credentials();
  }

  /**
   * Marks the calls of a function run with XRayEncryption=fix or LogDataProtection=on (its sink's
   * label gets this suffix), so the permissions test holds them against the template with those
   * parameters, not the defaults.
   */
  static final String DATA_PROTECTION_ON = "dataprotection";

  private static boolean dataProtectionOn(Map<String, String> env) {
    return "fix".equals(env.get("XRAY_ENCRYPTION")) || "on".equals(env.get("LOG_DATA_PROTECTION"));
  }

  final MotoServer moto;
  final LambdaClient lambda;
  final KmsClient kms;
  final IamClient iam;
  final CloudWatchLogsClient logs;
  final DynamoDbClient dynamo;
  final SecurityHubClient securityHub;
  final SnsClient sns;
  final SqsClient sqs;
  final XRayClient xray;

  Emulator(MotoServer moto) {
    this.moto = moto;
    this.lambda =
        LambdaClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.kms =
        KmsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.xray =
        XRayClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.logs =
        CloudWatchLogsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.iam =
        IamClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.dynamo =
        DynamoDbClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.securityHub =
        SecurityHubClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.sns =
        SnsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.sqs =
        SqsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  /**
   * The ticket table as the template declares it (key {@code dedupKey}, TTL {@code expiresAt}), and
   * Security Hub on.
   */
  void createTicketTargets() {
    moto.createTicketTable(TICKET_TABLE);
    moto.createPseudonymSecret();
    dynamo.updateTimeToLive(
        u ->
            u.tableName(TICKET_TABLE)
                .timeToLiveSpecification(s -> s.attributeName("expiresAt").enabled(true)));
    securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
  }

  List<AwsSecurityFinding> findings() {
    return securityHub.getFindings(g -> g.maxResults(100)).findings();
  }

  /** Forgets every ticket, as if the table's items had expired. */
  void forgetTickets() {
    for (Map<String, AttributeValue> item : ticketItems()) {
      dynamo.deleteItem(
          d ->
              d.tableName(TICKET_TABLE)
                  .key(
                      Map.of(
                          "functionKey",
                          item.get("functionKey"),
                          "dedupKey",
                          item.get("dedupKey"))));
    }
  }

  List<Map<String, AttributeValue>> ticketItems() {
    return dynamo.scan(s -> s.tableName(TICKET_TABLE)).items();
  }

  /** A topic with a queue subscribed to it; returns {topic ARN, queue URL}. */
  String[] topicWithSubscriber(String name) {
    String topic = sns.createTopic(t -> t.name(name)).topicArn();
    String queueUrl = sqs.createQueue(q -> q.queueName(name + "-subscriber")).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(s -> s.topicArn(topic).protocol("sqs").endpoint(queueArn));
    return new String[] {topic, queueUrl};
  }

  /** Every message waiting in the queue, removed from it. */
  List<String> drain(String queueUrl) {
    List<String> bodies = new ArrayList<>();
    List<Message> batch;
    do {
      batch =
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages();
      for (Message message : batch) {
        bodies.add(message.body());
        sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    } while (!batch.isEmpty());
    return bodies;
  }

  /**
   * A new symmetric customer managed key whose policy lets CloudWatch Logs use it, as the service's
   * key.
   */
  String createKey() {
    return moto.createKeyWithId(java.util.UUID.randomUUID().toString());
  }

  /**
   * A key of another account whose policy lets CloudWatch Logs use it, created with that account's
   * credentials (moto files what a client creates under the account of the role it assumed).
   */
  String createKeyInAccount(String account) {
    var session =
        software.amazon.awssdk.services.sts.StsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()
            .assumeRole(
                a ->
                    a.roleArn("arn:aws:iam::" + account + ":role/KeyOwner")
                        .roleSessionName("key-owner"))
            .credentials();
    try (KmsClient foreign =
        KmsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      String policy =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
              + account
              + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":"
              + "{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
      return foreign.createKey(k -> k.policy(policy)).keyMetadata().arn();
    }
  }

  /** A function with environment variables and, when {@code keyArn} is not null, that key. */
  GetFunctionConfigurationResponse createFunction(
      String name, Map<String, String> env, String keyArn) {
    return createFunction(name, env, keyArn, false);
  }

  /**
   * A function without variables whose traces go to X-Ray ({@code TracingConfig.Mode = Active}).
   */
  GetFunctionConfigurationResponse createTracedFunction(String name) {
    return createFunction(name, Map.of(), null, true);
  }

  private GetFunctionConfigurationResponse createFunction(
      String name, Map<String, String> env, String keyArn, boolean traced) {
    String role =
        iam.createRole(
                r ->
                    r.roleName(name + "-role")
                        .assumeRolePolicyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
            .role()
            .arn();
    var created =
        lambda.createFunction(
            f -> {
              f.functionName(name)
                  .role(role)
                  .runtime(Runtime.JAVA21)
                  .handler("com.example.Handler::handleRequest")
                  .code(c -> c.zipFile(SdkBytes.fromByteArray(zip())));
              if (!env.isEmpty()) {
                f.environment(e -> e.variables(env));
              }
              if (keyArn != null) {
                f.kmsKeyArn(keyArn);
              }
              if (traced) {
                f.tracingConfig(t -> t.mode(TracingMode.ACTIVE));
              }
            });
    return lambda.getFunctionConfiguration(g -> g.functionName(created.functionArn()));
  }

  /** Lets the log-group rule find the function's group already encrypted (tests of other rules). */
  void createEncryptedLogGroup(String functionName, String keyArn) {
    logs.createLogGroup(c -> c.logGroupName("/aws/lambda/" + functionName).kmsKeyId(keyArn));
  }

  /**
   * Runs one recorded event through a fresh container of the function (real handler, graph and
   * clients).
   */
  JsonNode invoke(String eventFile, String mode, String keyArn) {
    return new Invoker(moto, keyArn).with("MODE", mode).invoke(eventFile);
  }

  /** A field of the outcome of {@code rule}, or of the only outcome when no rule ran. */
  static String outcomeOf(JsonNode result, String rule, String field) {
    List<JsonNode> outcomes = result.field("outcomes").orElseThrow().asArray();
    JsonNode chosen =
        outcomes.size() == 1 && outcomes.get(0).field("rule").orElseThrow().asString().equals("-")
            ? outcomes.get(0)
            : outcomes.stream()
                .filter(o -> o.field("rule").orElseThrow().asString().equals(rule))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outcome of " + rule + " in " + result));
    return chosen.field(field).orElseThrow().asString();
  }

  GetFunctionConfigurationResponse configuration(String name) {
    return lambda.getFunctionConfiguration(g -> g.functionName(name));
  }

  private static byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("com/example/Handler.class"));
      zip.write(new byte[] {0});
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
