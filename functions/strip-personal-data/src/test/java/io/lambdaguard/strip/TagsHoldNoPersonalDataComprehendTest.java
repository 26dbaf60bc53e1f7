package io.lambdaguard.strip;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TagAction;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.personaldata.CompositeDetector;
import io.lambdaguard.personaldata.RuleBasedDetector;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.strip.detector.ComprehendDetector;
import io.lambdaguard.strip.detector.ComprehendModule;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * With Comprehend on, the tag rule removes a tag whose value names a person: Comprehend and Lambda
 * both stubbed.
 */
class TagsHoldNoPersonalDataComprehendTest {
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:checkout-api";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private WireMockServer stub;

  @BeforeEach
  void startStub() {
    stub =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    stub.start();
  }

  @AfterEach
  void stopStub() {
    stub.stop();
  }

  @Test
  void personNameInTagValue_shouldBeRemovedWhenComprehendIsOn() {
    // given: "owner" = "Jane Doe", which no pattern can find; Comprehend finds it at offset 0 of
    // the value
    // The strings go out in one text, a blank line between them; only the offset of the value
    // matters here.
    String joined =
        String.join(
            "\n\n", "owner", "Jane Doe", "service", "checkout", "Checkout API", "checkout api");
    int jane = joined.indexOf("Jane Doe");
    stub.stubFor(
        post("/")
            .withHeader("X-Amz-Target", equalTo("Comprehend_20171127.DetectPiiEntities"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"Entities\":[{\"Score\":0.9995,\"Type\":\"NAME\",\"BeginOffset\":"
                            + jane
                            + ",\"EndOffset\":"
                            + (jane + 8)
                            + "}]}")));
    stub.stubFor(
        delete(urlPathMatching("/2017-03-31/tags/.*")).willReturn(aResponse().withStatus(204)));
    // The fix reads the function back: the owner tag is gone.
    stub.stubFor(
        get(urlPathMatching("/2015-03-31/functions/.*"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"Configuration\":{\"FunctionName\":\"checkout-api\",\"FunctionArn\":\""
                            + ARN
                            + "\","
                            + "\"RevisionId\":\"rev-2\",\"State\":\"Active\",\"LastUpdateStatus\":\"Successful\","
                            + "\"Description\":\"Checkout API\"},\"Tags\":{\"service\":\"checkout\"}}")));
    Config config =
        Config.from(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "AWS_ENDPOINT_URL",
                stub.baseUrl(),
                "COMPREHEND_PII",
                "on"));
    SdkHttpClient http = SdkClients.httpClient();
    ComprehendDetector comprehend =
        new ComprehendDetector(ComprehendModule.comprehend(config, CREDENTIALS, http), 0.9);
    var rule =
        new TagsHoldNoPersonalData(
            SdkClients.build(LambdaClient.builder(), config, CREDENTIALS, http),
            CompositeDetector.of(RuleBasedDetector.withDefaultPhoneRegions(), comprehend),
            TagAction.REMOVE,
            new FunctionReader(
                SdkClients.build(LambdaClient.builder(), config, CREDENTIALS, http), config),
            Pseudonyms.withKey(
                "a-test-key-that-no-stack-has-ever-used".getBytes(StandardCharsets.UTF_8)));
    FunctionSnapshot function =
        new FunctionSnapshot(
            "checkout-api",
            ARN,
            "rev-1",
            "Active",
            "Successful",
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            "Checkout API",
            Map.of("owner", "Jane Doe", "service", "checkout"),
            Optional.empty());
    comprehend.prefetch(PersonalDataStrings.of(function));
    // when
    Verdict verdict = rule.check(function);
    String change = rule.fix(function, assertInstanceOf(Verdict.NonCompliant.class, verdict));
    // then
    assertTrue(
        ((Verdict.NonCompliant) verdict).evidence().getFirst().found().contains("person-name"),
        verdict.toString());
    assertEquals("removed 1 tag", change);
    stub.verify(1, postRequestedFor(urlEqualTo("/")));
    stub.verify(
        1,
        deleteRequestedFor(urlPathMatching("/2017-03-31/tags/.*"))
            .withQueryParam("tagKeys", equalTo("owner")));
  }
}
