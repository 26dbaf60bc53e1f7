package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.Config;
import io.lambdaguard.config.RuleIds;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Exemptions and the per-rule switch in the personal-data function, against the patched moto: the
 * exemption's own tags are redacted (never removed) when their value holds personal data, an
 * exemption of the tags rule leaves the tags as they are, and a disabled rule makes no call.
 */
class StripPersonalDataExemptionTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  /** The function {@code tag_resource_with_personal_data.json} names. */
  private static final String FUNCTION = "inventory-sync";

  private static final String EVENT = "tag_resource_with_personal_data.json";
  private static final String CONTACT = "ops lead Jane, +44 20 7946 0958";
  private static MotoServer moto;
  private static LambdaClient lambda;
  private static IamClient iam;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    lambda =
        LambdaClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    iam =
        IamClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    moto.createPseudonymSecret();
  }

  private static String createFunction(Map<String, String> tags) {
    String role =
        iam.createRole(
                r ->
                    r.roleName(FUNCTION + "-role")
                        .assumeRolePolicyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                                + "\"Action\":\"sts:AssumeRole\"}]}"))
            .role()
            .arn();
    String arn =
        lambda
            .createFunction(
                f ->
                    f.functionName(FUNCTION)
                        .role(role)
                        .runtime(Runtime.JAVA21)
                        .handler("a.B::c")
                        .description("inventory sync")
                        .tags(tags)
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))))
            .functionArn();
    moto.resetCalls();
    return arn;
  }

  private static Map<String, String> variables(String... env) {
    Map<String, String> variables =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "SERVICE_ROLE_ARNS",
                "arn:aws:iam::123456789012:role/StripPersonalDataRole",
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "WAITER_POLL_MILLIS",
                "20",
                "TICKET_SINK",
                "none",
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN));
    for (int i = 0; i < env.length; i += 2) {
      variables.put(env[i], env[i + 1]);
    }
    return variables;
  }

  private static JsonNode invoke(String... env) {
    Map<String, String> variables = variables(env);
    StripPersonalDataHandler handler =
        new StripPersonalDataHandler(
            DaggerStripPersonalDataComponent.factory()
                .create(
                    Config.from(variables),
                    FunctionPrincipal.credentials(StripPersonalDataPermissionsTest.ROLE, variables))
                .runner());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      byte[] event =
          Files.readAllBytes(
              Path.of(
                  StripPersonalDataExemptionTest.class
                      .getResource("/events/lambda/" + EVENT)
                      .toURI()));
      handler.handleRequest(
          new ByteArrayInputStream(event),
          out,
          new TestContext("strip-personal-data").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode outcome(JsonNode result, String rule) {
    return result.field("outcomes").orElseThrow().asArray().stream()
        .filter(o -> o.field("rule").orElseThrow().asString().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome of " + rule + " in " + result));
  }

  private static String text(JsonNode node, String field) {
    return node.field(field).orElseThrow().asString();
  }

  private static Map<String, String> tags(String arn) {
    return lambda.listTags(l -> l.resource(arn)).tags();
  }

  private static List<String> lambdaWrites() {
    return moto.calls("lambda").stream()
        .filter(MotoServer::isWrite)
        .map(ApiCall::operation)
        .toList();
  }

  @Test
  void exemptionReasonWithPersonalData_shouldBeRedactedInPlace_notRemoved_andTheExemptionKept() {
    String email = "canary.reason.6120@example.com";
    String arn =
        createFunction(
            Map.of(
                "contact",
                CONTACT,
                "service",
                "inventory",
                "lambdaguard:exempt",
                "env-vars-customer-key",
                "lambdaguard:exempt-reason",
                "legacy vendor ask " + email,
                "lambdaguard:exempt-until",
                "2099-12-31"));

    JsonNode result;
    String output;
    try (LogCapture logs = new LogCapture()) {
      result = invoke();
      output = logs.text() + "\n" + result;
    }

    assertFalse(output.contains("canary.reason.6120"), () -> "canary leaked into:\n" + output);
    assertEquals("fixed", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    Map<String, String> after = tags(arn);
    assertFalse(
        after.containsKey("contact"),
        "an ordinary tag with personal data is removed (TAG_ACTION=remove)");
    assertEquals(
        "legacy vendor ask redacted:email",
        after.get("lambdaguard:exempt-reason"),
        "the reason is redacted in place, whatever TAG_ACTION says");
    assertEquals("env-vars-customer-key", after.get("lambdaguard:exempt"), "never touched");
    assertEquals("2099-12-31", after.get("lambdaguard:exempt-until"), "never touched");
    assertEquals("inventory", after.get("service"));
  }

  @Test
  void exemptionOfTheTagsRule_shouldLeaveTheTagsAsTheyAre_andReport() {
    Map<String, String> before =
        Map.of(
            "contact",
            CONTACT,
            "service",
            "inventory",
            "lambdaguard:exempt",
            "tags-no-personal-data",
            "lambdaguard:exempt-reason",
            "tags mirrored from the CMDB, CHG-77");
    String arn = createFunction(before);

    JsonNode result = invoke();

    JsonNode tagsOutcome = outcome(result, TagsHoldNoPersonalData.ID);
    assertEquals("reported", text(tagsOutcome, "outcome"));
    assertEquals("exempt", text(tagsOutcome, "code"));
    assertTrue(
        text(tagsOutcome, "reason").contains("reason: tags mirrored from the CMDB, CHG-77"),
        tagsOutcome.toString());
    assertEquals(before, tags(arn));
    assertEquals(List.of(), lambdaWrites());
  }

  @Test
  void disabledTagsRule_shouldProduceNoOutcomeAndNoWrite() {
    String arn = createFunction(Map.of("contact", CONTACT, "service", "inventory"));

    JsonNode result = invoke("DISABLED_RULES", TagsHoldNoPersonalData.ID);

    Set<String> rules =
        result.field("outcomes").orElseThrow().asArray().stream()
            .map(o -> o.field("rule").orElseThrow().asString())
            .collect(Collectors.toSet());
    assertFalse(rules.contains(TagsHoldNoPersonalData.ID), result.toString());
    assertEquals(CONTACT, tags(arn).get("contact"));
    assertEquals(List.of(), lambdaWrites());
  }

  @Test
  void everyRuleOfThisFunction_shouldBeAKnownRuleId() {
    Map<String, String> variables = variables();
    Set<String> ids =
        DaggerStripPersonalDataComponent.factory()
            .create(
                Config.from(variables),
                FunctionPrincipal.credentials(StripPersonalDataPermissionsTest.ROLE, variables))
            .catalogue()
            .all()
            .stream()
            .map(Rule::id)
            .collect(Collectors.toSet());
    assertEquals(4, ids.size(), ids.toString());
    assertTrue(RuleIds.ALL.containsAll(ids), "RuleIds.ALL lacks some of " + ids);
  }
}
