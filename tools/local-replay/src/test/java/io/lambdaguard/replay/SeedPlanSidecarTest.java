package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedPlanSidecarTest {
  private static final String EVENT =
      """
      {"source":"aws.lambda","detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"CreateFunction20150331",
       "requestParameters":{"functionName":"report-exporter","environment":{}},
       "responseElements":{"functionName":"report-exporter","environment":{}}}}
      """;

  @TempDir Path folder;

  @Test
  void sidecar_shouldBeTheEventsNameWithSeedInsteadOfJson() {
    assertEquals(
        folder.resolve("create_x.seed"), SeedPlan.sidecarOf(folder.resolve("create_x.json")));
  }

  @Test
  void sidecarEnvironment_shouldReplaceThePlaceholderVariables() throws Exception {
    // given
    Path sidecar =
        Files.writeString(
            folder.resolve("e.seed"),
            "{\"environment\": {\"DATABASE_URL\": \"postgres://u:p@db/x\"}}");
    SeedPlan plan = SeedPlan.fromEvent(Json.MAPPER.readTree(EVENT));
    // when
    SeedPlan seeded = plan.withSidecar(sidecar);
    // then
    assertEquals(SeedPlan.PLACEHOLDER_ENVIRONMENT, plan.function().environment());
    assertEquals(Map.of("DATABASE_URL", "postgres://u:p@db/x"), seeded.function().environment());
    assertEquals("report-exporter", seeded.function().name());
  }

  @Test
  void missingSidecar_shouldLeaveThePlanAsItIs() throws Exception {
    SeedPlan plan = SeedPlan.fromEvent(Json.MAPPER.readTree(EVENT));
    assertSame(plan, plan.withSidecar(folder.resolve("absent.seed")));
  }

  @Test
  void sidecarWithoutEnvironment_shouldBeRefused() throws Exception {
    Path sidecar = Files.writeString(folder.resolve("e.seed"), "{\"tags\": {}}");
    SeedPlan plan = SeedPlan.fromEvent(Json.MAPPER.readTree(EVENT));
    assertThrows(IllegalArgumentException.class, () -> plan.withSidecar(sidecar));
  }
}
