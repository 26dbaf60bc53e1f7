package io.lambdaguard.encryption;

import io.lambdaguard.testkit.ApiCall;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The CloudTrail events, as EventBridge delivers them, that the service's own writes cause: what
 * AWS records when the encryption function's role calls Lambda or CloudWatch Logs. Used to prove
 * that replaying them changes nothing.
 */
final class SelfCausedEvents {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";

  /** Lambda names a function's role session after the function. */
  static final String SESSION = "lambdaguard-EncryptionFunction-Xy12Ab34Cd56";

  private SelfCausedEvents() {}

  /** What the fix needs to know that the call log does not carry. */
  record Fix(
      String functionArn, String keyArn, String logGroup, int retentionDays, String roleArn) {}

  /** The event CloudTrail records for one write the service made, by the role that made it. */
  static String causedBy(ApiCall call, Fix fix) {
    return switch (call.service() + ":" + call.operation()) {
      case "lambda:UpdateFunctionConfiguration" ->
          updateFunctionConfiguration(fix.functionArn(), fix.keyArn(), fix.roleArn());
      case "logs:AssociateKmsKey" ->
          logs(
              "AssociateKmsKey",
              Map.of("logGroupName", fix.logGroup(), "kmsKeyId", fix.keyArn()),
              fix.roleArn());
      case "logs:CreateLogGroup" ->
          logs(
              "CreateLogGroup",
              Map.of("logGroupName", fix.logGroup(), "kmsKeyId", fix.keyArn()),
              fix.roleArn());
      case "logs:PutRetentionPolicy" ->
          logs(
              "PutRetentionPolicy",
              Map.of("logGroupName", fix.logGroup(), "retentionInDays", fix.retentionDays()),
              fix.roleArn());
      default -> throw new IllegalArgumentException("no event known for the write " + call);
    };
  }

  /**
   * {@code UpdateFunctionConfiguration20150331v2} setting the key, as CloudTrail records it for a
   * role session.
   */
  static String updateFunctionConfiguration(String functionArn, String keyArn, String roleArn) {
    String name = functionArn.substring(functionArn.lastIndexOf(':') + 1);
    JsonWriter json = envelopeStart("aws.lambda");
    detailStart(json, roleArn, "lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2");
    json.writeFieldName("requestParameters").writeStartObject();
    json.writeFieldName("functionName").writeValue(functionArn);
    json.writeFieldName("kMSKeyArn").writeValue(keyArn);
    json.writeFieldName("revisionId").writeValue(UUID.randomUUID().toString());
    json.writeEndObject();
    json.writeFieldName("responseElements").writeStartObject();
    json.writeFieldName("functionName").writeValue(name);
    json.writeFieldName("functionArn").writeValue(functionArn);
    json.writeFieldName("runtime").writeValue("java21");
    json.writeFieldName("role").writeValue("arn:aws:iam::" + ACCOUNT + ":role/" + name + "-role");
    json.writeFieldName("handler").writeValue("com.example.Handler::handleRequest");
    json.writeFieldName("description").writeValue("");
    json.writeFieldName("timeout").writeValue(3);
    json.writeFieldName("memorySize").writeValue(128);
    json.writeFieldName("version").writeValue("$LATEST");
    json.writeFieldName("revisionId").writeValue(UUID.randomUUID().toString());
    json.writeFieldName("state").writeValue("Active");
    json.writeFieldName("environment").writeStartObject().writeEndObject();
    json.writeFieldName("kMSKeyArn").writeValue(keyArn);
    json.writeFieldName("loggingConfig")
        .writeStartObject()
        .writeFieldName("logFormat")
        .writeValue("Text")
        .writeFieldName("logGroup")
        .writeValue("/aws/lambda/" + name)
        .writeEndObject();
    json.writeFieldName("lastUpdateStatus").writeValue("InProgress");
    json.writeEndObject();
    return detailEnd(json);
  }

