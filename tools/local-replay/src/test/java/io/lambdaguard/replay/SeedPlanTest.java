package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaguard.replay.SeedPlan.FunctionSeed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedPlanTest {

  private static final Path EVENTS =
      Path.of(System.getProperty("lambdaguard.root"), "events", "lambda");

  @Test
  void createFunction_seedsTheFunctionAsCreated_withPlaceholderVariablesAndItsTags()
      throws IOException {
    SeedPlan plan = SeedPlan.fromEvent(recorded("create_function_without_key.json"));

    FunctionSeed function = plan.function();
    assertEquals("orders-api", function.name());
    assertEquals("java21", function.runtime());
    assertEquals("com.example.Handler::handleRequest", function.handler());
    assertEquals("arn:aws:iam::123456789012:role/orders-api-role", function.roleArn());
    assertEquals(1024, function.memorySize());
    assertEquals(30, function.timeout());
    assertEquals(SeedPlan.PLACEHOLDER_ENVIRONMENT, function.environment());
    assertNull(function.kmsKeyArn());
    assertEquals(Map.of("team", "payments", "cost-center", "4711"), function.tags());
    assertEquals(List.of(), plan.customerKeyArns());
  }

  @Test
  void functionWithCustomerKey_seedsTheKeyAndAttachesIt() throws IOException {
    SeedPlan plan = SeedPlan.fromEvent(recorded("create_function_with_customer_key.json"));

    String key = "arn:aws:kms:us-east-1:123456789012:key/5f1e2d3c-4b5a-4968-8776-655443322110";
    assertEquals(key, plan.function().kmsKeyArn());
    assertEquals(List.of(key), plan.customerKeyArns());
  }

  @Test
  void updateByArn_takesTheNameFromTheArn_andTheStateAfterTheCall() throws IOException {
    SeedPlan plan = SeedPlan.fromEvent(recorded("update_function_configuration_removed_key.json"));

    assertEquals("inventory-sync", plan.function().name());
    // The request cleared the key ("kMSKeyArn": ""); the response, the state after the call, has
    // none.
    assertNull(plan.function().kmsKeyArn());
    assertEquals(SeedPlan.PLACEHOLDER_ENVIRONMENT, plan.function().environment());
  }

  @Test
  void loggingConfig_isSeededAsRecorded() throws IOException {
    SeedPlan.Logging logging =
        SeedPlan.fromEvent(recorded("update_function_configuration_custom_log_group.json"))
            .function()
            .logging();

    assertEquals(new SeedPlan.Logging("JSON", "/platform/orders", "INFO", "INFO"), logging);
  }

  @Test
  void functionWithoutEnvironment_getsNoVariables() throws IOException {
    assertNull(
        SeedPlan.fromEvent(recorded("create_function_without_environment.json"))
            .function()
            .environment());
  }

  @Test
  void failedCall_seedsNothing() throws IOException {
    assertSame(SeedPlan.NOTHING, SeedPlan.fromEvent(recorded("create_function_failed.json")));
  }

  @Test
  void tagResource_takesTheFunctionFromTheResourceArn_andSplitsReservedTags() throws IOException {
    SeedPlan plan =
        SeedPlan.fromEvent(
            Json.MAPPER.readTree(
                """
                {"detail": {"eventName": "TagResource20170331v2", "responseElements": null,
                  "requestParameters": {"resource": "arn:aws:lambda:us-east-1:123456789012:function:billing:prod",
                                        "tags": {"owner": "team-a", "aws:cloudformation:stack-name": "billing"}}}}"""));

    assertEquals("billing", plan.function().name());
    assertEquals(Map.of("owner", "team-a"), plan.function().tags());
    assertEquals(Map.of("aws:cloudformation:stack-name", "billing"), plan.function().systemTags());
    assertNull(plan.function().environment());
    assertNull(plan.function().runtime());
  }

  @Test
  void eventWithoutFunction_seedsNothing() throws IOException {
    assertSame(
        SeedPlan.NOTHING,
        SeedPlan.fromEvent(
            Json.MAPPER.readTree(
                """
                {"detail": {"eventName": "ListFunctions20150331", "requestParameters": {"maxItems": 50}}}""")));
    assertSame(
        SeedPlan.NOTHING, SeedPlan.fromEvent(Json.MAPPER.readTree("{\"source\": \"aws.lambda\"}")));
  }

  @Test
  void functionNames_fromNamesAndArns() {
    assertEquals("f", SeedPlan.nameFromNameOrArn("f"));
    assertEquals(
        "f", SeedPlan.nameFromNameOrArn("arn:aws:lambda:us-east-1:123456789012:function:f"));
    assertEquals(
        "f",
        SeedPlan.nameFromNameOrArn("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST"));
    assertEquals("f", SeedPlan.nameFromNameOrArn("123456789012:function:f"));
  }

  private static JsonNode recorded(String file) throws IOException {
    return Json.MAPPER.readTree(EVENTS.resolve(file).toFile());
  }
}
