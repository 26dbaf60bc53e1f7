package io.lambdaguard.encryption;

import static io.lambdaguard.encryption.Invoker.outcomeOf;
import static io.lambdaguard.encryption.Invoker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.xray.model.EncryptionConfig;
import software.amazon.awssdk.services.xray.model.EncryptionStatus;
import software.amazon.awssdk.services.xray.model.EncryptionType;

/**
 * X-Ray's {@code PutEncryptionConfig} (source {@code aws.xray}) through the encryption function,
 * against the patched moto and the real SDK: an account-level trigger that checks X-Ray's
 * encryption itself and reads no function. Off the key: one ticket for the account (default) or the
 * key put back ({@code fix}); on the key: compliant, and the account's ticket is forgotten, so that
 * moving X-Ray off the key again raises a new one. The service's own change, a failed call, and
 * another account's or region's change are ignored before any call.
 */
class XRayEncryptionChangedIntegrationTest {
  private static final String ON_KEY_EVENT = "put_encryption_config.json";
  private static final String DEFAULT_KEY_EVENT = "put_encryption_config_default_key.json";
  private static final String SUBJECT = "arn:aws:xray:us-east-1:123456789012:encryption-config";
  private static MotoServer moto;
  private static Emulator aws;
  private String keyArn;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    aws.createTicketTargets();
    keyArn = aws.createKey();
  }

  private Invoker function() {
    return new Invoker(moto, keyArn).with("SERVICE_FUNCTION_NAMES", Emulator.SERVICE_FUNCTIONS);
  }

  static String xrayEvent(String file) {
    try {
      return Files.readString(
          Path.of(
              XRayEncryptionChangedIntegrationTest.class
                  .getResource("/events/xray/" + file)
                  .toURI()),
          StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException("recorded event missing: " + file, e);
    }
  }

  private static EncryptionConfig xrayConfig() {
    return aws.xray.getEncryptionConfig(g -> {}).encryptionConfig();
  }

  private void putXRayOnTheKey() {
    aws.xray.putEncryptionConfig(p -> p.type(EncryptionType.KMS).keyId(keyArn));
    moto.markXRayEncryptionUpdating(0);
  }

  private static List<String> operations(String service) {
    return moto.calls(service).stream().map(c -> c.operation()).toList();
  }

  private static JsonNode onlyOutcome(JsonNode result) {
    List<JsonNode> outcomes = result.field("outcomes").orElseThrow().asArray();
    assertEquals(1, outcomes.size(), result::toString);
    return outcomes.getFirst();
  }

  @Test
  void xrayMovedToTheDefaultKey_shouldRaiseOneTicketForTheAccount_andReadNoFunction() {
    // given: X-Ray on AWS's own key (the default)
    moto.resetCalls();
    // when
    JsonNode result = function().invokeJson(xrayEvent(DEFAULT_KEY_EVENT));
    // then
    JsonNode xray = onlyOutcome(result);
    assertEquals(XRayUsesCustomerManagedKey.ID, text(xray, "rule"));
    assertEquals("error", text(xray, "outcome"));
    assertEquals("cannot-fix", text(xray, "code"));
    assertEquals("queued", text(xray, "ticket"));
    assertEquals(SUBJECT, text(xray, "function"));
    assertEquals(1, aws.findings().size());
    assertTrue(
        aws.findings().getFirst().toString().contains(SUBJECT),
        () -> aws.findings().getFirst().toString());
    assertEquals(
        List.of("GetEncryptionConfig"),
        operations("xray"),
        "one fresh read, no write in ticket mode");
    assertEquals(List.of(), moto.calls("lambda"), "an account-level event reads no function");
  }

  @Test
  void xrayMovedToAnotherKey_withFix_shouldPutTheConfiguredKeyBack() {
    // given: X-Ray on someone's other key (what the recorded event says), the function set to fix
    String otherKey = aws.createKey();
    aws.xray.putEncryptionConfig(p -> p.type(EncryptionType.KMS).keyId(otherKey));
    moto.markXRayEncryptionUpdating(0);
    moto.setXRayEncryptionUpdatingReadsAfterPut(1);
    moto.resetCalls();
    // when
    JsonNode result = function().with("XRAY_ENCRYPTION", "fix").invokeJson(xrayEvent(ON_KEY_EVENT));
    // then
    assertEquals("fixed", text(onlyOutcome(result), "outcome"));
    List<String> calls = operations("xray");
    EncryptionConfig config = xrayConfig();
    assertEquals(EncryptionType.KMS, config.type());
    assertEquals(keyArn, config.keyId());
    assertEquals(EncryptionStatus.ACTIVE, config.status());
    assertEquals(
        List.of(
            "GetEncryptionConfig",
            "PutEncryptionConfig",
            "GetEncryptionConfig",
            "GetEncryptionConfig"),
        calls,
        "read, put, read until ACTIVE");
    assertEquals(List.of(), moto.calls("lambda"));
    assertTrue(aws.findings().isEmpty());
  }

  @Test
  void xrayOnTheKey_shouldBeCompliant_andForgetTheAccountsTicket_soMovingItOffAgainRaisesANewOne() {
    // given: a traced function raised the account's ticket
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    assertEquals(
        "queued",
        text(
            outcomeOf(
                function().invoke("create_function_with_active_tracing.json"),
                XRayUsesCustomerManagedKey.ID),
            "ticket"));
    assertEquals(1, aws.ticketItems().size());
    // when: the owner puts X-Ray on the key
    putXRayOnTheKey();
    JsonNode onKey = function().invokeJson(xrayEvent(ON_KEY_EVENT));
    // then: compliant, and the ledger no longer remembers the ticket
    assertEquals("compliant", text(onlyOutcome(onKey), "outcome"));
    assertEquals(List.of(), aws.ticketItems(), "the account's ticket is forgotten");
    // when: someone moves X-Ray off the key again
    aws.xray.putEncryptionConfig(p -> p.type(EncryptionType.NONE));
    moto.markXRayEncryptionUpdating(0);
    JsonNode offAgain = function().invokeJson(xrayEvent(DEFAULT_KEY_EVENT));
    // then: a new ticket, not a duplicate of the forgotten one
    assertEquals("queued", text(onlyOutcome(offAgain), "ticket"));
    assertEquals(1, aws.ticketItems().size());
  }

  @Test
  void xrayOnTheKey_afterAWarmContainerCachedTheOldSetting_shouldBeReadFresh() {
    // given: a warm container read X-Ray's setting for a traced function, before the owner fixed it
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    Container container = Container.start(Container.env(moto.endpoint(), keyArn));
    TestContext context = new TestContext("lambdaguard-encryption");
    container.invoke(Invoker.event("create_function_with_active_tracing.json"), context);
    putXRayOnTheKey();
    // when
    JsonNode result = container.invoke(xrayEvent(ON_KEY_EVENT), context);
    // then: the change is judged by X-Ray's setting now, not by the cached answer
    assertEquals("compliant", text(onlyOutcome(result), "outcome"));
  }

  @Test
  void servicesOwnPutEncryptionConfig_shouldBeIgnored_soAFixNeverLoops() {
    // given: the event of the service's own fix (its role), while X-Ray is (again) off the key
    String own =
        xrayEvent(ON_KEY_EVENT)
            .replace(
                "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob",
                "arn:aws:sts::123456789012:assumed-role/EncryptionRole/lambdaguard")
            .replace("arn:aws:iam::123456789012:role/PlatformAdmin", Emulator.SERVICE_ROLE);
    moto.resetCalls();
    // when
    JsonNode result = function().with("XRAY_ENCRYPTION", "fix").invokeJson(own);
    // then
    assertEquals("self-caused", text(onlyOutcome(result), "code"));
    assertEquals(List.of(), moto.calls("xray"), "decided before any call");
    assertEquals(EncryptionType.NONE, xrayConfig().type());
  }

  @Test
  void fixedByTheService_shouldProduceAnEventTheServiceIgnores() {
    // given: the function fixes X-Ray after someone moved it off the key
    function().with("XRAY_ENCRYPTION", "fix").invokeJson(xrayEvent(DEFAULT_KEY_EVENT));
    List<String> puts =
        moto.calls("xray").stream()
            .filter(c -> c.operation().equals("PutEncryptionConfig"))
            .map(c -> c.accessKeyId())
            .distinct()
            .toList();
    assertEquals(1, puts.size(), "one put, by the function's role");
    // when: CloudTrail records that put, and EventBridge delivers it
    String echo =
        xrayEvent(ON_KEY_EVENT)
            .replace("arn:aws:iam::123456789012:role/PlatformAdmin", Emulator.SERVICE_ROLE)
            .replace(
                "9a4c6e8b-2d1f-4b3a-a5c7-e9f1b3d5a7c2", "9a4c6e8b-2d1f-4b3a-a5c7-e9f1b3d5a7c3");
    moto.resetCalls();
    JsonNode result = function().with("XRAY_ENCRYPTION", "fix").invokeJson(echo);
    // then
    assertEquals("ignored", text(onlyOutcome(result), "outcome"));
    assertEquals(List.of(), moto.calls("xray"));
  }

  @Test
  void failedPutEncryptionConfig_shouldBeIgnored() {
    String failed =
        xrayEvent(DEFAULT_KEY_EVENT)
            .replace(
                "\"eventSource\": \"xray.amazonaws.com\"",
                "\"errorCode\": \"AccessDenied\", \"errorMessage\": \"not authorized\", \"eventSource\": \"xray.amazonaws.com\"");
    moto.resetCalls();
    JsonNode result = function().invokeJson(failed);
    assertEquals("failed-call", text(onlyOutcome(result), "code"));
    assertEquals(List.of(), moto.calls("xray"));
    assertTrue(aws.findings().isEmpty());
  }

  @Test
  void anotherAccountsOrRegionsChange_shouldBeIgnoredBeforeAnyCall() {
    String otherAccount = xrayEvent(DEFAULT_KEY_EVENT).replace("123456789012", "210987654321");
    String otherRegion = xrayEvent(DEFAULT_KEY_EVENT).replace("\"us-east-1\"", "\"eu-west-1\"");
    String otherRecordedRegion =
        xrayEvent(DEFAULT_KEY_EVENT)
            .replace("\"awsRegion\": \"us-east-1\"", "\"awsRegion\": \"eu-west-1\"");
    String otherRecipient =
        xrayEvent(DEFAULT_KEY_EVENT)
            .replace(
                "\"recipientAccountId\": \"123456789012\"",
                "\"recipientAccountId\": \"210987654321\"");
    moto.resetCalls();
    assertEquals("other-account", text(onlyOutcome(function().invokeJson(otherAccount)), "code"));
    assertEquals("other-region", text(onlyOutcome(function().invokeJson(otherRegion)), "code"));
    assertEquals(
        "other-region", text(onlyOutcome(function().invokeJson(otherRecordedRegion)), "code"));
    assertEquals("other-account", text(onlyOutcome(function().invokeJson(otherRecipient)), "code"));
    assertEquals(List.of(), moto.calls("xray"));
    assertTrue(aws.findings().isEmpty());
  }

  @Test
  void xrayEncryptionOff_shouldLeaveTheEventWithoutRule() {
    moto.resetCalls();
    JsonNode result =
        function().with("XRAY_ENCRYPTION", "off").invokeJson(xrayEvent(DEFAULT_KEY_EVENT));
    assertEquals("no-rule", text(onlyOutcome(result), "code"));
    assertEquals(List.of(), moto.calls("xray"));
  }

  @Test
  void reportMode_shouldChangeNothing() {
    moto.resetCalls();
    JsonNode result =
        function()
            .with("XRAY_ENCRYPTION", "fix")
            .with("MODE", "report")
            .invokeJson(xrayEvent(DEFAULT_KEY_EVENT));
    assertEquals("reported", text(onlyOutcome(result), "outcome"));
    assertEquals(List.of("GetEncryptionConfig"), operations("xray"));
    assertEquals(EncryptionType.NONE, xrayConfig().type());
  }

  @Test
  void routing_shouldDeliverOnlyThisAccountsAndRegionsPutEncryptionConfig() {
    Routing routing = Routing.fromTemplate();
    String event = xrayEvent(DEFAULT_KEY_EVENT);
    assertTrue(routing.routes(event));
    assertTrue(routing.routes(xrayEvent(ON_KEY_EVENT)));
    for (String other :
        List.of(
            event.replace("\"PutEncryptionConfig\"", "\"GetEncryptionConfig\""),
            event.replace("\"PutEncryptionConfig\"", "\"PutTelemetryRecords\""),
            event.replace("\"account\": \"123456789012\"", "\"account\": \"210987654321\""),
            event.replace("\"region\": \"us-east-1\"", "\"region\": \"eu-west-1\""),
            event.replace("\"source\": \"aws.xray\"", "\"source\": \"aws.lambda\""),
            event.replace("\"xray.amazonaws.com\"", "\"lambda.amazonaws.com\""))) {
      assertEquals(false, routing.routes(other), other);
    }
  }
}
