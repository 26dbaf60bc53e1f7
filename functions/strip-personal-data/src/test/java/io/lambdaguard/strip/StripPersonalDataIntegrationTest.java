package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.RuleBasedDetector;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The strip-personal-data function end to end in-process, against the patched moto, driven by
 * recorded events.
 */
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
    dynamo =
        DynamoDbClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    securityHub =
        SecurityHubClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
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
    moto.createTicketTable(TABLE);
    moto.createPseudonymSecret();
    securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
  }

  private static String createFunction(String name, Map<String, String> tags, String description) {
    String role =
        iam.createRole(
                r ->
                    r.roleName(name + "-role")
                        .assumeRolePolicyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                                + "\"Action\":\"sts:AssumeRole\"}]}"))
            .role()
            .arn();
    return lambda
        .createFunction(
            f ->
                f.functionName(name)
                    .role(role)
                    .runtime(Runtime.JAVA21)
                    .handler("a.B::c")
                    .description(description)
                    .tags(tags)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))))
        .functionArn();
  }

  private static Map<String, String> tags(String functionArn) {
    return lambda.listTags(l -> l.resource(functionArn)).tags();
  }

  private static JsonNode invoke(String eventFile, String mode, String... env) {
    Map<String, String> variables =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                mode,
                "SERVICE_ROLE_ARNS",
                "arn:aws:iam::123456789012:role/StripPersonalDataRole",
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "WAITER_POLL_MILLIS",
                "20",
                "TICKET_SINK",
                "securityhub",
                "TICKET_TABLE",
                TABLE,
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN,
                "TICKET_QUEUE_URL",
                TicketsFunction.queue(moto)));
    for (int i = 0; i < env.length; i += 2) {
      variables.put(env[i], env[i + 1]);
    }
    RequestStreamHandler handler =
        TicketsFunction.behind(
            new StripPersonalDataHandler(
                DaggerStripPersonalDataComponent.factory()
                    .create(
                        Config.from(variables),
                        FunctionPrincipal.credentials(
                            StripPersonalDataPermissionsTest.ROLE, variables))
                    .runner()),
            variables,
            moto);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event(eventFile)),
          out,
          new TestContext("strip-personal-data").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  private static byte[] event(String file) {
    try {
      return Files.readAllBytes(
          Path.of(
              StripPersonalDataIntegrationTest.class
                  .getResource("/events/lambda/" + file)
                  .toURI()));
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
    return moto.calls("lambda").stream()
        .filter(MotoServer::isWrite)
        .map(ApiCall::operation)
        .toList();
  }

  @Test
  void personalDataInTags_shouldBeRemovedInOneCallLeavingLegitimateAndAwsTagsAlone() {
    // given
    String arn =
        createFunction(
            "checkout-api",
            Map.of(
                "team",
                "payments",
                "cost-center",
                "4711",
                "version",
                "2024.11.0",
                "owner",
                "jane.doe@example.com",
                "oncall",
                "+44 20 7946 0958"),
            "");
    moto.setSystemTags(
        arn,
        Map.of(
            "aws:cloudformation:stack-name",
            "checkout",
            "aws:servicecatalog:provisioningPrincipalArn",
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/jane.doe@example.com"));
    moto.resetCalls();
    // when
    JsonNode result = invoke("create_function_with_personal_data_in_tags.json", "enforce");
    // then
    JsonNode tagsOutcome = outcome(result, TagsHoldNoPersonalData.ID);
    assertEquals("fixed", text(tagsOutcome, "outcome"));
    assertEquals(List.of("UntagResource"), lambdaWrites());
    Map<String, String> left = tags(arn);
    assertEquals(
        Map.of(
            "team",
            "payments",
            "cost-center",
            "4711",
            "version",
            "2024.11.0",
            "aws:cloudformation:stack-name",
            "checkout",
            "aws:servicecatalog:provisioningPrincipalArn",
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/jane.doe@example.com"),
        left);
    assertTrue(
        text(tagsOutcome, "reason").contains("oncall")
            && text(tagsOutcome, "reason").contains("owner"));
    assertFalse(result.toString().contains("jane.doe"), result::toString);
  }

  @Test
  void redactMode_shouldRewriteOnlyTheMatchedTextInOneCall() {
    // given
    String arn =
        createFunction(
            "inventory-sync",
            Map.of("contact", "ops lead Jane, +44 20 7946 0958", "service", "inventory"),
            "");
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("tag_resource_with_personal_data.json", "enforce", "TAG_ACTION", "redact");
    // then
    assertEquals("fixed", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    assertEquals(List.of("TagResource"), lambdaWrites());
    assertEquals(
        Map.of("contact", "ops lead Jane, redacted:phone-number", "service", "inventory"),
        tags(arn));
  }

  @Test
  void fiftyTags_shouldBeHandledWithOneWrite() {
    // given: 50 tags, the maximum, 10 of them with personal data of several kinds
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      tags.put(
          "cost-allocation-" + i, i % 2 == 0 ? "cc-" + (4700 + i) : "2024-11-" + (10 + i % 18));
    }
    String[] dirty = {
      "someone+tag@example.org",
      "+1 202 555 0143",
      "4111 1111 1111 1111",
      "GB82 WEST 1234 5698 7654 32",
      "078-05-1120",
      "+33 1 23 45 67 89",
      "mail: a.b@example.net",
      "(020) 7946 0018",
      "DE89370400440532013000",
      "x@example.com"
    };
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
    assertTrue(
        left.keySet().stream().allMatch(k -> k.startsWith("cost-allocation-")), left::toString);
  }

  @Test
  void reportMode_shouldWriteNothing() {
    String arn = createFunction("checkout-api", Map.of("owner", "jane.doe@example.com"), "");
    moto.resetCalls();
    JsonNode result = invoke("create_function_with_personal_data_in_tags.json", "report");
    assertEquals("reported", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    // the function's calls: the test's own and the tickets function's behind it aside
    List<ApiCall> calls =
        moto.calls().stream()
            .filter(
                c ->
                    FunctionPrincipal.signerOf(c)
                        .filter(p -> p.role().equals(StripPersonalDataPermissionsTest.ROLE))
                        .isPresent())
            .toList();
    assertTrue(calls.stream().noneMatch(MotoServer::isWrite), () -> "writes: " + calls);
    assertEquals(Map.of("owner", "jane.doe@example.com"), tags(arn));
  }

  @Test
  void personalDataInTheDescription_shouldBeRedactedKeepingTheRest() {
    // given
    createFunction(
        "search-indexer", Map.of(), "Reindexes search; questions to jane.doe@example.com");
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("update_function_configuration_description_with_personal_data.json", "enforce");
    // then
    assertEquals("fixed", text(outcome(result, DescriptionHoldsNoPersonalData.ID), "outcome"));
    assertEquals(List.of("UpdateFunctionConfiguration"), lambdaWrites());
    assertEquals(
        "Reindexes search; questions to [redacted:email]",
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
      assertEquals("queued", text(nameOutcome, "ticket"));
      assertTrue(lambdaWrites().isEmpty());
      String findings = securityHub.getFindings(g -> g.maxResults(10)).findings().toString();
      assertTrue(findings.contains("refund-[redacted:payment-card]"), findings);
      for (String leak : List.of(result.toString(), findings, logs.text())) {
        assertFalse(leak.contains("4111-1111-1111-1111"), "the card number in the name leaked");
      }
    }
  }

  // --- Fixes that prove themselves: every number redacted, the limits kept, a read-back that must
  // be clean ---

  private static final PersonalDataDetector DETECTOR = RuleBasedDetector.withDefaultPhoneRegions();

  private static String description(String function) {
    return lambda.getFunctionConfiguration(g -> g.functionName(function)).description();
  }

  private static List<String> securityHubFindings() {
    return securityHub.getFindings(g -> g.maxResults(100)).findings().stream()
        .map(Object::toString)
        .toList();
  }

  @Test
  void descriptionWithThreePhonesTwoSsnsAndTwoCards_shouldEndWithNoneOfThemAndFixed() {
    // given: numbers in runs, as a careless writer pastes them
    String[] planted = {
      "+44 20 7946 0958",
      "+1 415 555 0123",
      "(212) 555-0147",
      "536-22-8741",
      "078-05-1120",
      "4111 1111 1111 1111",
      "5555 5555 5555 4444"
    };
    String text =
        "Escalate to "
            + planted[0]
            + " "
            + planted[1]
            + " "
            + planted[2]
            + "; test SSNs "
            + planted[3]
            + " "
            + planted[4]
            + "; cards "
            + planted[5]
            + " "
            + planted[6]
            + ".";
    createFunction("search-indexer", Map.of(), text);
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("update_function_configuration_description_with_personal_data.json", "enforce");
    // then
    JsonNode outcome = outcome(result, DescriptionHoldsNoPersonalData.ID);
    assertEquals("fixed", text(outcome, "outcome"));
    String now = description("search-indexer");
    assertEquals(List.of(), DETECTOR.detect(now), "personal data left");
    for (String value : planted) {
      assertFalse(now.contains(value), "a planted number survived");
    }
    assertEquals(
        "Escalate to [redacted:phone-number] [redacted:phone-number] [redacted:phone-number]; test SSNs "
            + "[redacted:us-ssn] [redacted:us-ssn]; cards [redacted:payment-card] [redacted:payment-card].",
        now);
    assertEquals(List.of("UpdateFunctionConfiguration"), lambdaWrites());
    assertEquals(
        2,
        moto.calls("lambda").stream().filter(c -> c.operation().equals("GetFunction")).count(),
        "the function is read, then read back after the fix");
  }

  @Test
  void descriptionFixThatCannotBeVerified_shouldEndErrorWithOneTicketNamingTheKindLeft() {
    // given: right after the fix is written, another client writes a phone number into the
    // description
    createFunction(
        "search-indexer", Map.of(), "Reindexes search; questions to jane.doe@example.com");
    moto.changeAfterUpdates(
        "search-indexer", 1, Map.of("Description", "now call +44 20 7946 0958"));
    moto.resetCalls();
    try (LogCapture logs = new LogCapture()) {
      // when
      JsonNode result =
          invoke("update_function_configuration_description_with_personal_data.json", "enforce");
      // then: never "fixed" while personal data is there
      JsonNode outcome = outcome(result, DescriptionHoldsNoPersonalData.ID);
      assertEquals("error", text(outcome, "outcome"));
      assertEquals("fix-not-verified", text(outcome, "code"));
      assertEquals("queued", text(outcome, "ticket"));
      List<String> findings = securityHubFindings();
      assertEquals(1, findings.size(), findings::toString);
      assertTrue(findings.getFirst().contains("phone-number"), "the ticket names the kind left");
      for (String leak : List.of(result.toString(), findings.toString(), logs.text())) {
        assertFalse(leak.contains("7946"), "the number left leaked");
        assertFalse(leak.contains("jane.doe"), "the redacted address leaked");
      }
    }
  }

  @Test
  void fullDescriptionOf256CharactersOfPersonalData_shouldBeRedactedWithinTheLimit() {
    // given: 256 characters, every one of them in short e-mail addresses; the usual markers would
    // not fit
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() + 9 <= 256; i++) {
      text.append(i == 0 ? "" : " ").append((char) ('a' + i % 26)).append("x@ex.io");
    }
    while (text.length() < 256) {
      text.append('.');
    }
    assertEquals(256, text.length());
    createFunction("search-indexer", Map.of(), text.toString());
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("update_function_configuration_description_with_personal_data.json", "enforce");
    // then
    assertEquals("fixed", text(outcome(result, DescriptionHoldsNoPersonalData.ID), "outcome"));
    String now = description("search-indexer");
    assertTrue(now.length() <= 256, "length " + now.length());
    assertEquals(List.of(), DETECTOR.detect(now));
    assertFalse(now.contains("@"), now);
  }

  @Test
  void descriptionChangedBetweenReadAndWrite_shouldFailTheWriteThenRedactTheNewText() {
    // given: another client rewrites the description between the service's read and its write
    createFunction(
        "search-indexer", Map.of(), "Reindexes search; questions to jane.doe@example.com");
    moto.changeBeforeUpdates(
        "search-indexer",
        1,
        Map.of("Description", "New owner: j.smith@example.org, team search"),
        0);
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("update_function_configuration_description_with_personal_data.json", "enforce");
    // then: the stale write failed on its RevisionId; the new text was read, redacted and written;
    // nothing was lost
    assertEquals("fixed", text(outcome(result, DescriptionHoldsNoPersonalData.ID), "outcome"));
    assertEquals("New owner: [redacted:email], team search", description("search-indexer"));
    assertEquals(
        List.of("UpdateFunctionConfiguration", "UpdateFunctionConfiguration"), lambdaWrites());
  }

  @Test
  void descriptionEventInTwoContainersAtOnce_shouldLetOneWriteWinWithoutAnError() throws Exception {
    // given: both writes are held until both have arrived, so both carry the revision read before
    // either applied
    createFunction(
        "search-indexer", Map.of(), "Reindexes search; questions to jane.doe@example.com");
    moto.gateUpdates("search-indexer", 2);
    moto.resetCalls();
    List<Callable<JsonNode>> containers =
        List.of(
            () ->
                invoke(
                    "update_function_configuration_description_with_personal_data.json", "enforce"),
            () ->
                invoke(
                    "update_function_configuration_description_with_personal_data.json",
                    "enforce"));
    // when
    List<String> outcomes = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (Future<JsonNode> result : threads.invokeAll(containers)) {
        outcomes.add(text(outcome(result.get(), DescriptionHoldsNoPersonalData.ID), "code"));
      }
    }
    // then: one fixed; the loser got PreconditionFailed, read again and found the description clean
    assertEquals(List.of("compliant", "fixed"), outcomes.stream().sorted().toList());
    assertEquals(2, lambdaWrites().size(), "both wrote against the same revision");
    assertEquals("Reindexes search; questions to [redacted:email]", description("search-indexer"));
  }

  @Test
  void tagValueOf256CharactersOfPersonalData_shouldBeRedactedWithinTheLimit() {
    // given
    StringBuilder value = new StringBuilder();
    for (int i = 0; value.length() + 9 <= 256; i++) {
      value.append(i == 0 ? "" : " ").append((char) ('a' + i % 26)).append("x@ex.io");
    }
    String arn =
        createFunction(
            "inventory-sync", Map.of("contact", value.toString(), "service", "inventory"), "");
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("tag_resource_with_personal_data.json", "enforce", "TAG_ACTION", "redact");
    // then: rewritten with short markers in one accepted TagResource, not removed
    assertEquals("fixed", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    assertEquals(List.of("TagResource"), lambdaWrites());
    String now = tags(arn).get("contact");
    assertTrue(now.length() <= 256 && now.startsWith("redacted"), now);
    assertEquals(List.of(), DETECTOR.detect(now));
  }

  @Test
  void tagValueWithCardsInARunAndHiddenCharacters_shouldBeRedactedWhole() {
    // given
    String arn =
        createFunction(
            "inventory-sync",
            Map.of(
                "refund",
                "cards \uFF14\uFF11\uFF11\uFF11 1111 1111 1111 5555\u00A05555\u00A05555\u00A04444 ok",
                "owner",
                "jane\u200B.doe@example.com"),
            "");
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("tag_resource_with_personal_data.json", "enforce", "TAG_ACTION", "redact");
    // then
    assertEquals("fixed", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    assertEquals(
        Map.of(
            "refund",
            "cards redacted:payment-card redacted:payment-card ok",
            "owner",
            "redacted:email"),
        tags(arn));
  }

  @Test
  void tagFixThatCannotBeVerified_shouldEndErrorWithOneTicket() {
    // given: right after the service's write, another client tags a phone number
    String arn =
        createFunction(
            "inventory-sync",
            Map.of(
                "owner",
                "jane.doe@example.com",
                "oncall",
                "+44 20 7946 0958",
                "service",
                "inventory"),
            "");
    moto.changeTagsAroundTagWrites("inventory-sync", 1, Map.of("pager", "+1 415 555 0123"), true);
    moto.resetCalls();
    // when
    JsonNode result = invoke("tag_resource_with_personal_data.json", "enforce");
    // then: two offending tags fixed, but not called fixed: one ticket for what is left
    JsonNode outcome = outcome(result, TagsHoldNoPersonalData.ID);
    assertEquals("error", text(outcome, "outcome"));
    assertEquals("fix-not-verified", text(outcome, "code"));
    List<String> findings = securityHubFindings();
    assertEquals(1, findings.size(), findings::toString);
    assertTrue(
        findings.getFirst().contains("pager") && findings.getFirst().contains("phone-number"),
        findings::toString);
    assertFalse(
        result.toString().contains("555 0123") || findings.toString().contains("555 0123"),
        "the number leaked");
    assertEquals("queued", text(outcome, "ticket"));
    // and when: the same thing happens again in a new container, the ledger still holds that ticket
    moto.changeTagsAroundTagWrites("inventory-sync", 1, Map.of("pager", "+1 415 555 0123"), true);
    JsonNode again =
        outcome(
            invoke("tag_resource_with_personal_data.json", "enforce"), TagsHoldNoPersonalData.ID);
    assertEquals("fix-not-verified", text(again, "code"));
    assertEquals("queued", text(again, "ticket"));
  }

  @Test
  void tagsChangedBetweenReadAndWrite_shouldKeepTheOtherClientsCleanChange() {
    // given: another client retags the team between the service's read and its write
    String arn =
        createFunction(
            "inventory-sync", Map.of("owner", "jane.doe@example.com", "team", "search"), "");
    moto.changeTagsAroundTagWrites("inventory-sync", 1, Map.of("team", "platform"), false);
    moto.resetCalls();
    // when
    JsonNode result = invoke("tag_resource_with_personal_data.json", "enforce");
    // then
    assertEquals("fixed", text(outcome(result, TagsHoldNoPersonalData.ID), "outcome"));
    assertEquals(Map.of("team", "platform"), tags(arn));
  }

  @Test
  void tagsChangedBetweenReadAndWriteToNewPersonalData_shouldNeverBeReportedFixed() {
    // given: another client puts a new address in the tag the service is about to rewrite
    String arn =
        createFunction(
            "inventory-sync", Map.of("owner", "jane.doe@example.com", "team", "search"), "");
    moto.changeTagsAroundTagWrites(
        "inventory-sync", 1, Map.of("backup", "j.smith@example.org"), false);
    moto.resetCalls();
    // when
    JsonNode result =
        invoke("tag_resource_with_personal_data.json", "enforce", "TAG_ACTION", "redact");
    // then: the write did not clobber it, and the read-back caught it
    JsonNode outcome = outcome(result, TagsHoldNoPersonalData.ID);
    assertEquals("fix-not-verified", text(outcome, "code"));
    assertEquals(
        Map.of("owner", "redacted:email", "team", "search", "backup", "j.smith@example.org"),
        tags(arn));
  }

  @Test
  void tagEventInTwoContainersAtOnce_shouldEndCleanWithoutAnError() throws Exception {
    // given
    String arn =
        createFunction(
            "inventory-sync",
            Map.of(
                "owner",
                "jane.doe@example.com",
                "oncall",
                "+44 20 7946 0958",
                "service",
                "inventory"),
            "");
    moto.resetCalls();
    List<Callable<JsonNode>> containers =
        List.of(
            () -> invoke("tag_resource_with_personal_data.json", "enforce", "TAG_ACTION", "redact"),
            () ->
                invoke("tag_resource_with_personal_data.json", "enforce", "TAG_ACTION", "redact"));
    // when
    List<String> outcomes = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (Future<JsonNode> result : threads.invokeAll(containers)) {
        outcomes.add(text(outcome(result.get(), TagsHoldNoPersonalData.ID), "code"));
      }
    }
    // then: tag writes carry no revision, so both may write; both write the same redaction, and
    // each reads it back clean
    assertTrue(
        outcomes.stream().allMatch(code -> code.equals("fixed") || code.equals("compliant")),
        outcomes::toString);
    assertTrue(outcomes.contains("fixed"), outcomes::toString);
    assertEquals(
        Map.of(
            "owner", "redacted:email", "oncall", "redacted:phone-number", "service", "inventory"),
        tags(arn));
  }
}
