package io.lambdaguard.strip.detector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.PersonalDataKind;
import io.lambdaguard.personaldata.Redaction;
import io.lambdaguard.personaldata.RuleBasedDetector;
import io.lambdaguard.testkit.LogCapture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The Comprehend detector at the HTTP level, against a stub server (moto's Comprehend answers
 * canned entities).
 */
class ComprehendDetectorTest {
  private static final String TARGET = "Comprehend_20171127.DetectPiiEntities";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static WireMockServer stub;

  @BeforeAll
  static void startStub() {
    stub =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    stub.start();
  }

  @AfterAll
  static void stopStub() {
    stub.stop();
  }

  @BeforeEach
  void reset() {
    stub.resetAll();
  }

  private static Config config(String... more) {
    // A generous timeout: a cold first call on a loaded, shared runner can exceed the 2 s default,
    // and a call that
    // times out then lands in the next test's stub. Tests of the timeout set their own.
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "AWS_ENDPOINT_URL",
                stub.baseUrl(),
                "COMPREHEND_PII",
                "on",
                "COMPREHEND_TIMEOUT_MILLIS",
                "20000"));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return Config.from(env);
  }

  private static ComprehendDetector detector(Config config) {
    return PersonalDataModule.comprehend(
            config, () -> ComprehendModule.comprehend(config, CREDENTIALS, SdkClients.httpClient()))
        .orElseThrow();
  }

  /**
   * A realistic DetectPiiEntities answer: one entity per {@code type, score, begin, end} quadruple.
   */
  private static ResponseDefinitionBuilder entities(Object... quads) {
    List<String> entities = new ArrayList<>();
    for (int i = 0; i < quads.length; i += 4) {
      entities.add(
          "{\"Score\":"
              + quads[i + 1]
              + ",\"Type\":\""
              + quads[i]
              + "\",\"BeginOffset\":"
              + quads[i + 2]
              + ",\"EndOffset\":"
              + quads[i + 3]
              + "}");
    }
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"Entities\":[" + String.join(",", entities) + "]}");
  }

  private static ResponseDefinitionBuilder awsError(int status, String type) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"stub\"}");
  }

  private static void answer(ResponseDefinitionBuilder response) {
    stub.stubFor(post("/").withHeader("X-Amz-Target", equalTo(TARGET)).willReturn(response));
  }

  private static List<LoggedRequest> calls() {
    return stub.findAll(postRequestedFor(urlEqualTo("/")));
  }

  private static String sentText(LoggedRequest request) {
    return JsonNode.parser()
        .parse(request.getBodyAsString())
        .field("Text")
        .orElseThrow()
        .asString();
  }

  /** Where {@code part} starts in {@code text}, counted in code points as Comprehend counts. */
  private static int codePointOffset(String text, String part) {
    return text.codePointCount(0, text.indexOf(part));
  }

  @Test
  void functionWithManyTags_shouldBeSentInOneCall() {
    // given
    answer(entities());
    ComprehendDetector detector = detector(config());
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      strings.add("team-" + i);
      strings.add("value " + i);
    }
    strings.add("Orders API");
    strings.add("orders api");
    // when
    detector.prefetch(strings);
    strings.forEach(detector::detect);
    // then
    assertEquals(1, calls().size());
    String sent = sentText(calls().getFirst());
    assertTrue(strings.stream().allMatch(sent::contains));
    assertEquals(
        "en",
        JsonNode.parser()
            .parse(calls().getFirst().getBodyAsString())
            .field("LanguageCode")
            .orElseThrow()
            .asString());
  }

  @Test
  void entityOffsets_shouldBeMappedBackToTheStringTheyLieIn() {
    // given: an emoji before the name, so code points and UTF-16 indices differ
    String tag = "ops lead Jane Doe";
    String description = "Owned by 🙂 Maria Garcia, 221B Baker Street, London";
    String joined = String.join(ComprehendDetector.SEPARATOR, List.of("owner", tag, description));
    int jane = codePointOffset(joined, "Jane Doe");
    int maria = codePointOffset(joined, "Maria Garcia");
    int street = codePointOffset(joined, "221B");
    answer(
        entities(
            "NAME",
            0.9987,
            jane,
            jane + 8,
            "NAME",
            0.9991,
            maria,
            maria + 12,
            "ADDRESS",
            0.9712,
            street,
            street + 31));
    ComprehendDetector detector = detector(config());
    // when
    detector.prefetch(List.of("owner", tag, description));
    // then
    assertEquals(joined, sentText(calls().getFirst()));
    assertEquals(List.of(), detector.detect("owner"));
    assertEquals(List.of(new Finding(PersonalDataKind.PERSON_NAME, 9, 17)), detector.detect(tag));
    int mariaIndex = description.indexOf("Maria");
    assertEquals(
        List.of(
            new Finding(PersonalDataKind.PERSON_NAME, mariaIndex, mariaIndex + 12),
            new Finding(
                PersonalDataKind.POSTAL_ADDRESS,
                description.indexOf("221B"),
                description.length())),
        detector.detect(description));
    assertEquals(
        "Owned by 🙂 [redacted:person-name], [redacted:postal-address]",
        Redaction.redact(description, detector.detect(description)));
  }

  @Test
  void lowConfidenceAndRuleCoveredTypes_shouldBeIgnored() {
    // given
    String text = "Jane Doe jane@example.com +44 20 7946 0958 4111 1111 1111 1111 Springfield";
    answer(
        entities(
            "NAME",
            0.62,
            0,
            8,
            "EMAIL",
            0.9999,
            9,
            25,
            "PHONE",
            0.9998,
            26,
            42,
            "CREDIT_DEBIT_NUMBER",
            0.9997,
            43,
            62,
            "DATE_TIME",
            0.99,
            63,
            74,
            "ADDRESS",
            0.95,
            63,
            74));
    ComprehendDetector detector = detector(config());
    // when
    detector.prefetch(List.of(text));
    // then
    assertEquals(
        List.of(new Finding(PersonalDataKind.POSTAL_ADDRESS, 63, 74)), detector.detect(text));
  }

  @Test
  void minimumScore_shouldBeConfigurable() {
    // given
    answer(entities("NAME", 0.62, 0, 8));
    ComprehendDetector detector = detector(config("COMPREHEND_MIN_SCORE", "0.5"));
    // when
    detector.prefetch(List.of("Jane Doe"));
    // then
    assertEquals(
        List.of(new Finding(PersonalDataKind.PERSON_NAME, 0, 8)), detector.detect("Jane Doe"));
  }

  @Test
  void sameStringsReadAgain_shouldCauseNoSecondCallAndUnknownStringsNoFindings() {
    // given
    answer(entities("NAME", 0.99, 0, 8));
    ComprehendDetector detector = detector(config());
    detector.prefetch(List.of("Jane Doe", ""));
    // when: the function re-read after a fix that changed nothing these strings hold
    detector.prefetch(List.of("Jane Doe"));
    // then
    assertEquals(1, calls().size());
    assertEquals(
        List.of(new Finding(PersonalDataKind.PERSON_NAME, 0, 8)), detector.detect("Jane Doe"));
    assertEquals(List.of(), detector.detect("never prefetched"));
  }

  @Test
  void textOverComprehendsLimit_shouldBeCutAtAStringAndCounted() {
    // given
    answer(entities());
    ComprehendDetector detector = detector(config());
    String big = "a".repeat(ComprehendDetector.MAX_TEXT_BYTES - 10);
    try (LogCapture logs = new LogCapture()) {
      // when
      detector.prefetch(List.of(big, "Jane Doe lives here", "and Joe"));
      // then
      assertEquals(big, sentText(calls().getFirst()));
      assertTrue(logs.text().contains("leaves 2 of 3 strings"), logs.text());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"timeout", "server-error", "throttling", "access-denied"})
  void failedCall_shouldYieldNoComprehendFindingsKeepRuleFindingsAndWarnOnce(String failure) {
    // given
    switch (failure) {
      case "timeout" -> answer(entities("NAME", 0.99, 0, 8).withFixedDelay(3_000));
      case "server-error" -> answer(awsError(500, "InternalServerException"));
      case "throttling" -> answer(awsError(400, "ThrottlingException"));
      default -> answer(awsError(400, "AccessDeniedException"));
    }
    // Shorter than the delay; the other cases keep the 2 s default, which a cold first call needs
    // on a slow runner.
    Config config = config("COMPREHEND_TIMEOUT_MILLIS", "1000");
    ComprehendDetector comprehend = detector(config);
    PersonalDataDetector detector = PersonalDataModule.detector(config, Optional.of(comprehend));
    String text = "Jane Doe jane.doe@example.com";
    try (LogCapture logs = new LogCapture()) {
      // when
      comprehend.prefetch(List.of(text));
      List<Finding> found = detector.detect(text);
      // then
      assertEquals(List.of(new Finding(PersonalDataKind.EMAIL, 9, 29)), found);
      List<String> warnings = logs.text().lines().filter(l -> l.startsWith("WARN ")).toList();
      assertEquals(1, warnings.size(), logs.text());
      assertTrue(warnings.getFirst().contains("ComprehendDetector"), warnings.getFirst());
      assertFalse(logs.text().contains("Jane"), logs.text());
    }
    assertTrue(calls().size() <= 2, "one retry at most, made " + calls().size() + " calls");
  }

  @Test
  void comprehendOffByDefault_shouldBuildNoClientAndMakeNoCall() {
    // given: no COMPREHEND_PII
    Config config =
        Config.from(
            Map.of(
                "AWS_REGION", "us-east-1", "MODE", "enforce", "AWS_ENDPOINT_URL", stub.baseUrl()));
    // when
    Optional<ComprehendDetector> comprehend =
        PersonalDataModule.comprehend(
            config,
            () -> {
              throw new AssertionError("the Comprehend client must not be built");
            });
    PersonalDataDetector detector = PersonalDataModule.detector(config, comprehend);
    detector.detect("ops lead Jane Doe");
    // then
    assertTrue(comprehend.isEmpty());
    assertTrue(detector instanceof RuleBasedDetector);
    assertEquals(List.of(), calls());
    assertTrue(PersonalDataModule.permissions(config).isEmpty());
  }
}
