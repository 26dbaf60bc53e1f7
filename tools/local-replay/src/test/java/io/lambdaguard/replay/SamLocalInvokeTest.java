package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaguard.testkit.CloudFormationYaml;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sam local invoke <Function> --env-vars sam-local-env.json}: the environment SAM local
 * builds for each function of the real template ({@link SamLocalEnvironment}, reproduced from the
 * SAM CLI's source) passes the function's init, run as Lambda runs it (its package through the
 * runtime interface client). Without the file it does not: the placeholders SAM local puts in for
 * {@code !GetAtt} are Lambda ARNs, which the configuration refuses.
 */
class SamLocalInvokeTest {

  private static final Path TEMPLATE = FixturePackage.ROOT.resolve("template.yaml");
  private static final Path ENV_VARS = FixturePackage.ROOT.resolve("sam-local-env.json");

  /** Reaches every handler's parsing and is refused there, before any AWS call. */
  private static final String NOT_AN_EVENT = "{\"not\":\"an event\"}";

  @TempDir Path logs;

  private final Map<String, Object> template = CloudFormationYaml.load(TEMPLATE);
  private final SamLocalEnvironment samLocal = new SamLocalEnvironment(template, Map.of());

  @Test
  void templateAlone_getsSamLocalsPlaceholders() {
    Map<String, String> environment = samLocal.environment("EncryptionFunction", null, Map.of());

    // What the SAM CLI gives, as the issue observed it: !GetAtt X.Arn becomes a Lambda function ARN
    // named X.
    assertEquals(
        "arn:aws:lambda:us-east-1:123456789012:function:ServiceKey",
        environment.get("KMS_KEY_ARN"));
    assertEquals(
        "arn:aws:lambda:us-east-1:123456789012:function:EncryptionRole,"
            + "arn:aws:lambda:us-east-1:123456789012:function:StripPersonalDataRole,"
            + "arn:aws:lambda:us-east-1:123456789012:function:TicketsRole,"
            + "arn:aws:lambda:us-east-1:123456789012:function:SweepRole",
        environment.get("SERVICE_ROLE_ARNS"));
    assertEquals("report", environment.get("MODE"));
    assertEquals(
        "TicketTable", environment.get("TICKET_TABLE"), "!Ref of a resource is its logical id");
    assertEquals("true", environment.get("AWS_SAM_LOCAL"));
  }

  @Test
  void envVarsFile_setsOnlyVariablesTheTemplateDeclares_andMarksItsKeyAsAnExample()
      throws Exception {
    JsonNode file = SamLocalEnvironment.readEnvVars(ENV_VARS);
    Set<String> declared = new TreeSet<>();
    for (String function : functions()) {
      declared.addAll(samLocal.environment(function, null, Map.of()).keySet());
    }
    Set<String> set = new TreeSet<>();
    file.get("Parameters").properties().forEach(entry -> set.add(entry.getKey()));
    for (String function : functions()) {
      if (file.has(function)) {
        file.get(function).properties().forEach(entry -> set.add(entry.getKey()));
      }
    }
    set.removeAll(declared);
    assertEquals(Set.of(), set, "SAM local silently drops variables the template does not declare");
    assertTrue(file.get("Parameters").get("KMS_KEY_ARN").asText().contains("EXAMPLE"));
    assertEquals("report", file.get("Parameters").get("MODE").asText());
  }

  @Test
  void everyFunction_passesItsInitWithTheEnvVarsFile() throws Exception {
    JsonNode file = SamLocalEnvironment.readEnvVars(ENV_VARS);
    for (String function : functions()) {
      InvocationResult result =
          invokeAsSamLocal(function, samLocal.environment(function, file, Map.of()));

      assertNotEquals(
          InvocationStatus.INIT_ERROR, result.status(), function + ": " + result.error());
      assertTrue(
          Set.of(InvocationStatus.RESPONDED, InvocationStatus.FUNCTION_ERROR)
              .contains(result.status()),
          function + ": " + result.status() + " " + result.error());
    }
  }

  @Test
  void withoutTheEnvVarsFile_initRefusesThePlaceholders() throws Exception {
    InvocationResult result =
        invokeAsSamLocal(
            "EncryptionFunction", samLocal.environment("EncryptionFunction", null, Map.of()));

    assertEquals(InvocationStatus.INIT_ERROR, result.status(), String.valueOf(result.error()));
    assertTrue(result.error().contains("KMS_KEY_ARN"), result.error());
  }

  @Test
  void shellVariables_overrideTheTemplate_andTheFileOverridesBoth() throws Exception {
    JsonNode file = SamLocalEnvironment.readEnvVars(ENV_VARS);

    Map<String, String> environment =
        samLocal.environment(
            "EncryptionFunction",
            file,
            Map.of("MODE", "enforce", "JIRA_ISSUE_TYPE", "Bug", "NOT_DECLARED", "x"));

    assertEquals("report", environment.get("MODE"));
    assertEquals("Bug", environment.get("JIRA_ISSUE_TYPE"));
    assertTrue(!environment.containsKey("NOT_DECLARED"));
  }

  private List<String> functions() {
    return Intrinsics.section(template, "Resources").entrySet().stream()
        .filter(
            entry ->
                "AWS::Serverless::Function".equals(Intrinsics.asMap(entry.getValue()).get("Type")))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The function's package run as the Lambda image SAM local starts runs it, with {@code
   * variables}.
   */
  private InvocationResult invokeAsSamLocal(String logicalId, Map<String, String> variables)
      throws Exception {
    FunctionDefinition function =
        SamTemplate.load(TEMPLATE).functions(Map.of(), AwsTarget.emulator("us-east-1")).stream()
            .filter(f -> f.logicalId().equals(logicalId))
            .findFirst()
            .orElseThrow();
    try (FunctionPackage unpacked = FunctionPackage.unpack(function.packageZip(), logicalId);
        FunctionLog log = FunctionLog.create(logs.resolve(logicalId + ".log"), logicalId, null)) {
      Map<String, String> environment = new LinkedHashMap<>(variables);
      // What the Lambda base image sets for the runtime, next to SAM's variables.
      environment.put("_HANDLER", function.handler());
      environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
      environment.put("LAMBDA_TASK_ROOT", unpacked.taskRoot().toString());
      environment.put(
          "LAMBDA_RUNTIME_DIR", FixturePackage.ROOT.resolve(JavaRuntime.RUNTIME_JARS).toString());
      environment.put("LANG", "en_US.UTF-8");
      environment.put("TZ", ":UTC");
      environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
      try (ExecutionEnvironment jvm =
          ExecutionEnvironment.start(
              function,
              "arn:aws:lambda:us-east-1:123456789012:function:" + logicalId,
              FixturePackage.runtime(),
              unpacked.taskRoot(),
              new HashMap<>(environment),
              log)) {
        return jvm.invoke(NOT_AN_EVENT);
      }
    }
  }
}
