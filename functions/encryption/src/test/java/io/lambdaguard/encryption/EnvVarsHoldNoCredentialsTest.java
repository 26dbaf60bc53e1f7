package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.FixStep;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The credentials rule's decisions. Token-shaped test values are assembled at run time, so secret
 * scanners never see a credential-shaped literal in this file.
 */
class EnvVarsHoldNoCredentialsTest {
  private static final String ACCESS_KEY_ID = "AKIA" + "IOSFODNN7EXAMPLE";
  private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";

  private final EnvVarsHoldNoCredentials rule = new EnvVarsHoldNoCredentials();

  private static FunctionSnapshot function(Map<String, String> env) {
    return new FunctionSnapshot(
        "orders-api",
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
        "rev-1",
        "Active",
        "Successful",
        Optional.empty(),
        env,
        Optional.empty(),
        "",
        Map.of(),
        Optional.empty());
  }

  private static String alnum(int length) {
    return "a1B2c3D4e5F6g7H8i9J0".repeat(10).substring(0, length);
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> credentials() {
    String jwt =
        base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
            + "."
            + base64Url("{\"sub\":\"1234567890\",\"iat\":1516239022}")
            + "."
            + alnum(43);
    return Stream.of(
        Arguments.of(
            "postgres://app:s3cr3t-pw@db.internal:5432/orders",
            "a URL with embedded credentials (user and password)"),
        Arguments.of(
            "redis://:s3cr3t-pw@cache.internal:6379/0",
            "a URL with embedded credentials (user and password)"),
        Arguments.of(
            "mongodb+srv://app:p%40ss@cluster0.example.net/orders",
            "a URL with embedded credentials (user and password)"),
        Arguments.of(
            "https://deploy:p@ss@artifacts.example.com/repo",
            "a URL with embedded credentials (user and password)"),
        Arguments.of(
            "jdbc:mysql://db.internal:3306/orders?user=app&password=s3cr3t-pw",
            "a connection string with a password"),
        Arguments.of(
            "Server=db.internal;Database=orders;User Id=app;Password=s3cr3t-pw;",
            "a connection string with a password"),
        Arguments.of(
            "amqp://guest@mq1:5672,amqp://app:s3cr3t-pw@mq2:5672",
            "a URL with embedded credentials (user and password)"),
        Arguments.of(
            "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEA", "a private key (PEM block)"),
        Arguments.of(
            "-----BEGIN OPENSSH " + "PRIVATE KEY-----\\nb3BlbnNzaC1rZXk",
            "a private key (PEM block)"),
        Arguments.of("-----BEGIN " + "PRIVATE KEY-----", "a private key (PEM block)"),
        Arguments.of("gh" + "p_" + alnum(36), "a GitHub token"),
        Arguments.of(
            "github" + "_pat_" + alnum(22) + "_" + alnum(59), "a GitHub fine-grained token"),
        Arguments.of("xo" + "xb-123456789012-1234567890123-" + alnum(24), "a Slack token"),
        Arguments.of("sk" + "_live_" + alnum(24), "a Stripe live secret key"),
        Arguments.of("AI" + "za" + alnum(35), "a Google API key"),
        Arguments.of("Bearer " + jwt, "a JSON Web Token"),
        // Lambda never expands $NAME: these are the passwords themselves
        Arguments.of(
            "postgres://app:$Passw0rd@db.internal/orders",
            "a URL with embedded credentials (user and password)"),
        Arguments.of(
            "Server=db.internal;User Id=app;Password=$ecret;",
            "a connection string with a password"),
        Arguments.of(
            "DefaultEndpointsProtocol=https;AccountName=ordersstore;AccountKey="
                + alnum(86)
                + "==;"
                + "EndpointSuffix=core.windows.net",
            "an Azure storage account key"),
        Arguments.of(
            "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/" + alnum(24),
            "a Slack webhook URL"),
        Arguments.of("sk" + "-proj-" + alnum(48) + "_" + alnum(20), "an OpenAI API key"),
        Arguments.of("sk" + "-" + alnum(48), "an OpenAI API key"),
        Arguments.of("gl" + "pat-" + alnum(20), "a GitLab token"),
        Arguments.of("np" + "m_" + alnum(36), "an npm token"),
        Arguments.of("S" + "G." + alnum(22) + "." + alnum(43), "a SendGrid API key"),
        Arguments.of(
            "https://metrics.example.com/push?job=orders&auth=Basic%20"
                + Base64.getEncoder()
                    .encodeToString("pusher:s3cr3t-pw".getBytes(StandardCharsets.UTF_8)),
            "HTTP Basic credentials in a URL query"));
  }

  @ParameterizedTest
  @MethodSource("credentials")
  void credentialShapedValue_shouldBeNamedByKind(String value, String kind) {
    assertEquals(List.of(kind), CredentialFormats.kinds(value));
  }

  static Stream<String> ordinaryConfiguration() {
    return Stream.of(
        "jdbc:postgresql://db.internal:5432/orders?user=app&ssl=true",
        "postgres://app@db.internal:5432/orders",
        "https://app@example.com/",
        "redis://cache.internal:6379/0",
        "http://localhost:8080/@admin",
        "https://api.example.com/v1/items?page=2&token_type=bearer",
        "postgres://app:${DB_PASSWORD}@db.internal/orders",
        "postgres://app:<password>@db.internal/orders",
        "Server=db.internal;Database=orders;Integrated Security=true;",
        "Server=db.internal;Password=;",
        "minPasswordLength=8",
        "arn:aws:sqs:us-east-1:123456789012:orders-queue",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders/db-AbCdEf",
        "5f1e2d3c-4b5a-4968-8776-655443322110",
        "c2VjcmV0",
        "dGhpcyBpcyBhIHNob3J0IHZhbHVl",
        "e83c5163316f89bfbde7d9ab23ca2e25604af290",
        "git@github.com:example/orders.git",
        "alice@example.com",
        "gh" + "p_short",
        "sk" + "_test_" + alnum(24),
        "1.2.3",
        "eyJhbGciOi.not.a-token",
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        // look-alikes of the formats above
        "postgres://app:${DB_PASSWORD}@db.internal/orders?sslmode=require",
        "DefaultEndpointsProtocol=https;AccountName=ordersstore;AccountKey=;EndpointSuffix=core.windows.net",
        "DefaultEndpointsProtocol=https;AccountName=ordersstore;EndpointSuffix=core.windows.net",
        "https://hooks.slack.com/",
        "https://api.slack.com/apps/A0123ABCD",
        "sk" + "-learn",
        "sk" + "-proj-orders-service-deployment-pipeline-configuration-name",
        "task-" + alnum(48),
        "gl" + "pat-short",
        "npm_config_registry",
        "np" + "m_" + alnum(20),
        "S" + "G.1.2",
        "https://api.example.com/items?plan=Basic+tier",
        "https://api.example.com/items?auth=basic",
        "https://api.example.com/items?auth=Basic%20"
            + Base64.getEncoder().encodeToString("no-colon-here".getBytes(StandardCharsets.UTF_8)),
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        "prod",
        "");
  }

  @ParameterizedTest
  @MethodSource("ordinaryConfiguration")
  void ordinaryConfiguration_shouldNotBeACredential(String value) {
    assertEquals(List.of(), CredentialFormats.kinds(value));
    assertEquals(Map.of(), CredentialFormats.scan(Map.of("VALUE", value)));
  }

  @Test
  void awsSecretKeyNextToItsKeyId_shouldBeACredentialNamingTheIdsVariable() {
    Map<String, List<String>> found =
        CredentialFormats.scan(
            Map.of("AWS_KEY_ID", ACCESS_KEY_ID, "AWS_SECRET", SECRET_ACCESS_KEY, "STAGE", "prod"));
    assertEquals(
        Map.of(
            "AWS_SECRET", List.of("an AWS secret access key (its access key id is in AWS_KEY_ID)")),
        found);
  }

  @Test
  void awsKeyPairInOneValue_shouldBeACredential() {
    assertEquals(
        Map.of("UPLOAD", List.of("an AWS access key id and secret access key")),
        CredentialFormats.scan(Map.of("UPLOAD", ACCESS_KEY_ID + ":" + SECRET_ACCESS_KEY)));
  }

  @Test
  void hexHashNextToAnAccessKeyId_shouldNotBeASecretKey() {
    assertEquals(
        Map.of(),
        CredentialFormats.scan(
            Map.of(
                "AWS_KEY_ID",
                ACCESS_KEY_ID,
                "COMMIT",
                "e83c5163316f89bfbde7d9ab23ca2e25604af290")));
  }

  @Test
  void functionWithCredentials_shouldGetOneEvidencePerVariableNamingItNeverTheValue() {
    // given
    FunctionSnapshot fn =
        function(
            Map.of(
                "DATABASE_URL",
                "postgres://app:s3cr3t-pw@db.internal/orders",
                "GITHUB_TOKEN",
                "gh" + "p_" + alnum(36),
                "STAGE",
                "prod"));
    // when
    Verdict verdict = rule.check(fn);
    // then
    Verdict.NonCompliant violation = assertInstanceOf(Verdict.NonCompliant.class, verdict);
    assertEquals(
        List.of(
            new Evidence(
                "DATABASE_URL",
                "environment variable DATABASE_URL holds a URL with embedded credentials (user and password)"),
            new Evidence("GITHUB_TOKEN", "environment variable GITHUB_TOKEN holds a GitHub token")),
        violation.evidence());
    assertEquals(
        "credentials in environment variables DATABASE_URL, GITHUB_TOKEN", violation.reason());
    assertFalse(violation.toString().contains("s3cr3t-pw"));
  }

  @Test
  void cleanFunction_shouldBeCompliant() {
    assertInstanceOf(
        Verdict.Compliant.class, rule.check(function(Map.of("STAGE", "prod", "TABLE", "orders"))));
  }

  @Test
  void variablesThisServiceMayNotDecrypt_shouldBeUnverifiableNeverCompliant() {
    FunctionSnapshot fn =
        new FunctionSnapshot(
            "orders-api",
            "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
            "rev-1",
            "Active",
            "Successful",
            Optional.of(
                "arn:aws:kms:us-east-1:123456789012:key/5f1e2d3c-4b5a-4968-8776-655443322110"),
            Map.of(),
            Optional.of("KMSAccessDeniedException"),
            "",
            Map.of(),
            Optional.empty());
    Verdict verdict = rule.check(fn);
    Verdict.Unverifiable unverifiable = assertInstanceOf(Verdict.Unverifiable.class, verdict);
    assertTrue(verdict.reason().contains("not checked"), verdict.reason());
    assertTrue(verdict.reason().contains("KMSAccessDeniedException"), verdict.reason());
    assertTrue(unverifiable.howToMakeCheckable().getFirst().command().contains(fn.arn()));
  }

  @Test
  void rule_shouldNeverFixAndSayWhy() {
    FunctionSnapshot fn =
        function(Map.of("DATABASE_URL", "postgres://app:s3cr3t-pw@db.internal/orders"));
    CannotFixException e =
        assertThrows(
            CannotFixException.class, () -> rule.fix(fn, (Verdict.NonCompliant) rule.check(fn)));
    assertEquals(rule.whyNoAutomaticFix(), e.getMessage());
    assertTrue(rule.plannedFix().startsWith("would open a ticket"));
  }

  @Test
  void manualFix_shouldNameTheVariableAndFunctionButNoValue() {
    FunctionSnapshot fn =
        function(Map.of("DATABASE_URL", "postgres://app:s3cr3t-pw@db.internal/orders"));
    List<FixStep> steps = rule.manualFix(fn, "DATABASE_URL");
    String text = steps.toString();
    assertTrue(text.contains("DATABASE_URL") && text.contains(fn.arn()));
    assertFalse(text.contains("s3cr3t-pw") || text.contains("db.internal"));
    assertTrue(steps.stream().anyMatch(FixStep::hasCommand));
  }

  @Test
  void declarations_shouldNameTriggersAndDecrypt() {
    assertEquals(
        Set.of(LambdaOperation.CREATE_FUNCTION, LambdaOperation.UPDATE_FUNCTION_CONFIGURATION),
        rule.triggers());
    assertEquals(Set.of("kms:Decrypt"), rule.permissions());
  }
}
