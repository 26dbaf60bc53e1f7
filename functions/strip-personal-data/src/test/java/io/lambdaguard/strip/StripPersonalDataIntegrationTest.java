package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.Config;
import io.lambdaguard.rules.DescriptionHoldsNoPersonalData;
import io.lambdaguard.rules.NameHoldsNoPersonalData;
import io.lambdaguard.rules.TagsHoldNoPersonalData;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.FunctionPrincipal;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/** The strip-personal-data function end to end in-process, against the patched moto, driven by recorded events. */
class StripPersonalDataIntegrationTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static final String TABLE = "lambdaguard-tickets";

  private static MotoServer moto;
  private static LambdaClient lambda;
  private static IamClient iam;
  private static DynamoDbClient dynamo;
  private static SecurityHubClient securityHub;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    lambda = LambdaClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    securityHub = SecurityHubClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    dynamo.createTable(t -> t.tableName(TABLE).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(a -> a.attributeName("dedupKey").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("dedupKey").keyType(KeyType.HASH)));
    securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
  }

  private static String createFunction(String name, Map<String, String> tags, String description) {
    String role = iam.createRole(r -> r.roleName(name + "-role").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
            + "\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
    return lambda.createFunction(f -> f.functionName(name).role(role).runtime(Runtime.JAVA21).handler("a.B::c")
        .description(description).tags(tags).code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))))
        .functionArn();
  }

  private static Map<String, String> tags(String functionArn) {
    return lambda.listTags(l -> l.resource(functionArn)).tags();
  }

  private static JsonNode invoke(String eventFile, String mode, String... env) {
    Map<String, String> variables = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "MODE", mode,
        "SERVICE_ROLE_ARNS", "arn:aws:iam::123456789012:role/StripPersonalDataRole", "AWS_ENDPOINT_URL", moto.endpoint().toString(),
        "WAITER_POLL_MILLIS", "20", "TICKET_SINK", "securityhub", "TICKET_TABLE", TABLE));
    for (int i = 0; i < env.length; i += 2) {
      variables.put(env[i], env[i + 1]);
    }
    StripPersonalDataHandler handler = new StripPersonalDataHandler(
        DaggerStripPersonalDataComponent.factory().create(Config.from(variables), FunctionPrincipal.credentials(StripPersonalDataPermissionsTest.ROLE, variables)).runner());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event(eventFile)), out,
          new TestContext("strip-personal-data").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  private static byte[] event(String file) {
    try {
      return Files.readAllBytes(Path.of(StripPersonalDataIntegrationTest.class.getResource("/events/lambda/" + file).toURI()));
    } catch (Exception e) {
      throw new IllegalStateException("recorded event missing: " + file, e);
    }
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

  private static List<String> lambdaWrites() {
    return moto.calls("lambda").stream().filter(MotoServer::isWrite).map(ApiCall::operation).toList();
  }

  @Test
  void personalDataInTags_shouldBeRemovedInOneCallLeavingLegitimateAndAwsTagsAlone() {
    // given
    String arn = createFunction("checkout-api", Map.of("team", "payments", "cost-center", "4711", "version", "2024.11.0",
        "owner", "jane.doe@example.com", "oncall", "+44 20 7946 0958"), "");
    moto.setSystemTags(arn, Map.of("aws:cloudformation:stack-name", "checkout", "aws:servicecatalog:provisioningPrincipalArn",
        "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/jane.doe@example.com"));
    moto.resetCalls();
    // when
    JsonNode result = invoke("create_function_with_personal_data_in_tags.json", "enforce");
    // then
    JsonNode tagsOutcome = outcome(result, TagsHoldNoPersonalData.ID);
    assertEquals("fixed", text(tagsOutcome, "outcome"));
    assertEquals(List.of("UntagResource"), lambdaWrites());
    Map<String, String> left = tags(arn);
    assertEquals(Map.of("team", "payments", "cost-center", "4711", "version", "2024.11.0", "aws:cloudformation:stack-name", "checkout",
        "aws:servicecatalog:provisioningPrincipalArn", "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/jane.doe@example.com"),
        left);
    assertTrue(text(tagsOutcome, "reason").contains("oncall") && text(tagsOutcome, "reason").contains("owner"));
    assertFalse(result.toString().contains("jane.doe"), result::toString);
  }

  @Test
  void redactMode_shouldRewriteOnlyTheMatchedTextInOneCall() {
    // given
    String arn = createFunction("inventory-sync", Map.of("contact", "ops lead Jane, +44 20 7946 0958", "service", "inventory"), "");
    moto.resetCalls();
    // when
    JsonNode result = invoke("tag_resource_with_personal_data.json", "enforce", "TAG_ACTION", "redact");
    // then
    assertEquals("fixed", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    assertEquals(List.of("TagResource"), lambdaWrites());
    assertEquals(Map.of("contact", "ops lead Jane, redacted:phone-number", "service", "inventory"), tags(arn));
  }

  @Test
  void fiftyTags_shouldBeHandledWithOneWrite() {
    // given: 50 tags, the maximum, 10 of them with personal data of several kinds
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      tags.put("cost-allocation-" + i, i % 2 == 0 ? "cc-" + (4700 + i) : "2024-11-" + (10 + i % 18));
    }
    String[] dirty = {"someone+tag@example.org", "+1 202 555 0143", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32",
        "078-05-1120", "+33 1 23 45 67 89", "mail: a.b@example.net", "(020) 7946 0018", "DE89370400440532013000", "x@example.com"};
    for (int i = 0; i < dirty.length; i++) {
      tags.put("contact-" + i, dirty[i]);
    }
    String arn = createFunction("checkout-api", tags, "");
    moto.resetCalls();
    // when
    JsonNode result = invoke("create_function_with_personal_data_in_tags.json", "enforce");
    // then
    assertEquals("fixed", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    assertEquals(List.of("UntagResource"), lambdaWrites());
    Map<String, String> left = tags(arn);
    assertEquals(40, left.size());
    assertTrue(left.keySet().stream().allMatch(k -> k.startsWith("cost-allocation-")), left::toString);
  }

  @Test
  void reportMode_shouldWriteNothing() {
    String arn = createFunction("checkout-api", Map.of("owner", "jane.doe@example.com"), "");
    moto.resetCalls();
    JsonNode result = invoke("create_function_with_personal_data_in_tags.json", "report");
    assertEquals("reported", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    assertTrue(moto.calls().stream().noneMatch(MotoServer::isWrite), () -> "writes: " + moto.calls());
    assertEquals(Map.of("owner", "jane.doe@example.com"), tags(arn));
  }

  @Test
  void personalDataInTheDescription_shouldBeRedactedKeepingTheRest() {
    // given
    createFunction("search-indexer", Map.of(), "Reindexes search; questions to jane.doe@example.com");
    moto.resetCalls();
    // when
    JsonNode result = invoke("update_function_configuration_description_with_personal_data.json", "enforce");
    // then
    assertEquals("fixed", text(outcome(result, DescriptionHoldsNoPersonalData.ID), "outcome"));
    assertEquals(List.of("UpdateFunctionConfiguration"), lambdaWrites());
    assertEquals("Reindexes search; questions to [redacted:email]",
        lambda.getFunctionConfiguration(g -> g.functionName("search-indexer")).description());
  }

  @Test
  void personalDataInTheName_shouldRaiseATicketThatNeverRepeatsTheName() {
    // given
    String name = "refund-4111-1111-1111-1111";
    createFunction(name, Map.of("team", "billing"), "");
    moto.resetCalls();
    try (LogCapture logs = new LogCapture()) {
      // when
      JsonNode result = invoke("create_function_with_personal_data_in_name.json", "enforce");
      // then
      JsonNode nameOutcome = outcome(result, NameHoldsNoPersonalData.ID);
      assertEquals("error", text(nameOutcome, "outcome"));
      assertEquals("opened", text(nameOutcome, "ticket"));
      assertTrue(lambdaWrites().isEmpty());
      String findings = securityHub.getFindings(g -> g.maxResults(10)).findings().toString();
      assertTrue(findings.contains("refund-[redacted:payment-card]"), findings);
      for (String leak : List.of(result.toString(), findings, logs.text())) {
        assertFalse(leak.contains("4111-1111-1111-1111"), "the card number in the name leaked");
      }
    }
  }
}
