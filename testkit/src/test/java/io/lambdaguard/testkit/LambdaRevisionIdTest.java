package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;

/** Patch lambda_revision_id_precondition: conditional updates on the function's RevisionId. */
class LambdaRevisionIdTest extends MotoTest {

  private GetFunctionConfigurationResponse configuration() {
    return aws.lambda.getFunctionConfiguration(get -> get.functionName("fn"));
  }

  @Test
  void createdFunction_shouldCarryARevisionId() {
    String created = aws.createFunction("fn").revisionId();

    assertNotNull(created);
    assertEquals(created, configuration().revisionId());
    assertEquals(
        created,
        aws.lambda.getFunction(get -> get.functionName("fn")).configuration().revisionId());
  }

  @Test
  void updateFunctionConfiguration_withCurrentRevisionId_shouldApplyAndIssueNewRevision() {
    String current = aws.createFunction("fn").revisionId();

    UpdateFunctionConfigurationResponse updated =
        aws.lambda.updateFunctionConfiguration(
            update -> update.functionName("fn").revisionId(current).description("checked"));

    assertEquals("checked", configuration().description());
    assertNotEquals(current, updated.revisionId());
    assertEquals(updated.revisionId(), configuration().revisionId());
  }

  @Test
  void
      updateFunctionConfiguration_withStaleRevisionId_shouldFailWithPreconditionFailedAndChangeNothing() {
    String stale = aws.createFunction("fn").revisionId();
    aws.lambda.updateFunctionConfiguration(
        update -> update.functionName("fn").description("concurrent change"));
    String current = configuration().revisionId();

    PreconditionFailedException failure =
        assertThrows(
            PreconditionFailedException.class,
            () ->
                aws.lambda.updateFunctionConfiguration(
                    update ->
                        update.functionName("fn").revisionId(stale).description("lost update")));

    assertEquals(412, failure.statusCode());
    assertEquals("User", failure.type());
    assertEquals("concurrent change", configuration().description());
    assertEquals(current, configuration().revisionId());
  }

  @Test
  void updateFunctionCode_withStaleRevisionId_shouldFailWithPreconditionFailed() {
    String stale = aws.createFunction("fn").revisionId();
    aws.lambda.updateFunctionConfiguration(
        update -> update.functionName("fn").description("concurrent change"));

    assertThrows(
        PreconditionFailedException.class,
        () ->
            aws.lambda.updateFunctionCode(
                update ->
                    update
                        .functionName("fn")
                        .revisionId(stale)
                        .zipFile(SdkBytes.fromByteArray(Aws.zip()))));
  }

  @Test
  void concurrentUpdates_withTheSameRevisionId_shouldLetExactlyOneWin() throws Exception {
    String read = aws.createFunction("fn").revisionId();
    List<Callable<String>> updates =
        IntStream.range(0, 8)
            .<Callable<String>>mapToObj(
                i ->
                    () -> {
                      try {
                        aws.lambda.updateFunctionConfiguration(
                            update ->
                                update
                                    .functionName("fn")
                                    .revisionId(read)
                                    .description("writer " + i));
                        return "applied";
                      } catch (PreconditionFailedException lost) {
                        return "precondition failed";
                      }
                    })
            .toList();

    List<String> outcomes;
    try (ExecutorService writers = Executors.newFixedThreadPool(updates.size())) {
      outcomes = writers.invokeAll(updates).stream().map(Future::resultNow).toList();
    }

    assertEquals(1, Collections.frequency(outcomes, "applied"), outcomes.toString());
    assertEquals(7, Collections.frequency(outcomes, "precondition failed"), outcomes.toString());
  }
}
