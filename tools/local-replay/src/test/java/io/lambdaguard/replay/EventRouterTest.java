package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRouterTest {

  private static final String CREATE_OR_UPDATE =
      """
            {"source": ["aws.lambda"], "detail-type": ["AWS API Call via CloudTrail"],
             "detail": {"eventSource": ["lambda.amazonaws.com"],
                        "eventName": [{"prefix": "CreateFunction2"}, {"prefix": "UpdateFunctionConfiguration"}]}}""";
  private static final String TAGS =
      """
            {"source": ["aws.lambda"], "detail": {"eventName": [{"prefix": "TagResource"}]}}""";

  private final EventRouter router =
      new EventRouter(
          List.of(
              function("EncryptEnvVars", CREATE_OR_UPDATE),
              function("TagsWithoutPersonalData", TAGS, CREATE_OR_UPDATE)));

  @Test
  void createFunctionUrlConfig_doesNotMatchThePrefixCreateFunction2() throws Exception {
    assertEquals(List.of(), route("CreateFunctionUrlConfig20211031"));
    assertEquals(List.of(), route("CreateFunctionUrlConfig"));
  }

  @Test
  void createFunction_goesToEveryFunctionWhosePatternMatches() throws Exception {
    assertEquals(
        List.of("EncryptEnvVars", "TagsWithoutPersonalData"), route("CreateFunction20150331"));
    assertEquals(
        List.of("EncryptEnvVars", "TagsWithoutPersonalData"),
        route("UpdateFunctionConfiguration20150331v2"));
  }

  @Test
  void severalPatternsOfOneFunction_matchWhenAnyDoes() throws Exception {
    assertEquals(List.of("TagsWithoutPersonalData"), route("TagResource20170331v2"));
  }

  @Test
  void eventOfAnotherSource_hasNoRoute() throws Exception {
    JsonNode s3 =
        Json.MAPPER.readTree(
            """
                {"source": "aws.s3", "detail-type": "AWS API Call via CloudTrail",
                 "detail": {"eventSource": "s3.amazonaws.com", "eventName": "CreateFunction20150331"}}""");

    assertEquals(List.of(), router.route(s3));
  }

  @Test
  void patternEventBridgeWouldReject_isATemplateError() {
    assertThrows(
        TemplateException.class,
        () ->
            new EventRouter(
                List.of(
                    function("Broken", "{\"detail\": {\"eventName\": [{\"prefixx\": \"A\"}]}}"))));
  }

  private List<String> route(String eventName) throws Exception {
    JsonNode event =
        Json.MAPPER.readTree(
            """
                {"version": "0", "source": "aws.lambda", "detail-type": "AWS API Call via CloudTrail", "resources": [],
                 "detail": {"eventSource": "lambda.amazonaws.com", "eventName": "%s"}}"""
                .formatted(eventName));
    return router.route(event).stream().map(FunctionDefinition::logicalId).toList();
  }

  static FunctionDefinition function(String logicalId, String... patterns) {
    return new FunctionDefinition(
        logicalId,
        logicalId,
        Path.of("/nowhere.zip"),
        "x.Y::handleRequest",
        "java25",
        512,
        3,
        Map.of(),
        List.of(patterns),
        null,
        null,
        "/aws/lambda/" + logicalId);
  }
}
