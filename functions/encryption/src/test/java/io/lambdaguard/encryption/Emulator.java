package io.lambdaguard.encryption;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Test-side SDK clients on the emulator, and the fixtures the recorded events describe. */
final class Emulator {
  static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/EncryptionRole";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  final MotoServer moto;
  final LambdaClient lambda;
  final KmsClient kms;
  final IamClient iam;
  final CloudWatchLogsClient logs;

  Emulator(MotoServer moto) {
    this.moto = moto;
    this.lambda = LambdaClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    this.kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    this.logs = CloudWatchLogsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    this.iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** A new symmetric customer managed key whose policy lets CloudWatch Logs use it, as the service's key. */
  String createKey() {
    return moto.createKeyWithId(java.util.UUID.randomUUID().toString());
  }

  /** A function with environment variables and, when {@code keyArn} is not null, that key. */
  GetFunctionConfigurationResponse createFunction(String name, Map<String, String> env, String keyArn) {
    String role = iam.createRole(r -> r.roleName(name + "-role").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
        .role().arn();
    var created = lambda.createFunction(f -> {
      f.functionName(name).role(role).runtime(Runtime.JAVA21).handler("com.example.Handler::handleRequest")
          .code(c -> c.zipFile(SdkBytes.fromByteArray(zip())));
      if (!env.isEmpty()) {
        f.environment(e -> e.variables(env));
      }
      if (keyArn != null) {
        f.kmsKeyArn(keyArn);
      }
    });
    return lambda.getFunctionConfiguration(g -> g.functionName(created.functionArn()));
  }

  /** Lets the log-group rule find the function's group already encrypted (tests of other rules). */
  void createEncryptedLogGroup(String functionName, String keyArn) {
    logs.createLogGroup(c -> c.logGroupName("/aws/lambda/" + functionName).kmsKeyId(keyArn));
  }

  /** Runs one recorded event through a fresh container of the function (real handler, graph and clients). */
  JsonNode invoke(String eventFile, String mode, String keyArn) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("MODE", mode);
    env.put("KMS_KEY_ARN", keyArn);
    env.put("SERVICE_ROLE_ARNS", SERVICE_ROLE);
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    env.put("WAITER_POLL_MILLIS", "20");
    env.put("LOG_GROUP_RETENTION_DAYS", "30");
    EncryptionHandler handler =
        new EncryptionHandler(DaggerEncryptionComponent.factory().create(Config.from(env), CREDENTIALS).runner());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event(eventFile)), out,
          new TestContext("encryption").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  private static byte[] event(String file) {
    try {
      return Files.readAllBytes(Path.of(Emulator.class.getResource("/events/lambda/" + file).toURI()));
    } catch (Exception e) {
      throw new IllegalStateException("recorded event missing: " + file, e);
    }
  }

  /** A field of the outcome of {@code rule}, or of the only outcome when no rule ran. */
  static String outcomeOf(JsonNode result, String rule, String field) {
    List<JsonNode> outcomes = result.field("outcomes").orElseThrow().asArray();
    JsonNode chosen = outcomes.size() == 1 && outcomes.get(0).field("rule").orElseThrow().asString().equals("-")
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
