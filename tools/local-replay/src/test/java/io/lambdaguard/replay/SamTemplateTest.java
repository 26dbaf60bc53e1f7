package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.CloudFormationYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

  private static final Path DIRECTORY = Path.of("/repo");
  private static final AwsTarget TARGET = AwsTarget.emulator("eu-west-1");

  private static final String TEMPLATE =
      """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              KmsKeyArn:
                Type: String
              Mode:
                Type: String
                AllowedValues: [report, enforce]
                Default: report
              Subnets:
                Type: CommaDelimitedList
                Default: "a, b"
            Conditions:
              IsEnforce: !Equals [!Ref Mode, enforce]
              IsReport: !Not [!Condition IsEnforce]
              Never: !And [!Condition IsEnforce, !Condition IsReport]
            Mappings:
              Levels:
                report: {Log: DEBUG}
                enforce: {Log: INFO}
            Globals:
              Function:
                Runtime: java25
                MemorySize: 1024
                Timeout: 60
                Layers: [global-layer]
                Environment:
                  Variables:
                    MODE: !Ref Mode
                    KMS_KEY_ARN: !Ref KmsKeyArn
                    SHARED: from-globals
            Resources:
              Topic:
                Type: AWS::SNS::Topic
              FixerRole:
                Type: AWS::IAM::Role
              Fixer:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/fixer/target/fixer.zip
                  Handler: io.lambdaguard.fixer.FixerHandler::handleRequest
                  Timeout: 30
                  Layers: [own-layer]
                  LoggingConfig:
                    LogFormat: JSON
                    ApplicationLogLevel: !FindInMap [Levels, !Ref Mode, Log]
                  Environment:
                    Variables:
                      SHARED: from-function
                      ROLE: !GetAtt FixerRole.Arn
                      IMPLICIT_ROLE: !GetAtt OtherFunctionRole.Arn
                      TOPIC: !Ref Topic
                      GREETING: !Sub "${AWS::Region}/${AWS::AccountId}/${AWS::Partition}/${Mode}/${!Literal}"
                      JOINED: !Join ["-", [!Select [1, !Ref Subnets], !Ref "AWS::StackName"]]
                      SPLIT_LAST: !Select [2, !Split [":", "a:b:c"]]
                      ONLY_IF_ENFORCE: !If [IsEnforce, "yes", !Ref "AWS::NoValue"]
                      CHOSEN: !If [IsReport, reporting, enforcing]
                      LONG_FORM: {"Fn::Sub": ["${Name}-x", {Name: !Ref Mode}]}
                      COUNT: 3
                  Events:
                    Changed:
                      Type: EventBridgeRule
                      Properties:
                        Pattern:
                          source: [aws.lambda]
                          account: [!Ref "AWS::AccountId"]
                    Schedule:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 day)
              EnforceOnly:
                Type: AWS::Serverless::Function
                Condition: IsEnforce
                Properties:
                  CodeUri: functions/enforce/target/enforce.zip
                  Handler: x.Y::handleRequest
            """;

  private final SamTemplate template = SamTemplate.parse(TEMPLATE, DIRECTORY);

  private FunctionDefinition fixer(Map<String, String> parameters) {
    List<FunctionDefinition> functions = template.functions(parameters, TARGET);
    return functions.stream().filter(f -> f.logicalId().equals("Fixer")).findFirst().orElseThrow();
  }

  @Test
  void globals_mergeUnderTheFunction_functionWinsAndMapsMerge() {
    FunctionDefinition fixer =
        fixer(Map.of("KmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/k"));

    assertEquals("java25", fixer.runtime());
    assertEquals(1024, fixer.memorySizeMb());
    assertEquals(30, fixer.timeoutSeconds());
    assertEquals("from-function", fixer.environment().get("SHARED"));
    assertEquals("report", fixer.environment().get("MODE"));
    assertEquals(
        "arn:aws:kms:eu-west-1:123456789012:key/k", fixer.environment().get("KMS_KEY_ARN"));
    assertEquals(DIRECTORY.resolve("functions/fixer/target/fixer.zip"), fixer.packageZip());
    assertEquals("io.lambdaguard.fixer.FixerHandler::handleRequest", fixer.handler());
  }

  @Test
  void withGlobals_aPackageOutsideTheTemplate_getsTheGlobalsAndNoEvents() {
    SamTemplate template = SamTemplate.parse(TEMPLATE, DIRECTORY);

    FunctionDefinition floor =
        template.withGlobals(
            "Floor",
            Path.of("/elsewhere/floor.zip"),
            "example.Floor::handle",
            Map.of("KmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/k"),
            TARGET);

    assertEquals("java25", floor.runtime());
    assertEquals(1024, floor.memorySizeMb());
    assertEquals(60, floor.timeoutSeconds());
    assertEquals("from-globals", floor.environment().get("SHARED"));
    assertEquals(Path.of("/elsewhere/floor.zip"), floor.packageZip());
    assertEquals("example.Floor::handle", floor.handler());
    assertTrue(floor.eventPatterns().isEmpty());
  }

  @Test
  void withGlobals_aNameTheTemplateUses_isRejected() {
    SamTemplate template = SamTemplate.parse(TEMPLATE, DIRECTORY);

    assertThrows(
        TemplateException.class,
        () ->
            template.withGlobals(
                "Fixer",
                Path.of("/floor.zip"),
                "a.B::c",
                Map.of("KmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/k"),
                TARGET));
  }

  @Test
  void globals_listsConcatenateGlobalsFirst() {
    Object merged =
        SamTemplate.mergeGlobals(
            Map.of("Layers", List.of("global")), Map.of("Layers", List.of("own")));

    assertEquals(Map.of("Layers", List.of("global", "own")), merged);
  }

  @Test
  void intrinsics_resolveWithPseudoParametersAndSyntheticArns() {
    Map<String, String> environment = fixer(Map.of("KmsKeyArn", "k")).environment();

    assertEquals("arn:aws:iam::123456789012:role/FixerRole", environment.get("ROLE"));
    assertEquals(
        "arn:aws:iam::123456789012:role/OtherFunctionRole", environment.get("IMPLICIT_ROLE"));
    assertEquals("arn:aws:sns:eu-west-1:123456789012:Topic", environment.get("TOPIC"));
    assertEquals("eu-west-1/123456789012/aws/report/${Literal}", environment.get("GREETING"));
    assertEquals("b-" + AwsTarget.STACK_NAME, environment.get("JOINED"));
    assertEquals("c", environment.get("SPLIT_LAST"));
    assertEquals("report-x", environment.get("LONG_FORM"));
    assertEquals("3", environment.get("COUNT"));
  }

  @Test
  void conditions_pickTheBranch_andNoValueRemovesTheVariable() {
    Map<String, String> report = fixer(Map.of("KmsKeyArn", "k")).environment();
    Map<String, String> enforce = fixer(Map.of("KmsKeyArn", "k", "Mode", "enforce")).environment();

    assertFalse(report.containsKey("ONLY_IF_ENFORCE"));
    assertEquals("reporting", report.get("CHOSEN"));
    assertEquals("yes", enforce.get("ONLY_IF_ENFORCE"));
    assertEquals("enforcing", enforce.get("CHOSEN"));
    assertEquals("DEBUG", fixer(Map.of("KmsKeyArn", "k")).applicationLogLevel());
  }

  @Test
  void resourceCondition_leavesOutFunctionsThatWouldNotBeDeployed() {
    assertEquals(
        List.of("Fixer"),
        template.functions(Map.of("KmsKeyArn", "k"), TARGET).stream()
            .map(FunctionDefinition::logicalId)
            .toList());
    assertEquals(
        List.of("Fixer", "EnforceOnly"),
        template.functions(Map.of("KmsKeyArn", "k", "Mode", "enforce"), TARGET).stream()
            .map(FunctionDefinition::logicalId)
            .toList());
  }

  @Test
  void events_onlyEventBridgePatternsAreKept_resolvedToJson() {
    FunctionDefinition fixer = fixer(Map.of("KmsKeyArn", "k"));

    assertEquals(
        List.of("{\"source\":[\"aws.lambda\"],\"account\":[\"123456789012\"]}"),
        fixer.eventPatterns());
  }

  @Test
  void logging_jsonFormatAndDefaultLogGroup() {
    FunctionDefinition fixer = fixer(Map.of("KmsKeyArn", "k"));

    assertEquals("JSON", fixer.logFormat());
    assertEquals("/aws/lambda/Fixer", fixer.logGroup());
  }

  @Test
  void parameterWithoutDefault_isReportedWhenUsed() {
    TemplateException error =
        assertThrows(TemplateException.class, () -> template.functions(Map.of(), TARGET));

    assertEquals(
        "parameter KmsKeyArn has no Default: pass --parameter KmsKeyArn=...", error.getMessage());
  }

  @Test
  void unknownParameterOverride_isRejectedWithTheKnownNames() {
    TemplateException error =
        assertThrows(
            TemplateException.class,
            () -> template.functions(Map.of("KmsKeyArn", "k", "Mood", "x"), TARGET));

    assertEquals(
        "the template has no parameter Mood (it has: KmsKeyArn, Mode, Subnets)",
        error.getMessage());
  }

  @Test
  void overrideOutsideAllowedValues_isRejected() {
    TemplateException error =
        assertThrows(
            TemplateException.class,
            () -> template.functions(Map.of("KmsKeyArn", "k", "Mode", "enforcing"), TARGET));

    assertEquals("parameter Mode=enforcing is not one of [report, enforce]", error.getMessage());
  }

  @Test
  void keyParameter_isFoundByName() {
    assertEquals("KmsKeyArn", template.keyParameter());
  }

  @Test
  void invalidYaml_givesOneLineOfContextNotAStackTrace() {
    TemplateException error =
        assertThrows(
            TemplateException.class, () -> SamTemplate.parse("Resources: [unclosed", DIRECTORY));

    assertTrue(
        error.getMessage().startsWith("/repo/template.yaml is not valid YAML"), error.getMessage());
  }

  @Test
  void unsupportedIntrinsic_namesItself() {
    SamTemplate imports =
        SamTemplate.parse(
            """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: f.zip
                      Handler: !ImportValue shared-handler
                """,
            DIRECTORY);

    TemplateException error =
        assertThrows(TemplateException.class, () -> imports.functions(Map.of(), TARGET));

    assertEquals(
        "Fn::ImportValue cannot be resolved locally (it needs a deployed stack)",
        error.getMessage());
  }

  @Test
  void lesserIntrinsics_resolveAsCloudFormationWould() {
    SamTemplate small =
        SamTemplate.parse(
            """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: f.zip
                      Handler: x.Y::handleRequest
                      Environment:
                        Variables:
                          JSON: !ToJsonString {a: [1, "b"]}
                          LENGTH: !Length [x, y, z]
                          BASE64: !Base64 "hi"
                          ZONE: !Select [0, !GetAZs ""]
                          FALLBACK: !FindInMap [Nowhere, a, b, {DefaultValue: dflt}]
                """,
            DIRECTORY);

    Map<String, String> environment = small.functions(Map.of(), TARGET).getFirst().environment();

    assertEquals("{\"a\":[1,\"b\"]}", environment.get("JSON"));
    assertEquals("3", environment.get("LENGTH"));
    assertEquals("aGk=", environment.get("BASE64"));
    assertEquals("eu-west-1a", environment.get("ZONE"));
    assertEquals("dflt", environment.get("FALLBACK"));
  }

  @Test
  void shortTags_becomeLongFormMaps() {
    Map<String, Object> parsed =
        CloudFormationYaml.parse(
            """
                A: !Ref X
                B: !GetAtt Role.Arn
                C: !Sub "${X}"
                D: !Equals [a, b]
                E: !Condition C
                F: !GetAZs ""
                """,
            "inline");

    assertEquals(Map.of("Ref", "X"), parsed.get("A"));
    assertEquals(Map.of("Fn::GetAtt", List.of("Role", "Arn")), parsed.get("B"));
    assertEquals(Map.of("Fn::Sub", "${X}"), parsed.get("C"));
    assertEquals(Map.of("Fn::Equals", List.of("a", "b")), parsed.get("D"));
    assertEquals(Map.of("Condition", "C"), parsed.get("E"));
    assertEquals(Map.of("Fn::GetAZs", ""), parsed.get("F"));
  }

  @Test
  void repositoryTemplate_resolvesWithTheConfiguredKey() {
    Path root = Path.of(System.getProperty("lambdaguard.root"));
    SamTemplate repository = SamTemplate.load(root.resolve("template.yaml"));

    List<FunctionDefinition> functions =
        repository.functions(
            Map.of(
                repository.keyParameter(),
                AwsTarget.emulator("us-east-1").keyArn(LocalReplay.CONFIGURED_KEY_ID)),
            AwsTarget.emulator("us-east-1"));

    assertFalse(functions.isEmpty());
    for (FunctionDefinition function : functions) {
      // CodeUri is the module sam build runs the Makefile of; the replay runs the zip that module's
      // build writes.
      assertEquals(
          root.resolve("functions"),
          function.packageZip().getParent().getParent().getParent(),
          function.packageZip().toString());
      assertEquals("target", function.packageZip().getParent().getFileName().toString());
      assertTrue(
          function.packageZip().toString().endsWith(".zip"), function.packageZip().toString());
      // Every function but the dead-letter consumer (an SQS event source) and the sweep (started by
      // its
      // schedule, a rule of its own) is routed by EventBridge.
      assertEquals(
          !Set.of("TicketsFunction", "SweepFunction").contains(function.logicalId()),
          !function.eventPatterns().isEmpty(),
          function.logicalId() + ": EventBridge pattern");
      String key = function.environment().get("KMS_KEY_ARN");
      if (key != null) {
        assertEquals(
            "arn:aws:kms:us-east-1:123456789012:key/" + LocalReplay.CONFIGURED_KEY_ID, key);
      }
    }
  }

  @Test
  void codeUriOfAMavenModule_isTheZipItsBuildWrites_andAnyOtherDirectoryIsAnUnpackedPackage(
      @TempDir Path directory) throws Exception {
    Path module = Files.createDirectories(directory.resolve("functions/fixer"));
    Files.writeString(
        module.resolve("pom.xml"),
        """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <parent><artifactId>parent-not-this</artifactId></parent>
                  <artifactId>fixer-function</artifactId>
                </project>
                """);
    Files.createDirectories(directory.resolve(".aws-sam/build/Fixer"));

    assertEquals(module.resolve("target/fixer-function.zip"), FunctionPackage.locate(module));
    assertEquals(
        directory.resolve(".aws-sam/build/Fixer"),
        FunctionPackage.locate(directory.resolve(".aws-sam/build/Fixer")));
    assertEquals(directory.resolve("f.zip"), FunctionPackage.locate(directory.resolve("f.zip")));
  }

  @Test
  void unpackedPackageDirectory_isCopiedLikeAZipIsUnpacked(@TempDir Path directory)
      throws Exception {
    Path built = Files.createDirectories(directory.resolve("Fixer/lib"));
    Files.writeString(directory.resolve("Fixer/Handler.class"), "classes at the root");
    Files.writeString(built.resolve("dependency.jar"), "jars in lib/");

    try (FunctionPackage unpacked = FunctionPackage.unpack(directory.resolve("Fixer"), "Fixer")) {
      assertEquals(
          "classes at the root", Files.readString(unpacked.taskRoot().resolve("Handler.class")));
      assertEquals(
          "jars in lib/", Files.readString(unpacked.taskRoot().resolve("lib/dependency.jar")));
      assertFalse(unpacked.taskRoot().startsWith(directory));
    }
    assertTrue(
        Files.exists(directory.resolve("Fixer/lib/dependency.jar")),
        "closing deletes the copy, not sam's build");
  }
}
