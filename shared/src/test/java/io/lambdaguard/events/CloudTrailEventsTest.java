package io.lambdaguard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.events.InvalidEventException.Reason;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudTrailEventsTest {
  private static final String CREATE = "lambda/create_function_without_key.json";
  private static final String XRAY = "xray/put_encryption_config.json";

  static Stream<Path> recordedEvents() {
    return RecordedEvents.all().stream();
  }

  @ParameterizedTest
  @MethodSource("recordedEvents")
  void everyRecordedEvent_shouldParseIntoAKnownOperationWithATarget(Path file) throws Exception {
    // given
    String json = Files.readString(file);
    // when
    CloudTrailEvent event = CloudTrailEvents.parse(json);
    // then
    assertEquals("123456789012", event.account());
    assertEquals("us-east-1", event.region());
    assertFalse(event.eventId().isBlank());
    if (event.operation().accountLevel()) {
      assertTrue(event.function().isEmpty(), "an account-level event names no function");
    } else {
      assertTrue(event.function().isPresent(), "every recorded Lambda event names its function");
      assertTrue(
          event
              .functionArn()
              .orElseThrow()
              .startsWith("arn:aws:lambda:us-east-1:123456789012:function:"));
    }
    assertTrue(event.time().isAfter(Instant.parse("2020-01-01T00:00:00Z")));
  }

  @Test
  void xrayPutEncryptionConfig_shouldBeAnAccountLevelOperationWithoutFunction() {
    // when
    CloudTrailEvent event = CloudTrailEvents.parse(RecordedEvents.read(XRAY));
    // then
    assertEquals(LambdaOperation.PUT_ENCRYPTION_CONFIG, event.operation());
    assertTrue(event.operation().accountLevel());
    assertEquals(Optional.empty(), event.function());
    assertFalse(event.failed());
    assertEquals(
        Optional.of("arn:aws:iam::123456789012:role/PlatformAdmin"), event.actor().roleArn());
    assertEquals("9a4c6e8b-2d1f-4b3a-a5c7-e9f1b3d5a7c2", event.eventId());
  }

  @Test
  void xrayEventNamingAFunction_shouldStillNameNone() {
    String json =
        RecordedEvents.read(XRAY)
            .replace("\"keyId\": \"alias/platform-traces\"", "\"functionName\": \"orders-api\"");
    assertEquals(Optional.empty(), CloudTrailEvents.parse(json).function());
  }

  @Test
  void otherXRayCall_shouldBeOther() {
    String json =
        RecordedEvents.read(XRAY).replace("\"PutEncryptionConfig\"", "\"GetEncryptionConfig\"");
    assertEquals(LambdaOperation.OTHER, CloudTrailEvents.parse(json).operation());
  }

  @Test
  void lambdaEventNamedPutEncryptionConfig_shouldNotPassForXRays() {
    // A Lambda event cannot pose as X-Ray's change, nor as the sweep.
    for (String name : List.of("PutEncryptionConfig", "SweepAccount", "Sweep")) {
      String json = RecordedEvents.read(CREATE).replace("CreateFunction20150331", name);
      assertEquals(LambdaOperation.OTHER, CloudTrailEvents.parse(json).operation(), name);
    }
  }

  @Test
  void sourceAndEventSourceOfDifferentServices_shouldBeRefused() {
    String xrayWithLambdaSource =
        RecordedEvents.read(XRAY).replace("\"xray.amazonaws.com\"", "\"lambda.amazonaws.com\"");
    String lambdaWithXRaySource =
        RecordedEvents.read(CREATE)
            .replace("\"source\": \"aws.lambda\"", "\"source\": \"aws.xray\"");
    for (String json : List.of(xrayWithLambdaSource, lambdaWithXRaySource)) {
      InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> CloudTrailEvents.parse(json));
      assertEquals(Reason.WRONG_SOURCE, e.reason());
      assertEquals("detail.eventSource", e.field());
    }
  }

  static Stream<Arguments> expectations() {
    return Stream.of(
        Arguments.of(
            "lambda/create_function_without_key.json",
            LambdaOperation.CREATE_FUNCTION,
            "orders-api",
            false,
            "arn:aws:iam::123456789012:role/DeployRole"),
        Arguments.of(
            "lambda/create_function_with_customer_key.json",
            LambdaOperation.CREATE_FUNCTION,
            "billing-worker",
            false,
            null),
        Arguments.of(
            "lambda/create_function_without_environment.json",
            LambdaOperation.CREATE_FUNCTION,
            "thumbnailer",
            false,
            "arn:aws:iam::123456789012:role/DeployRole"),
        Arguments.of(
            "lambda/update_function_configuration_removed_key.json",
            LambdaOperation.UPDATE_FUNCTION_CONFIGURATION,
            "inventory-sync",
            false,
            "arn:aws:iam::123456789012:role/DeployRole"),
        Arguments.of(
            "lambda/create_function_failed.json",
            LambdaOperation.CREATE_FUNCTION,
            "legacy-report",
            true,
            "arn:aws:iam::123456789012:role/DeployRole"),
        Arguments.of(
            "lambda/update_function_configuration_by_lambdaguard.json",
            LambdaOperation.UPDATE_FUNCTION_CONFIGURATION,
            "orders-api",
            false,
            "arn:aws:iam::123456789012:role/EncryptionRole"),
        Arguments.of(
            "lambda/update_function_configuration_memory_compliant.json",
            LambdaOperation.UPDATE_FUNCTION_CONFIGURATION,
            "search-indexer",
            false,
            null),
        Arguments.of(
            "lambda/update_function_configuration_custom_log_group.json",
            LambdaOperation.UPDATE_FUNCTION_CONFIGURATION,
            "orders-api",
            false,
            "arn:aws:iam::123456789012:role/DeployRole"),
        Arguments.of(
            "lambda/publish_version_on_aws_managed_key.json",
            LambdaOperation.PUBLISH_VERSION,
            "invoice-mailer",
            false,
            "arn:aws:iam::123456789012:role/DeployRole"));
  }

  @ParameterizedTest
  @MethodSource("expectations")
  void recordedEvent_shouldYieldItsOperationTargetAndActor(
      String file, LambdaOperation operation, String function, boolean failed, String role) {
    // when
    CloudTrailEvent event = CloudTrailEvents.parse(RecordedEvents.read(file));
    // then
    assertEquals(operation, event.operation());
    assertEquals(function, event.function().orElseThrow().name());
    assertEquals(failed, event.failed());
    assertEquals(Optional.ofNullable(role), event.actor().roleArn());
  }

  @Test
  void publishVersion_shouldHaveTheUnqualifiedFunctionAsTargetAndPublishAVersion() {
    CloudTrailEvent event =
        CloudTrailEvents.parse(
            RecordedEvents.read("lambda/publish_version_on_aws_managed_key.json"));
    assertTrue(event.publishedVersion());
    assertEquals(
        Optional.of("arn:aws:lambda:us-east-1:123456789012:function:invoice-mailer"),
        event.functionArn());
  }

  @Test
  void createFunctionWithPublish_shouldPublishAVersion_andWithoutItNot() {
    String created = RecordedEvents.read(CREATE);
    String published =
        created.replace(
            "\"functionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:orders-api\"",
            "\"functionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:orders-api:1\"");
    assertTrue(
        !published.equals(created),
        "the recorded CreateFunction names the function's ARN in its response");
    assertFalse(CloudTrailEvents.parse(created).publishedVersion());
    CloudTrailEvent event = CloudTrailEvents.parse(published);
    assertTrue(event.publishedVersion());
    assertEquals(
        Optional.of("arn:aws:lambda:us-east-1:123456789012:function:orders-api"),
        event.functionArn());
  }

  @Test
  void failedCall_shouldCarryErrorCodeAndTolerateNullResponse() {
    CloudTrailEvent event =
        CloudTrailEvents.parse(RecordedEvents.read("lambda/create_function_failed.json"));
    assertEquals(Optional.of("InvalidParameterValueException"), event.errorCode());
  }

  @Test
  void functionNameAsArn_shouldGiveNameAccountAndRegion() {
    CloudTrailEvent event =
        CloudTrailEvents.parse(
            RecordedEvents.read("lambda/update_function_configuration_removed_key.json"));
    FunctionRef ref = event.function().orElseThrow();
    assertEquals(Optional.of("123456789012"), ref.account());
    assertEquals(Optional.of("us-east-1"), ref.region());
  }

  @Test
  void unknownExtraFields_shouldBeIgnored() {
    String json =
        RecordedEvents.read(CREATE)
            .replaceFirst("\\{", "{\"brandNewField\":{\"nested\":[1,2,{}]},");
    assertEquals(LambdaOperation.CREATE_FUNCTION, CloudTrailEvents.parse(json).operation());
  }

  @ParameterizedTest
  @ValueSource(strings = {"CreateFunctionUrlConfig20211031", "CreateFunctionUrlConfig"})
  void functionUrlConfig_shouldNeverBeMistakenForCreateFunction(String name) {
    String json = RecordedEvents.read(CREATE).replace("CreateFunction20150331", name);
    assertEquals(
        LambdaOperation.CREATE_FUNCTION_URL_CONFIG, CloudTrailEvents.parse(json).operation());
  }

  @ParameterizedTest
  @ValueSource(strings = {"CreateFunction", "CreateFunction20141111"})
  void otherVersionsOfCreateFunction_shouldMapToCreateFunction(String name) {
    String json = RecordedEvents.read(CREATE).replace("CreateFunction20150331", name);
    assertEquals(LambdaOperation.CREATE_FUNCTION, CloudTrailEvents.parse(json).operation());
  }

  @Test
  void unknownOperation_shouldParseAsOther() {
    String json =
        RecordedEvents.read(CREATE)
            .replace("CreateFunction20150331", "PutProvisionedConcurrencyConfig20190930");
    assertEquals(LambdaOperation.OTHER, CloudTrailEvents.parse(json).operation());
  }

  @Test
  void truncatedRequestWithoutFunction_shouldHaveNoTargetAndBeMarkedTruncated() {
    String json =
        """
        {"source":"aws.lambda","detail-type":"AWS API Call via CloudTrail","account":"123456789012","region":"us-east-1",
         "detail":{"eventName":"UpdateFunctionConfiguration20150331v2","eventID":"3c0de9d1-6b0e-4d55-9a43-7f1d2e8b9a03","awsRegion":"us-east-1",
           "requestParameters":{"omitted":true},"responseElements":null}}
        """;
    CloudTrailEvent event = CloudTrailEvents.parse(json);
    assertTrue(event.truncated());
    assertTrue(event.function().isEmpty());
  }

  @Test
  void tagResourceOnNonFunctionArn_shouldHaveNoTarget() {
    String json =
        """
        {"source":"aws.lambda","detail-type":"AWS API Call via CloudTrail","account":"123456789012","region":"us-east-1",
         "detail":{"eventName":"TagResource20170331v2","eventID":"3c0de9d1-6b0e-4d55-9a43-7f1d2e8b9a01","awsRegion":"us-east-1",
           "requestParameters":{"resource":"arn:aws:lambda:us-east-1:123456789012:event-source-mapping:abc","tags":{"a":"b"}}}}
        """;
    CloudTrailEvent event = CloudTrailEvents.parse(json);
    assertEquals(LambdaOperation.TAG_RESOURCE, event.operation());
    assertTrue(event.function().isEmpty());
  }

  static Stream<Arguments> malformed() {
    String good = RecordedEvents.read(CREATE);
    return Stream.of(
        Arguments.of("not json", "{\"source\": ", Reason.NOT_JSON),
        Arguments.of("empty input", "", Reason.NOT_JSON),
        Arguments.of("array root", "[1,2]", Reason.NOT_AN_OBJECT),
        Arguments.of("string root", "\"hello\"", Reason.NOT_AN_OBJECT),
        Arguments.of(
            "no source", good.replace("\"source\": \"aws.lambda\",", ""), Reason.MISSING_FIELD),
        Arguments.of(
            "wrong source",
            good.replace("\"source\": \"aws.lambda\"", "\"source\": \"aws.s3\""),
            Reason.WRONG_SOURCE),
        Arguments.of(
            "wrong detail-type",
            good.replace("AWS API Call via CloudTrail", "Scheduled Event"),
            Reason.WRONG_DETAIL_TYPE),
        Arguments.of(
            "no detail",
            "{\"source\":\"aws.lambda\",\"detail-type\":\"AWS API Call via CloudTrail\"}",
            Reason.MISSING_FIELD),
        Arguments.of(
            "null detail",
            "{\"source\":\"aws.lambda\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":null}",
            Reason.MISSING_FIELD),
        Arguments.of(
            "detail is a string",
            "{\"source\":\"aws.lambda\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":\"x\"}",
            Reason.WRONG_TYPE),
        Arguments.of(
            "eventName is a number",
            good.replace("\"CreateFunction20150331\"", "42"),
            Reason.WRONG_TYPE),
        Arguments.of(
            "no eventID", good.replace("\"eventID\"", "\"eventId_\""), Reason.MISSING_FIELD),
        Arguments.of(
            "eventSource of another service",
            good.replace(
                "\"eventSource\": \"lambda.amazonaws.com\"",
                "\"eventSource\": \"s3.amazonaws.com\""),
            Reason.WRONG_SOURCE),
        Arguments.of(
            "bad eventTime",
            good.replace("\"eventTime\": \"2026-11-27T10:00:03Z\"", "\"eventTime\": \"yesterday\""),
            Reason.WRONG_TYPE),
        Arguments.of(
            "requestParameters is an array",
            "{\"source\":\"aws.lambda\",\"detail-type\":\"AWS API Call via CloudTrail\",\"account\":\"123456789012\",\"region\":\"us-east-1\","
                + "\"detail\":{\"eventName\":\"CreateFunction20150331\",\"eventID\":\"3c0de9d1-6b0e-4d55-9a43-7f1d2e8b9a02\",\"requestParameters\":[1]}}",
            Reason.WRONG_TYPE),
        Arguments.of(
            "account of 11 digits",
            good.replace("\"account\": \"123456789012\"", "\"account\": \"12345678901\""),
            Reason.MALFORMED_FIELD),
        Arguments.of(
            "recipientAccountId with dashes",
            good.replace(
                "\"recipientAccountId\": \"123456789012\"",
                "\"recipientAccountId\": \"1234-5678-9012\""),
            Reason.MALFORMED_FIELD),
        Arguments.of(
            "envelope region in upper case",
            good.replace("\"region\": \"us-east-1\"", "\"region\": \"US-EAST-1\""),
            Reason.MALFORMED_FIELD),
        Arguments.of(
            "awsRegion with more text",
            good.replace("\"awsRegion\": \"us-east-1\"", "\"awsRegion\": \"us-east-1 x\""),
            Reason.MALFORMED_FIELD),
        Arguments.of(
            "eventID no UUID",
            good.replaceFirst("\"eventID\": \"[^\"]+\"", "\"eventID\": \"evt-1\""),
            Reason.MALFORMED_FIELD),
        Arguments.of(
            "envelope id no UUID",
            good.replaceFirst("\"id\": \"[^\"]+\"", "\"id\": \"evt-1\""),
            Reason.MALFORMED_FIELD));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "us-east-1",
        "eu-central-2",
        "us-gov-west-1",
        "cn-northwest-1",
        "ap-southeast-5",
        "il-central-1"
      })
  void everyRegionShapeAwsUses_shouldParse(String region) {
    String json = RecordedEvents.read(CREATE).replace("\"us-east-1\"", "\"" + region + "\"");
    assertEquals(region, CloudTrailEvents.parse(json).region());
  }

  @Test
  void recipientAccount_shouldBeKeptBesideTheEnvelopeAccount() {
    String json =
        RecordedEvents.read(CREATE)
            .replace(
                "\"recipientAccountId\": \"123456789012\"",
                "\"recipientAccountId\": \"210987654321\"");
    CloudTrailEvent event = CloudTrailEvents.parse(json);
    assertEquals("123456789012", event.account());
    assertEquals(Optional.of("210987654321"), event.recipientAccount());
    assertFalse(event.onlyConcerns("123456789012"));
    assertTrue(CloudTrailEvents.parse(RecordedEvents.read(CREATE)).onlyConcerns("123456789012"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedInput_shouldFailWithItsReason(String name, String json, Reason reason) {
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> CloudTrailEvents.parse(json));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  @Test
  void oversizedInput_shouldFailAsTooLarge() {
    byte[] big = new byte[CloudTrailEvents.MAX_EVENT_BYTES + 10];
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> CloudTrailEvents.parse(new ByteArrayInputStream(big)));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  @Test
  void errorMessages_shouldNameTheFieldButNeverEchoTheValue() {
    String canary = "canary-7f3e9a1b@example.com";
    String json =
        RecordedEvents.read(CREATE)
            .replace(
                "\"eventTime\": \"2026-11-27T10:00:03Z\"", "\"eventTime\": \"" + canary + "\"");
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> CloudTrailEvents.parse(json));
    assertTrue(e.getMessage().contains("detail.eventTime"));
    assertFalse(e.getMessage().contains(canary));
  }
}
