package io.lambdaguard.testkit;

import static io.lambdaguard.testkit.TranslatedTemplate.at;
import static io.lambdaguard.testkit.TranslatedTemplate.getAtt;
import static io.lambdaguard.testkit.TranslatedTemplate.list;
import static io.lambdaguard.testkit.TranslatedTemplate.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The template as CloudFormation gets it: {@code template.yaml} translated by AWS's SAM translator,
 * for the default parameters and for the other value of every parameter that switches resources.
 * Checks what the README promises about the deployed stack: exactly the intended resources, every
 * rule dead-lettering to the stack's queue, every function with its key, log group and alarms,
 * every store on the stack's key, narrow policies.
 */
class TranslatedTemplateTest {
  private static final String EXISTING_KEY =
      "arn:aws:kms:us-east-1:111122223333:key/0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";
  private static final String READERS =
      "arn:aws:iam::111122223333:role/SecurityAudit,arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Ops_*";
  private static final Set<String> ROLES =
      Set.of("EncryptionRole", "StripPersonalDataRole", "TicketsRole", "SweepRole");

  static Stream<Arguments> stacks() {
    return Stream.of(
        Arguments.of("defaults", Map.of()),
        Arguments.of("TicketSink=securityhub", Map.of("TicketSink", "securityhub")),
        Arguments.of("TicketSink=sns", Map.of("TicketSink", "sns")),
        Arguments.of(
            "TicketSink=jira",
            Map.of(
                "TicketSink",
                "jira",
                "JiraBaseUrl",
                "https://example.atlassian.net",
                "JiraProjectKey",
                "SEC")),
        Arguments.of("TicketSink=none", Map.of("TicketSink", "none")),
        Arguments.of("CreateTrail=true", Map.of("CreateTrail", "true")),
        Arguments.of("ComprehendPii=on", Map.of("ComprehendPii", "on")),
        Arguments.of("KmsKeyArn given", Map.of("KmsKeyArn", EXISTING_KEY)),
        Arguments.of("VariableReaderArns given", Map.of("VariableReaderArns", READERS)),
        Arguments.of("AlarmEmail given", Map.of("AlarmEmail", "security@example.com")),
        Arguments.of("SweepSchedule=off", Map.of("SweepSchedule", "off")),
        Arguments.of(
            "LogDataProtection=on, XRayEncryption=fix",
            Map.of("LogDataProtection", "on", "XRayEncryption", "fix")),
        Arguments.of("SweepSchedule=cron", Map.of("SweepSchedule", "cron(0 3 ? * SUN *)")));
  }

  @BeforeAll
  static void translateEveryStack() {
    TranslatedTemplate.translateAll(
        stacks()
            .map(
                arguments -> {
                  @SuppressWarnings("unchecked")
                  Map<String, String> parameters = (Map<String, String>) arguments.get()[1];
                  return parameters;
                })
            .toList());
  }

  private static TranslatedTemplate template(Map<String, String> parameters) {
    return TranslatedTemplate.ofProject(parameters);
  }

  /** JSON text as {@link JsonNode#toString()} writes it, to compare with. */
  private static String json(String text) {
    return JsonNode.parser().parse(text).toString();
  }

  /**
   * What each parameter set must deploy, no more: SAM invents nothing (no queue per rule, no role).
   */
  private static Set<String> intendedResources(Map<String, String> parameters) {
    Set<String> ids =
        new TreeSet<>(
            Set.of(
                "DeadLetterQueue",
                "DeadLetterQueuePolicy",
                "EncryptionRole",
                "EncryptionLogGroup",
                "EncryptionFunction",
                "EncryptionFunctionEventInvokeConfig",
                "EncryptionFunctionFunctionCreatedOrReconfigured",
                "EncryptionFunctionFunctionCreatedOrReconfiguredPermission",
                "EncryptionFunctionXRayEncryptionChanged",
                "EncryptionFunctionXRayEncryptionChangedPermission",
                "StripPersonalDataRole",
                "StripPersonalDataLogGroup",
                "StripPersonalDataFunction",
                "StripPersonalDataFunctionEventInvokeConfig",
                "StripPersonalDataFunctionFunctionCreatedRetaggedOrReconfigured",
                "StripPersonalDataFunctionFunctionCreatedRetaggedOrReconfiguredPermission",
                "TicketsRole",
                "TicketsLogGroup",
                "TicketsFunction",
                "TicketsFunctionDeadLetters",
                "TicketsFunctionTicketQueue",
                "TicketQueue",
                "TicketDeadLetterQueue",
                "TicketQueuePolicy",
                "TicketDeadLettersAlarm",
                "AlarmTopic",
                "AlarmTopicPolicy",
                "EncryptionErrorsAlarm",
                "EncryptionThrottlesAlarm",
                "StripPersonalDataErrorsAlarm",
                "StripPersonalDataThrottlesAlarm",
                "TicketsErrorsAlarm",
                "TicketsThrottlesAlarm",
                "DeadLettersAlarm",
                "PseudonymSecret",
                "EncryptionSweepQueue",
                "StripPersonalDataSweepQueue",
                "SweepQueuePolicy",
                "EncryptionFunctionSweep",
                "StripPersonalDataFunctionSweep",
                "SweepRole",
                "SweepLogGroup",
                "SweepFunction",
                "SweepFunctionEventInvokeConfig",
                "SweepErrorsAlarm",
                "SweepThrottlesAlarm",
                "Dashboard"));
    if (!"off".equals(parameters.getOrDefault("SweepSchedule", "rate(1 day)"))) {
      ids.addAll(Set.of("SweepScheduleRule", "SweepSchedulePermission"));
    }
    if (!parameters.containsKey("KmsKeyArn")) {
      ids.addAll(Set.of("ServiceKey", "ServiceKeyAlias"));
    }
    if ("on".equals(parameters.get("LogDataProtection"))) {
      ids.add("DataProtectionFindingsLogGroup");
    }
    String sink = parameters.getOrDefault("TicketSink", "opscenter");
    if (!sink.equals("none")) {
      ids.addAll(Set.of("TicketTable", "DeadLetterQueuePoisonAlarm"));
    }
    if (sink.equals("sns")) {
      ids.addAll(Set.of("TicketTopic", "TicketTopicPolicy"));
    }
    if (sink.equals("jira")) {
      ids.add("JiraSecret");
    }
    if ("true".equals(parameters.get("CreateTrail"))) {
      ids.addAll(
          Set.of(
              "TrailLogsBucket",
              "TrailLogsBucketPolicy",
              "TrailBucket",
              "TrailBucketPolicy",
              "Trail"));
    }
    if (parameters.containsKey("AlarmEmail")) {
      ids.add("AlarmEmailSubscription");
    }
    return ids;
  }

