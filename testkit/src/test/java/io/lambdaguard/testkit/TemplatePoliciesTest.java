package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a role's grants per stack parameters, in the template's short form and in
 * CloudFormation's long form.
 */
class TemplatePoliciesTest {
  private static final String YAML =
      """
      Parameters:
        TicketSink: {Type: String, Default: opscenter}
        Extra: {Type: String, Default: "off"}
        KeyArn: {Type: String, AllowedPattern: "^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$"}
      Conditions:
        TicketsOn: !Not [!Equals [!Ref TicketSink, none]]
        ToSns: !Equals [!Ref TicketSink, sns]
        SnsAndExtra: !And [!Condition ToSns, !Equals [!Ref Extra, "on"]]
      Resources:
        Topic: {Type: AWS::SNS::Topic}
        Table: {Type: AWS::DynamoDB::Table}
        Role:
          Type: AWS::IAM::Role
          Properties:
            Policies:
              - PolicyName: p
                PolicyDocument:
                  Statement:
                    - Sid: Read
                      Effect: Allow
                      Action: [lambda:GetFunction]
                      Resource: !Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*"
                    - !If [TicketsOn, {Sid: Ledger, Effect: Allow, Action: dynamodb:PutItem, Resource: !GetAtt Table.Arn}, !Ref AWS::NoValue]
                    - !If [ToSns, {Sid: Sns, Effect: Allow, Action: sns:Publish, Resource: !Ref Topic}, !Ref AWS::NoValue]
                    - !If [SnsAndExtra, {Sid: Extra, Effect: Allow, Action: sns:ListTopics, Resource: "*"}, !Ref AWS::NoValue]
      """;

  private static final String JSON =
      """
      {"Parameters": {"TicketSink": {"Type": "String", "Default": "opscenter"}},
       "Conditions": {"ToSns": {"Fn::Equals": [{"Ref": "TicketSink"}, "sns"]}},
       "Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyName": "p",
         "PolicyDocument": {"Statement": [
           {"Fn::If": ["ToSns", {"Sid": "Sns", "Effect": "Allow", "Action": "sns:Publish", "Resource": {"Ref": "Topic"}},
                       {"Ref": "AWS::NoValue"}]}]}}]}}}}
      """;

  @TempDir Path directory;

  private TemplatePolicies template(String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, text);
    return TemplatePolicies.of(file);
  }

  @Test
  void grants_shouldFollowTheConditionsEvaluatedFromTheParameters() throws IOException {
    TemplatePolicies template = template("template.yaml", YAML);

    assertEquals(
        Set.of("lambda:GetFunction", "dynamodb:PutItem"),
        template.grantedActions("Role", Map.of()));
    assertEquals(
        Set.of("lambda:GetFunction", "dynamodb:PutItem", "sns:Publish"),
        template.grantedActions("Role", Map.of("TicketSink", "sns")));
    assertEquals(
        Set.of("lambda:GetFunction", "dynamodb:PutItem", "sns:Publish", "sns:ListTopics"),
        template.grantedActions("Role", Map.of("TicketSink", "sns", "Extra", "on")));
    assertEquals(
        Set.of("lambda:GetFunction"),
        template.grantedActions("Role", Map.of("TicketSink", "none")));
    // unresolved, every branch counts
    assertEquals(
        Set.of("lambda:GetFunction", "dynamodb:PutItem", "sns:Publish", "sns:ListTopics"),
        template.actions("Role"));
  }

  @Test
  void longFormTemplate_shouldReadAsTheShortForm() throws IOException {
    TemplatePolicies template = template("template.json", JSON);

    assertEquals(
        Set.of("sns:Publish"), template.grantedActions("Role", Map.of("TicketSink", "sns")));
    assertEquals(Set.of(), template.grantedActions("Role", Map.of()));
  }

  @Test
  void unknownParameter_shouldFailInsteadOfGuessing() throws IOException {
    TemplatePolicies template =
        template("template.yaml", YAML.replace("!Ref TicketSink, sns", "!Ref Sink, sns"));

    assertThrows(
        IllegalArgumentException.class,
        () -> template.grantedActions("Role", Map.of("TicketSink", "sns")));
  }

  @Test
  void resources_shouldBeScopedUnlessTheActionHasNoResourceLevelPermissions() throws IOException {
    List<TemplatePolicies.Statement> statements =
        template("template.yaml", YAML)
            .statements("Role", Map.of("TicketSink", "sns", "Extra", "on"));

    TemplatePolicies template = template("template.yaml", YAML);
    assertEquals(
        List.of("Extra: sns:ListTopics on *"), LeastPrivilege.unscoped(template, statements));
    assertFalse(unscoped(template, "ssm:CreateOpsItem", "*"));
    assertFalse(unscoped(template, "kms:Decrypt", Map.of("Ref", "KeyArn")));
    assertTrue(unscoped(template, "sns:Publish", Map.of("Ref", "KeyArn")));
    assertTrue(unscoped(template, "sns:Publish", Map.of("Fn::GetAtt", List.of("Table", "Arn"))));
    assertTrue(unscoped(template, "sns:Publish", Map.of("Ref", "Unknown")));
    assertTrue(
        unscoped(
            template,
            "lambda:GetFunction",
            Map.of("Fn::Sub", "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*")));
    assertTrue(
        unscoped(
            template,
            "lambda:GetFunction",
            Map.of("Fn::Sub", "arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:*")));
  }

  private static boolean unscoped(TemplatePolicies template, String action, Object resource) {
    return !LeastPrivilege.unscoped(
            template, List.of(new TemplatePolicies.Statement("S", Set.of(action), resource)))
        .isEmpty();
  }
}
