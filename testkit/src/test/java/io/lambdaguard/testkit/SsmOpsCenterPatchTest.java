package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.OpsItem;
import software.amazon.awssdk.services.ssm.model.OpsItemDataType;
import software.amazon.awssdk.services.ssm.model.OpsItemDataValue;
import software.amazon.awssdk.services.ssm.model.OpsItemStatus;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Patch ssm_ops_items: OpsItems are kept, and /aws/dedup suppresses a duplicate while one is open.
 */
class SsmOpsCenterPatchTest extends MotoTest {

  private SsmClient ssm;

  @BeforeEach
  void client() {
    ssm =
        SsmClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterEach
  void closeClient() {
    ssm.close();
  }

  private static Map<String, OpsItemDataValue> dedup(String dedupString) {
    return Map.of(
        "/aws/dedup",
        OpsItemDataValue.builder()
            .type(OpsItemDataType.SEARCHABLE_STRING)
            .value("{\"dedupString\":\"" + dedupString + "\"}")
            .build());
  }

  private String create(String title, Map<String, OpsItemDataValue> data) {
    return ssm.createOpsItem(
            c ->
                c.title(title)
                    .description("what happened")
                    .source("lambdaguard")
                    .severity("2")
                    .category("Security")
                    .operationalData(data))
        .opsItemId();
  }

  @Test
  void createOpsItem_shouldKeepItOpenWithItsFields() {
    String id = create("a title", dedup("key-1"));

    OpsItem item = ssm.getOpsItem(g -> g.opsItemId(id)).opsItem();

    assertTrue(id.matches("oi-[0-9a-f]{12}"), id);
    assertEquals(OpsItemStatus.OPEN, item.status());
    assertEquals("a title", item.title());
    assertEquals("lambdaguard", item.source());
    assertEquals("2", item.severity());
    assertEquals("{\"dedupString\":\"key-1\"}", item.operationalData().get("/aws/dedup").value());
  }

  @Test
  void sameDedupStringWhileOpen_shouldCreateNoSecondOpsItem() {
    String first = create("first", dedup("key-1"));
    String again = create("again", dedup("key-1"));
    String other = create("other", dedup("key-2"));

    assertEquals(first, again);
    assertNotEquals(first, other);
    assertEquals(2, ssm.describeOpsItems(d -> {}).opsItemSummaries().size());
  }

  @Test
  void sameDedupStringAfterResolving_shouldCreateANewOpsItem() {
    String first = create("first", dedup("key-1"));
    ssm.updateOpsItem(u -> u.opsItemId(first).status(OpsItemStatus.RESOLVED));

    String next = create("next", dedup("key-1"));

    assertNotEquals(first, next);
  }

  @Test
  void missingTitle_shouldFailWithValidationException() {
    SsmException e =
        assertThrows(
            SsmException.class,
            () -> ssm.createOpsItem(c -> c.description("d").source("lambdaguard")));
    assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    assertEquals(400, e.statusCode());
  }

  @Test
  void reset_shouldForgetOpsItems() {
    create("first", dedup("key-1"));
    moto.reset();
    assertEquals(0, ssm.describeOpsItems(d -> {}).opsItemSummaries().size());
  }
}