  /** The key everything is on: the stack's own, or the one given. */
  private static JsonNode key(Map<String, String> parameters) {
    String given = parameters.get("KmsKeyArn");
    return given == null
        ? getAtt("ServiceKey", "Arn")
        : JsonNode.parser().parse("\"" + given + "\"");
  }

  private static String text(Optional<JsonNode> node) {
    return node.map(JsonNode::toString).orElse("(absent)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void resources_shouldBeExactlyTheIntendedOnes(String name, Map<String, String> parameters) {
    assertEquals(intendedResources(parameters), template(parameters).resources().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyRule_shouldDeadLetterToTheStacksQueue(String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    assertEquals(
        Set.of(
            "DeadLetterQueue",
            "EncryptionSweepQueue",
            "StripPersonalDataSweepQueue",
            "TicketQueue",
            "TicketDeadLetterQueue"),
        template.ofType("AWS::SQS::Queue"),
        "the only queues");
    Set<String> rules = template.ofType("AWS::Events::Rule");
    int schedules = template.condition("SweepScheduled") ? 1 : 0;
    assertEquals(
        3 + schedules,
        rules.size(),
        "one rule per EventBridge-triggered function, X-Ray's PutEncryptionConfig, and the sweep's schedule: "
            + rules);
    for (String rule : rules) {
      List<JsonNode> targets =
          at(template.resource(rule), "Properties", "Targets").orElseThrow().asArray();
      assertEquals(1, targets.size(), rule);
      JsonNode target = targets.get(0);
      assertEquals(
          getAtt("DeadLetterQueue", "Arn").toString(),
          text(at(target, "DeadLetterConfig", "Arn")),
          rule);
      assertTrue(at(target, "RetryPolicy", "MaximumRetryAttempts").isPresent(), rule + " retries");
    }
  }

  @org.junit.jupiter.api.Test
  void
      xrayEncryptionChangedRule_shouldRouteThisAccountsPutEncryptionConfig_andBeDisabledWithXRayEncryptionOff() {
    Map<Map<String, String>, String> states =
        Map.of(
            Map.of(),
            "ENABLED",
            Map.of("XRayEncryption", "fix"),
            "ENABLED",
            Map.of("XRayEncryption", "off"),
            "DISABLED");
    states.forEach(
        (parameters, state) -> {
          JsonNode properties =
              template(parameters)
                  .resource("EncryptionFunctionXRayEncryptionChanged")
                  .field("Properties")
                  .orElseThrow();
          // SAM events take no Condition: the rule exists in every stack, and matches nothing when
          // disabled.
          assertEquals(
              json("\"" + state + "\""), text(properties.field("State")), parameters.toString());
          JsonNode pattern = properties.field("EventPattern").orElseThrow();
          assertEquals(json("[\"aws.xray\"]"), text(pattern.field("source")));
          assertEquals(json("[\"PutEncryptionConfig\"]"), text(at(pattern, "detail", "eventName")));
          assertEquals(
              json("[\"xray.amazonaws.com\"]"), text(at(pattern, "detail", "eventSource")));
          assertEquals(json("[{\"Ref\":\"AWS::AccountId\"}]"), text(pattern.field("account")));
          assertEquals(json("[{\"Ref\":\"AWS::Region\"}]"), text(pattern.field("region")));
          assertEquals(
              getAtt("EncryptionFunction", "Arn").toString(),
              text(at(properties.field("Targets").orElseThrow().asArray().getFirst(), "Arn")));
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyFunction_shouldHaveTheKeyItsEncryptedLogGroupAndItsAlarms(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    Set<String> functions = template.ofType("AWS::Lambda::Function");
    assertEquals(
        Set.of(
            "EncryptionFunction", "StripPersonalDataFunction", "TicketsFunction", "SweepFunction"),
        functions);
    Set<String> ruleTargets = new HashSet<>();
    for (String rule : template.ofType("AWS::Events::Rule")) {
      at(template.resource(rule), "Properties", "Targets")
          .orElseThrow()
          .asArray()
          .forEach(t -> ruleTargets.add(t.field("Arn").orElseThrow().toString()));
    }
    for (String function : functions) {
      JsonNode properties = template.resource(function).field("Properties").orElseThrow();
      assertEquals(
          key(parameters).toString(), text(properties.field("KmsKeyArn")), function + " KmsKeyArn");
      assertEquals(json("\"JSON\""), text(at(properties, "LoggingConfig", "LogFormat")), function);
      JsonNode logGroupRef =
          at(properties, "LoggingConfig", "LogGroup")
              .orElseThrow(() -> new AssertionError(function + " has no LoggingConfig.LogGroup"));
      String logGroup =
          logGroupRef
              .field("Ref")
              .orElseThrow(() -> new AssertionError(function + "'s log group is not the stack's"))
              .asString();
      assertEquals(
          "AWS::Logs::LogGroup",
          template.resource(logGroup).field("Type").orElseThrow().asString());
      assertEquals(
          key(parameters).toString(),
          text(at(template.resource(logGroup), "Properties", "KmsKeyId")),
          logGroup);
      String role =
          properties
              .field("Role")
              .flatMap(r -> r.field("Fn::GetAtt"))
              .orElseThrow()
              .asArray()
              .get(0)
              .asString();
      assertTrue(ROLES.contains(role), function + " runs as a declared role, not " + role);
      for (String metric : List.of("Errors", "Throttles")) {
        assertEquals(
            1,
            alarms(template, "AWS/Lambda", metric, ref(function)).size(),
            function + " " + metric + " alarm");
      }
      if (ruleTargets.contains(getAtt(function, "Arn").toString())) {
        // Invoked asynchronously by EventBridge: what still fails after Lambda's retries goes to
        // the queue.
        JsonNode invokeConfig = template.resource(function + "EventInvokeConfig");
        assertEquals(
            getAtt("DeadLetterQueue", "Arn").toString(),
            text(at(invokeConfig, "Properties", "DestinationConfig", "OnFailure", "Destination")),
            function);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyAlarm_shouldReachTheAlarmTopic(String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    for (String alarm : template.ofType("AWS::CloudWatch::Alarm")) {
      assertEquals(
          json("[" + ref("AlarmTopic") + "]"),
          text(at(template.resource(alarm), "Properties", "AlarmActions")),
          alarm);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void poisonMessages_shouldRaiseAnAlarmWhenTheQueueHasAConsumer(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    JsonNode queueName = getAtt("DeadLetterQueue", "QueueName");
    assertEquals(
        1,
        alarms(template, "AWS/SQS", "ApproximateNumberOfMessagesVisible", queueName).size(),
        "waiting dead letters");
    int expected = template.condition("TicketsOn") ? 1 : 0;
    assertEquals(
        expected,
        alarms(template, "AWS/SQS", "ApproximateAgeOfOldestMessage", queueName).size(),
        "a dead letter the consumer keeps failing on");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void sweepSchedule_shouldStartTheSweepOnTheParametersScheduleUnlessOff(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    Set<String> schedules =
        template.ofType("AWS::Events::Rule").stream()
            .filter(
                rule -> at(template.resource(rule), "Properties", "ScheduleExpression").isPresent())
            .collect(Collectors.toCollection(TreeSet::new));
    String expression = parameters.getOrDefault("SweepSchedule", "rate(1 day)");
    if (expression.equals("off")) {
      assertEquals(Set.of(), schedules, "SweepSchedule=off: on demand only");
      assertEquals(
          Set.of(),
          template.ofType("AWS::Lambda::Permission").stream()
              .filter(
                  p ->
                      text(at(template.resource(p), "Properties", "FunctionName"))
                          .equals(ref("SweepFunction").toString()))
              .collect(Collectors.toSet()),
          "no one else may invoke the sweep");
      return;
    }
    assertEquals(Set.of("SweepScheduleRule"), schedules);
    JsonNode rule = template.resource("SweepScheduleRule");
    assertEquals(
        json("\"" + expression + "\""), text(at(rule, "Properties", "ScheduleExpression")));
    List<JsonNode> targets = list(at(rule, "Properties", "Targets").orElseThrow());
    assertEquals(1, targets.size());
    assertEquals(getAtt("SweepFunction", "Arn").toString(), text(targets.get(0).field("Arn")));
    JsonNode permission = template.resource("SweepSchedulePermission");
    assertEquals(
        ref("SweepFunction").toString(), text(at(permission, "Properties", "FunctionName")));
    assertEquals(json("\"events.amazonaws.com\""), text(at(permission, "Properties", "Principal")));
    assertEquals(
        getAtt("SweepScheduleRule", "Arn").toString(),
        text(at(permission, "Properties", "SourceArn")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void sweepQueues_shouldFeedEachRuleFunctionAtBoundedConcurrencyAndRedriveToTheDeadLetterQueue(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    Map<String, String> consumers =
        Map.of(
            "EncryptionSweepQueue",
            "EncryptionFunction",
            "StripPersonalDataSweepQueue",
            "StripPersonalDataFunction");
    for (Map.Entry<String, String> consumer : consumers.entrySet()) {
      String queueId = consumer.getKey();
      JsonNode queue = template.resource(queueId).field("Properties").orElseThrow();
      assertEquals(
          getAtt("DeadLetterQueue", "Arn").toString(),
          text(at(queue, "RedrivePolicy", "deadLetterTargetArn")));
      assertTrue(at(queue, "RedrivePolicy", "maxReceiveCount").isPresent(), "bounded receives");
      assertEquals(key(parameters).toString(), text(at(queue, "KmsMasterKeyId")));
      // The queue's one consumer: its rule function, through an event source mapping.
      List<String> mappings =
          template.ofType("AWS::Lambda::EventSourceMapping").stream()
              .filter(
                  id ->
                      text(at(template.resource(id), "Properties", "EventSourceArn"))
                          .equals(getAtt(queueId, "Arn").toString()))
              .toList();
      assertEquals(List.of(consumer.getValue() + "Sweep"), mappings, queueId);
      JsonNode mapping = template.resource(mappings.get(0)).field("Properties").orElseThrow();
      assertEquals(ref(consumer.getValue()).toString(), text(at(mapping, "FunctionName")));
      assertEquals(
          json("[\"ReportBatchItemFailures\"]"), text(at(mapping, "FunctionResponseTypes")));
      // The translator resolves the parameter: its default.
      assertEquals("\"2\"", text(at(mapping, "ScalingConfig", "MaximumConcurrency")));
      assertEquals("10", text(at(mapping, "BatchSize")));
      // The rule function's role consumes its own queue, no other.
      String role = consumer.getValue().replace("Function", "Role");
      List<JsonNode> receives =
          template.roleStatements(role).stream()
              .filter(
                  s ->
                      list(s.field("Action").orElseThrow()).stream()
                          .anyMatch(a -> a.asString().equals("sqs:ReceiveMessage")))
              .toList();
      assertEquals(1, receives.size(), role);
      assertEquals(
          getAtt(queueId, "Arn").toString(), text(receives.get(0).field("Resource")), role);
      assertEquals(
          json("[\"sqs:ReceiveMessage\",\"sqs:DeleteMessage\",\"sqs:GetQueueAttributes\"]"),
          text(receives.get(0).field("Action")),
          role);
    }
    // The sweep sends each function to both queues.
    assertEquals(
        json("{\"Fn::Sub\":\"${EncryptionSweepQueue},${StripPersonalDataSweepQueue}\"}"),
        text(
            at(
                template.resource("SweepFunction"),
                "Properties",
                "Environment",
                "Variables",
                "SWEEP_QUEUE_URLS")));
    // The sweep's role sends to the sweep queues and to the dead-letter queue (its on-failure
    // destination), no more.
    List<JsonNode> sends =
        template.roleStatements("SweepRole").stream()
            .filter(
                s ->
                    list(s.field("Action").orElseThrow()).stream()
                        .anyMatch(a -> a.asString().startsWith("sqs:")))
            .toList();
    assertEquals(1, sends.size());
    assertEquals(
        json(
            "["
                + getAtt("EncryptionSweepQueue", "Arn")
                + ","
                + getAtt("StripPersonalDataSweepQueue", "Arn")
                + ","
                + getAtt("DeadLetterQueue", "Arn")
                + "]"),
        text(sends.get(0).field("Resource")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void
      ticketQueue_shouldBeFifoOnTheKeyFeedTheTicketsFunctionAndRedriveToAnAlarmedFifoDeadLetterQueue(
          String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    JsonNode queue = template.resource("TicketQueue").field("Properties").orElseThrow();
    assertEquals("true", text(at(queue, "FifoQueue")));
    assertEquals(key(parameters).toString(), text(at(queue, "KmsMasterKeyId")));
    assertEquals(
        getAtt("TicketDeadLetterQueue", "Arn").toString(),
        text(at(queue, "RedrivePolicy", "deadLetterTargetArn")));
    assertEquals("10", text(at(queue, "RedrivePolicy", "maxReceiveCount")));
    // At least six times the tickets function's timeout, as AWS recommends for an event source.
    int timeout =
        Integer.parseInt(text(at(template.resource("TicketsFunction"), "Properties", "Timeout")));
    assertTrue(Integer.parseInt(text(at(queue, "VisibilityTimeout"))) >= 6 * timeout);
    JsonNode dead = template.resource("TicketDeadLetterQueue").field("Properties").orElseThrow();
    assertEquals("true", text(at(dead, "FifoQueue")));
    assertEquals("1209600", text(at(dead, "MessageRetentionPeriod")));
    assertEquals(key(parameters).toString(), text(at(dead, "KmsMasterKeyId")));
    assertEquals(
        1,
        alarms(
                template,
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                getAtt("TicketDeadLetterQueue", "QueueName"))
            .size(),
        "findings that could not be ticketed");
    // The queue's one consumer: the tickets function, reporting partial batch failures, only while
    // tickets are on.
    List<String> mappings =
        template.ofType("AWS::Lambda::EventSourceMapping").stream()
            .filter(
                id ->
                    text(at(template.resource(id), "Properties", "EventSourceArn"))
                        .equals(getAtt("TicketQueue", "Arn").toString()))
            .toList();
    assertEquals(List.of("TicketsFunctionTicketQueue"), mappings);
    JsonNode mapping = template.resource(mappings.get(0)).field("Properties").orElseThrow();
    assertEquals(ref("TicketsFunction").toString(), text(at(mapping, "FunctionName")));
    assertEquals(json("[\"ReportBatchItemFailures\"]"), text(at(mapping, "FunctionResponseTypes")));
    // The rule functions send to it, and only with tickets on; they hold no right on the ledger or
    // a sink.
    for (String role : List.of("EncryptionRole", "StripPersonalDataRole")) {
      List<JsonNode> sends =
          template.roleStatements(role).stream()
              .filter(
                  s -> text(s.field("Resource")).equals(getAtt("TicketQueue", "Arn").toString()))
              .toList();
      assertEquals(template.condition("TicketsOn") ? 1 : 0, sends.size(), role);
      sends.forEach(s -> assertEquals(json("\"sqs:SendMessage\""), text(s.field("Action")), role));
      assertTrue(
          template.actions(role).stream()
              .noneMatch(
                  a ->
                      a.startsWith("dynamodb:")
                          || a.startsWith("ssm:")
                          || a.startsWith("securityhub:")
                          || a.startsWith("sns:")),
          role);
    }
  }

  private static List<String> alarms(
      TranslatedTemplate template, String namespace, String metric, JsonNode dimensionValue) {
    List<String> found = new ArrayList<>();
    for (String alarm : template.ofType("AWS::CloudWatch::Alarm")) {
      JsonNode properties = template.resource(alarm).field("Properties").orElseThrow();
      boolean matches =
          text(properties.field("Namespace")).equals(json("\"" + namespace + "\""))
              && text(properties.field("MetricName")).equals(json("\"" + metric + "\""))
              && properties.field("Dimensions").map(JsonNode::asArray).orElse(List.of()).stream()
                  .anyMatch(d -> text(d.field("Value")).equals(dimensionValue.toString()));
      if (matches) {
        found.add(alarm);
      }
    }
    return found;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyRole_shouldHoldExactlyTheDeclaredActions(String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    assertEquals(ROLES, template.ofType("AWS::IAM::Role"), "SAM created no role");
    TemplatePolicies declared = TemplatePolicies.ofProject();
    for (String role : ROLES) {
      JsonNode properties = template.resource(role).field("Properties").orElseThrow();
      assertFalse(
          properties.field("ManagedPolicyArns").isPresent(), role + " has managed policies");
      assertEquals(declared.actions(role, template.conditions()), template.actions(role), role);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyReference_shouldNameAResourceThatExists(String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    Set<String> missing = new TreeSet<>();
    Stream.concat(template.resources().values().stream(), template.outputs().values().stream())
        .forEach(node -> collectReferences(node, missing));
    missing.removeIf(id -> id.startsWith("AWS::") || template.resources().containsKey(id));
    assertEquals(Set.of(), missing);
  }

  private static void collectReferences(JsonNode node, Set<String> ids) {
    if (node.isObject()) {
      node.asObject()
          .forEach(
              (field, value) -> {
                if (field.equals("Ref") && value.isString()) {
                  ids.add(value.asString());
                } else if (field.equals("Fn::GetAtt") && value.isArray()) {
                  ids.add(value.asArray().get(0).asString());
                } else if (field.equals("Fn::Sub") && (value.isString() || value.isArray())) {
                  String pattern = (value.isString() ? value : value.asArray().get(0)).asString();
                  var matcher =
                      java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9:]+)[.}]").matcher(pattern);
                  while (matcher.find()) {
                    ids.add(matcher.group(1));
                  }
                  if (value.isArray()) {
                    collectReferences(value.asArray().get(1), ids);
                  }
                } else {
                  collectReferences(value, ids);
                }
              });
    } else if (node.isArray()) {
      node.asArray().forEach(item -> collectReferences(item, ids));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyQueueTopicSecretLogGroupAndTrail_shouldBeOnTheStacksKey(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    String key = key(parameters).toString();
    Map<String, String> keyProperty =
        Map.of(
            "AWS::SQS::Queue",
            "KmsMasterKeyId",
            "AWS::SNS::Topic",
            "KmsMasterKeyId",
            "AWS::SecretsManager::Secret",
            "KmsKeyId",
            "AWS::Logs::LogGroup",
            "KmsKeyId",
            "AWS::CloudTrail::Trail",
            "KMSKeyId");
    keyProperty.forEach(
        (type, property) -> {
          for (String id : template.ofType(type)) {
            assertEquals(
                key, text(at(template.resource(id), "Properties", property)), id + " " + property);
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyQueueAndTopic_shouldRefuseRequestsWithoutTls(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    checkDeniesPlainTransport(
        template, "AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "Queues", "sqs:SendMessage");
    checkDeniesPlainTransport(
        template, "AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "Topics", "sns:Publish");
  }

  private static void checkDeniesPlainTransport(
      TranslatedTemplate template, String type, String policyType, String targets, String action) {
    for (String id : template.ofType(type)) {
      boolean denied = false;
      for (String policy : template.ofType(policyType)) {
        JsonNode properties = template.resource(policy).field("Properties").orElseThrow();
        if (!list(properties.field(targets).orElseThrow()).stream()
            .anyMatch(t -> t.toString().equals(ref(id).toString()))) {
          continue;
        }
        for (JsonNode statement :
            list(at(properties, "PolicyDocument", "Statement").orElseThrow())) {
          denied |=
              text(statement.field("Effect")).equals(json("\"Deny\""))
                  && text(statement.field("Principal")).equals(json("\"*\""))
                  && list(statement.field("Action").orElseThrow()).stream()
                      .map(JsonNode::asString)
                      .anyMatch(
                          a ->
                              a.equalsIgnoreCase(action)
                                  || a.equalsIgnoreCase(action.split(":")[0] + ":*"))
                  && text(at(statement, "Condition", "Bool", "aws:SecureTransport"))
                      .equals(json("\"false\""));
        }
      }
      assertTrue(denied, id + " refuses " + action + " without TLS");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void deadLetterQueuePolicy_shouldLetOnlyTheStacksRulesSend(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    Set<String> rules =
        template.ofType("AWS::Events::Rule").stream()
            .map(rule -> getAtt(rule, "Arn").toString())
            .collect(Collectors.toCollection(TreeSet::new));
    JsonNode policy = template.resource("DeadLetterQueuePolicy");
    List<JsonNode> allows =
        list(at(policy, "Properties", "PolicyDocument", "Statement").orElseThrow()).stream()
            .filter(s -> text(s.field("Effect")).equals(json("\"Allow\"")))
            .toList();
    assertEquals(1, allows.size(), "one statement allows: EventBridge's");
    JsonNode allow = allows.get(0);
    assertEquals(json("{\"Service\":\"events.amazonaws.com\"}"), text(allow.field("Principal")));
    Set<String> sources =
        list(
                at(allow, "Condition", "ArnEquals", "aws:SourceArn")
                    .orElseThrow(() -> new AssertionError("no ArnEquals aws:SourceArn: " + allow)))
            .stream()
            .map(JsonNode::toString)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(rules, sources);
    assertFalse(allow.toString().contains("rule/*"), allow.toString());
  }

  /** Whether the action pattern covers kms:Decrypt. */
  private static final Predicate<String> DECRYPTS =
      a ->
          a.equals("*")
              || a.equals("kms:*")
              || a.equals("kms:Decrypt")
              || a.equals("kms:Decrypt*")
              || a.equals("kms:ReEncrypt*")
              || a.equals("kms:ReEncryptFrom");

  private static List<JsonNode> keyStatements(TranslatedTemplate template) {
    return list(
        at(template.resource("ServiceKey"), "Properties", "KeyPolicy", "Statement").orElseThrow());
  }

  private static boolean allowsDecrypt(JsonNode statement) {
    return text(statement.field("Effect")).equals(json("\"Allow\""))
        && list(statement.field("Action").orElseThrow()).stream()
            .map(JsonNode::asString)
            .anyMatch(DECRYPTS);
  }

  /** Whether the action pattern covers kms:CreateGrant: a grant can carry Decrypt. */
  private static final Predicate<String> GRANTS =
      a ->
          a.equals("*")
              || a.equals("kms:*")
              || a.equals("kms:CreateGrant")
              || a.equals("kms:Create*");

  private static String lambda() {
    return json("{\"Fn::Sub\":\"lambda.${AWS::Region}.amazonaws.com\"}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void serviceKey_shouldLetNoPrincipalOfTheAccountDecryptThroughLambdaUnlessNamed(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    if (!template.condition("CreateServiceKey")) {
      assertEquals(Set.of(), template.ofType("AWS::KMS::Key"));
      return;
    }
    String account =
        json("{\"AWS\":{\"Fn::Sub\":\"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}}");
    for (JsonNode statement : keyStatements(template)) {
      boolean createsGrants =
          text(statement.field("Effect")).equals(json("\"Allow\""))
              && list(statement.field("Action").orElseThrow()).stream()
                  .map(JsonNode::asString)
                  .anyMatch(GRANTS);
      if (createsGrants) {
        // Lambda creates grants for its own use only; anywhere else a grant could give its creator
        // Decrypt.
        assertEquals(
            lambda(),
            text(at(statement, "Condition", "StringEquals", "kms:ViaService")),
            "grants: " + statement);
      }
      if (!allowsDecrypt(statement)) {
        continue;
      }
      String principal = text(statement.field("Principal"));
      boolean wholeAccount =
          principal.equals(json("\"*\""))
              || principal.equals(json("{\"AWS\":\"*\"}"))
              || principal.equals(account);
      if (!wholeAccount) {
        assertTrue(
            statement.field("Principal").orElseThrow().field("Service").isPresent(),
            "decrypt for a service principal, or through this account's IAM, only: " + statement);
        continue;
      }
      assertEquals(account, principal, "decrypt only through IAM of this account: " + statement);
      Optional<JsonNode> principals = at(statement, "Condition", "ArnLike", "aws:PrincipalArn");
      Optional<JsonNode> via = at(statement, "Condition", "StringEquals", "kms:ViaService");
      assertTrue(
          via.isPresent(), "decrypt for the whole account, through any service: " + statement);
      boolean throughLambda = list(via.get()).stream().anyMatch(v -> v.toString().equals(lambda()));
      assertTrue(
          !throughLambda || principals.isPresent(),
          "every principal of the account may decrypt function variables through Lambda: "
              + statement);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void serviceKey_shouldLetTheStacksRolesAndTheNamedReadersReadVariables(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    if (!template.condition("CreateServiceKey")) {
      return;
    }
    Set<String> readers = new TreeSet<>();
    for (JsonNode statement : keyStatements(template)) {
      boolean throughLambda =
          at(statement, "Condition", "StringEquals", "kms:ViaService")
              .map(v -> v.toString().equals(lambda()))
              .orElse(false);
      if (allowsDecrypt(statement) && throughLambda) {
        at(statement, "Condition", "ArnLike", "aws:PrincipalArn")
            .ifPresent(p -> list(p).forEach(r -> readers.add(r.toString())));
      }
    }
    Set<String> expected = new TreeSet<>();
    for (String role : ROLES) {
      String path =
          at(template.resource(role), "Properties", "Path")
              .flatMap(p -> p.field("Fn::Sub"))
              .orElseThrow(() -> new AssertionError(role + " has no stack path"))
              .asString();
      expected.add(
          json("{\"Fn::Sub\":\"arn:${AWS::Partition}:iam::${AWS::AccountId}:role" + path + "*\"}"));
    }
    if (parameters.containsKey("VariableReaderArns")) {
      for (String reader : parameters.get("VariableReaderArns").split(",")) {
        expected.add(json("\"" + reader + "\""));
      }
    }
    assertEquals(expected, readers);
    // Deployments keep working: anyone in the account may still encrypt and create grants through
    // Lambda.
    boolean encryptsForAccount =
        keyStatements(template).stream()
            .anyMatch(
                s ->
                    text(s.field("Principal")).equals(json("{\"AWS\":\"*\"}"))
                        && at(s, "Condition", "StringEquals", "kms:ViaService")
                            .map(v -> v.toString().equals(lambda()))
                            .orElse(false)
                        && at(s, "Condition", "StringEquals", "kms:CallerAccount").isPresent()
                        && list(s.field("Action").orElseThrow()).stream()
                            .map(JsonNode::asString)
                            .collect(Collectors.toSet())
                            .containsAll(Set.of("kms:Encrypt", "kms:CreateGrant")));
    assertTrue(encryptsForAccount, "Encrypt and CreateGrant through Lambda for the account");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void serviceKey_shouldLetEventBridgeCloudWatchLogsAndCloudTrailUseItForTheirStores(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    if (!template.condition("CreateServiceKey")) {
      return;
    }
    Map<String, Set<String>> services =
        Map.of(
            "events.amazonaws.com", Set.of("kms:Decrypt", "kms:GenerateDataKey"),
            "cloudwatch.amazonaws.com", Set.of("kms:Decrypt", "kms:GenerateDataKey*"),
            "{\"Fn::Sub\":\"logs.${AWS::Region}.amazonaws.com\"}",
                Set.of("kms:Decrypt*", "kms:GenerateDataKey*"),
            "cloudtrail.amazonaws.com", Set.of("kms:GenerateDataKey*"));
    services.forEach(
        (service, actions) -> {
          String principal =
              json(
                  "{\"Service\":"
                      + (service.startsWith("{") ? service : "\"" + service + "\"")
                      + "}");
          boolean granted =
              keyStatements(template).stream()
                  .anyMatch(
                      s ->
                          text(s.field("Principal")).equals(principal)
                              && list(s.field("Action").orElseThrow()).stream()
                                  .map(JsonNode::asString)
                                  .collect(Collectors.toSet())
                                  .containsAll(actions));
          assertTrue(granted, service + " may use the key: " + actions);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void rolesThatWriteOrReadEncryptedStores_shouldBeAllowedTheKey(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    JsonNode key = key(parameters);
    for (String role : ROLES) {
      for (JsonNode queue :
          List.of(getAtt("DeadLetterQueue", "Arn"), getAtt("TicketQueue", "Arn"))) {
        if (grants(template, role, "sqs:SendMessage", queue)) {
          assertTrue(
              grants(template, role, "kms:GenerateDataKey", key)
                  && grants(template, role, "kms:Decrypt", key),
              role + " sends to the encrypted queue");
        }
        if (grants(template, role, "sqs:ReceiveMessage", queue)) {
          assertTrue(
              grants(template, role, "kms:Decrypt", key),
              role + " receives from the encrypted queue");
        }
      }
      if (!role.equals("TicketsRole")) {
        continue; // raises no ticket: the tickets function raises them all
      }
      if (template.condition("TicketsToSns")) {
        assertTrue(grants(template, role, "sns:Publish", ref("TicketTopic")), role);
        assertTrue(
            grants(template, role, "kms:GenerateDataKey", key)
                && grants(template, role, "kms:Decrypt", key),
            role + " publishes to the encrypted topic");
      }
      if (template.condition("TicketsToJira")) {
        assertTrue(
            grants(template, role, "secretsmanager:GetSecretValue", ref("JiraSecret")), role);
        assertTrue(
            grants(template, role, "kms:Decrypt", key), role + " reads the encrypted secret");
      }
    }
  }

  private static boolean grants(
      TranslatedTemplate template, String role, String action, JsonNode resource) {
    return template.roleStatements(role).stream()
        .anyMatch(
            s ->
                text(s.field("Effect")).equals(json("\"Allow\""))
                    && list(s.field("Action").orElseThrow()).stream()
                        .anyMatch(a -> a.asString().equals(action))
                    && list(s.field("Resource").orElseThrow()).stream()
                        .anyMatch(r -> r.toString().equals(resource.toString())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyStatefulResource_shouldSayWhatHappensToItsDataOnDeleteAndReplace(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    for (String type :
        List.of(
            "AWS::Logs::LogGroup",
            "AWS::SQS::Queue",
            "AWS::DynamoDB::Table",
            "AWS::SecretsManager::Secret",
            "AWS::KMS::Key",
            "AWS::S3::Bucket")) {
      for (String id : template.ofType(type)) {
        JsonNode resource = template.resource(id);
        assertTrue(resource.field("DeletionPolicy").isPresent(), id + " DeletionPolicy");
        assertTrue(resource.field("UpdateReplacePolicy").isPresent(), id + " UpdateReplacePolicy");
      }
    }
  }

  /** The metric lines of a dashboard widget, after substitution. */
  private static List<List<JsonNode>> widgetMetrics(JsonNode widget) {
    return at(widget, "properties", "metrics").map(JsonNode::asArray).orElse(List.of()).stream()
        .map(JsonNode::asArray)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void dashboard_shouldBeValidJsonAfterSubstitution_andNameThisStacksFunctionsAndQueues(
      String name, Map<String, String> parameters) {
    TranslatedTemplate template = template(parameters);
    JsonNode properties = template.resource("Dashboard").field("Properties").orElseThrow();
    assertEquals(
        "lambdaguard-eu-west-1",
        template.substitute(properties.field("DashboardName").orElseThrow()),
        "dashboards are global: named after the stack and its region");

    JsonNode body =
        JsonNode.parser()
            .parse(template.substitute(properties.field("DashboardBody").orElseThrow()));

    Set<String> queues = new TreeSet<>();
    Set<String> functions = new TreeSet<>();
    Set<String> serviceFunctions = new TreeSet<>();
    for (JsonNode widget : body.field("widgets").orElseThrow().asArray()) {
      if (!"metric".equals(widget.field("type").orElseThrow().asString())) {
        continue;
      }
      String title = at(widget, "properties", "title").orElseThrow().asString();
      assertEquals("eu-west-1", at(widget, "properties", "region").orElseThrow().asString(), title);
      Set<String> ids = new TreeSet<>();
      List<String> expressions = new ArrayList<>();
      for (List<JsonNode> metric : widgetMetrics(widget)) {
        JsonNode last = metric.get(metric.size() - 1);
        if (last.isObject()) {
          last.field("id").ifPresent(id -> ids.add(id.asString()));
          last.field("expression").ifPresent(expression -> expressions.add(expression.asString()));
        }
        if (metric.get(0).isString()) {
          String namespace = metric.get(0).asString();
          String dimension = metric.get(2).asString();
          String value = metric.get(3).asString();
          switch (namespace) {
            case "AWS/SQS" -> queues.add(value);
            case "AWS/Lambda" -> functions.add(value);
            case "lambdaguard" -> serviceFunctions.add(value);
            default -> throw new AssertionError(title + ": unexpected namespace " + namespace);
          }
          assertTrue(
              Set.of("QueueName", "FunctionName", "function").contains(dimension),
              title + ": " + dimension);
        }
      }
      for (String expression : expressions) {
        // Metric math names other lines by id: each must exist (SEARCH expressions name none).
        java.util.regex.Matcher names =
            java.util.regex.Pattern.compile("\\b([a-z][A-Za-z0-9_]*)\\b")
                .matcher(expression.replaceAll("SEARCH\\('[^']*'[^)]*\\)", ""));
        while (names.find()) {
          String id = names.group(1);
          assertTrue(
              ids.contains(id),
              title + ": " + expression + " names " + id + ", which no line of the widget has");
        }
      }
    }
    assertEquals(
        Set.of(
            "<DeadLetterQueue.QueueName>",
            "<EncryptionSweepQueue.QueueName>",
            "<StripPersonalDataSweepQueue.QueueName>",
            "<TicketQueue.QueueName>",
            "<TicketDeadLetterQueue.QueueName>"),
        queues,
        "the dead letters, both sweep queues, the tickets queue and its dead letters");
    assertEquals(
        Set.of(
            "<EncryptionFunction>",
            "<StripPersonalDataFunction>",
            "<TicketsFunction>",
            "<SweepFunction>"),
        functions);
    assertEquals(
        Set.of("<EncryptionFunction>", "<StripPersonalDataFunction>", "sweep"),
        serviceFunctions,
        "the rule functions' metrics by their names, the sweep's by its constant");
  }
}