  /**
   * A CloudWatch Logs call by the role: source {@code aws.logs}, no response elements (as Logs
   * records writes).
   */
  static String logs(String eventName, Map<String, Object> requestParameters, String roleArn) {
    JsonWriter json = envelopeStart("aws.logs");
    detailStart(json, roleArn, "logs.amazonaws.com", eventName);
    json.writeFieldName("requestParameters").writeStartObject();
    requestParameters.forEach(
        (key, value) -> {
          json.writeFieldName(key);
          if (value instanceof Integer number) {
            json.writeValue(number);
          } else {
            json.writeValue(value.toString());
          }
        });
    json.writeEndObject();
    json.writeFieldName("responseElements").writeNull();
    return detailEnd(json);
  }

  private static JsonWriter envelopeStart(String source) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("version").writeValue("0");
    json.writeFieldName("id").writeValue(UUID.randomUUID().toString());
    json.writeFieldName("detail-type").writeValue("AWS API Call via CloudTrail");
    json.writeFieldName("source").writeValue(source);
    json.writeFieldName("account").writeValue(ACCOUNT);
    json.writeFieldName("time").writeValue("2026-11-27T10:00:07Z");
    json.writeFieldName("region").writeValue(REGION);
    json.writeFieldName("resources").writeStartArray().writeEndArray();
    return json;
  }

  private static void detailStart(
      JsonWriter json, String roleArn, String eventSource, String eventName) {
    String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    json.writeFieldName("detail").writeStartObject();
    json.writeFieldName("eventVersion").writeValue("1.09");
    json.writeFieldName("userIdentity").writeStartObject();
    json.writeFieldName("type").writeValue("AssumedRole");
    json.writeFieldName("principalId").writeValue("AROAEXAMPLESERVICEROLE:" + SESSION);
    json.writeFieldName("arn")
        .writeValue("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleName + "/" + SESSION);
    json.writeFieldName("accountId").writeValue(ACCOUNT);
    json.writeFieldName("accessKeyId").writeValue("ASIAEXAMPLESERVICEKEY");
    json.writeFieldName("sessionContext").writeStartObject();
    json.writeFieldName("sessionIssuer")
        .writeStartObject()
        .writeFieldName("type")
        .writeValue("Role")
        .writeFieldName("principalId")
        .writeValue("AROAEXAMPLESERVICEROLE")
        .writeFieldName("arn")
        .writeValue(roleArn)
        .writeFieldName("accountId")
        .writeValue(ACCOUNT)
        .writeFieldName("userName")
        .writeValue(roleName)
        .writeEndObject();
    json.writeFieldName("attributes")
        .writeStartObject()
        .writeFieldName("creationDate")
        .writeValue("2026-11-27T10:00:05Z")
        .writeFieldName("mfaAuthenticated")
        .writeValue("false")
        .writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
    json.writeFieldName("eventTime").writeValue("2026-11-27T10:00:06Z");
    json.writeFieldName("eventSource").writeValue(eventSource);
    json.writeFieldName("eventName").writeValue(eventName);
    json.writeFieldName("awsRegion").writeValue(REGION);
    json.writeFieldName("sourceIPAddress").writeValue("198.51.100.23");
    json.writeFieldName("userAgent")
        .writeValue(
            "aws-sdk-java/2.57.8 md/io#sync ua/2.1 os/Linux lang/java#25.0.1 exec-env/AWS_Lambda_java25 cfg/retry-mode#standard");
  }

  private static String detailEnd(JsonWriter json) {
    json.writeFieldName("requestID").writeValue(UUID.randomUUID().toString());
    json.writeFieldName("eventID").writeValue(UUID.randomUUID().toString());
    json.writeFieldName("readOnly").writeValue(false);
    json.writeFieldName("eventType").writeValue("AwsApiCall");
    json.writeFieldName("managementEvent").writeValue(true);
    json.writeFieldName("recipientAccountId").writeValue(ACCOUNT);
    json.writeFieldName("eventCategory").writeValue("Management");
    json.writeEndObject();
    json.writeEndObject();
    return new String(json.getBytes(), StandardCharsets.UTF_8);
  }
}
