package io.lambdaguard.encryption;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.lambdaguard.encryption.AwsStubs.Api;
import io.lambdaguard.remediation.RemediationFailedException;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Personal data never leaves: values from the event, the function (variables, tags, description)
 * and AWS error messages reach neither the log records, the metrics, the handler's result nor the
 * exception Lambda logs.
 */
class PersonalDataSafetyTest {
  private static final String EMAIL = "jane.doe@example.com";
  private static final String PHONE = "+49 170 1234567";

  private static void assertNoPersonalData(List<String> texts) {
    for (String text : texts) {
      assertFalse(
          text.contains(EMAIL) || text.contains("jane.doe") || text.contains(PHONE),
          () -> "personal data in: " + text);
    }
  }

  @Test
  void fixOfAFunctionFullOfPersonalData_shouldNotRepeatAnyOfItsValues() {
    // given: a function whose variables, tags and description hold personal data, and an event that
    // repeats them
    try (MotoServer moto = MotoServer.start();
        CollectedLogs logs = CollectedLogs.open()) {
      Emulator aws = new Emulator(moto);
      String keyArn = aws.createKey();
      aws.createFunction("orders-api", Map.of("OWNER_EMAIL", EMAIL, "ONCALL_PHONE", PHONE), null);
      aws.lambda.updateFunctionConfiguration(
          u -> u.functionName("orders-api").description("owner " + EMAIL));
      aws.lambda.tagResource(
          t ->
              t.resource("arn:aws:lambda:us-east-1:123456789012:function:orders-api")
                  .tags(Map.of("owner", EMAIL)));
      String event =
          SelfCausedEvents.updateFunctionConfiguration(
                  "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
                  keyArn,
                  "arn:aws:iam::123456789012:role/DeployRole")
              .replace("\"description\":\"\"", "\"description\":\"owner " + EMAIL + "\"");
      assertTrue(event.contains(EMAIL));
      Container container = Container.start(Container.env(moto.endpoint(), keyArn));
      // when
      JsonNode result = container.invoke(event, new TestContext("encryption"));
      // then
      assertEquals("fixed", Container.code(result, EnvVarsUseCustomerManagedKey.ID));
      List<String> output = new ArrayList<>(logs.lines());
      output.add(result.toString());
      container.metrics().forEach(m -> output.add(m.toString()));
      assertTrue(output.size() > 3, "something was logged");
      assertNoPersonalData(output);
    }
  }

  @Test
  void awsErrorEchoingPersonalData_shouldNotReachTheExceptionOrTheLogs() {
    // given: GetFunction keeps failing with a message that echoes a value
    WireMockServer wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wireMock.start();
    try (CollectedLogs logs = CollectedLogs.open()) {
      wireMock.stubFor(
          Api.GET_FUNCTION
              .request()
              .willReturn(
                  WireMock.aResponse()
                      .withStatus(500)
                      .withHeader("Content-Type", "application/json")
                      .withHeader("x-amzn-ErrorType", "ServiceException")
                      .withBody(
                          "{\"Type\":\"Service\",\"message\":\"internal error for tag owner="
                              + EMAIL
                              + "\"}")));
      Container container =
          Container.start(
              Container.env(
                  java.net.URI.create("http://127.0.0.1:" + wireMock.port()), AwsStubs.KEY_ARN));
      // when
      RemediationFailedException failure =
          assertThrows(
              RemediationFailedException.class,
              () ->
                  container.invoke(
                      SelfCausedEvents.updateFunctionConfiguration(
                          AwsStubs.FUNCTION_ARN,
                          AwsStubs.KEY_ARN,
                          "arn:aws:iam::123456789012:role/DeployRole"),
                      new TestContext("encryption")));
      // then
      assertTrue(failure.getMessage().contains("ServiceException"), failure::getMessage);
      List<String> output = new ArrayList<>(logs.lines());
      assertFalse(output.isEmpty(), "the failure was logged");
      output.add(failure.toString());
      assertNoPersonalData(output);
    } finally {
      wireMock.stop();
    }
  }
}
