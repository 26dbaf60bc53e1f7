package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/** Patch lambda_update_in_progress: a function that reports an update still being applied. */
class LambdaUpdateInProgressTest extends MotoTest {

  private LastUpdateStatus statusByGetFunction() {
    return aws.lambda.getFunction(get -> get.functionName("fn")).configuration().lastUpdateStatus();
  }

  private LastUpdateStatus statusByGetFunctionConfiguration() {
    return aws.lambda.getFunctionConfiguration(get -> get.functionName("fn")).lastUpdateStatus();
  }

  @Test
  void markedInProgress_shouldReportInProgressForTheGivenNumberOfReads() {
    aws.createFunction("fn");

    moto.markInProgress("fn", 2);

    List<LastUpdateStatus> statuses =
        List.of(statusByGetFunction(), statusByGetFunctionConfiguration(), statusByGetFunction());
    assertEquals(
        List.of(
            LastUpdateStatus.IN_PROGRESS,
            LastUpdateStatus.IN_PROGRESS,
            LastUpdateStatus.SUCCESSFUL),
        statuses);
  }

  @Test
  void markedInProgress_functionUpdatedWaiter_shouldSucceedOnceSuccessful() {
    String arn = aws.createFunction("fn").functionArn();
    moto.markInProgress(arn, 3);

    WaiterResponse<GetFunctionResponse> waited;
    try (LambdaWaiter waiter = aws.lambda.waiter()) {
      waited =
          waiter.waitUntilFunctionUpdatedV2(
              get -> get.functionName("fn"),
              // the waiter's own pace is 1 s per poll; the emulator needs none
              config ->
                  config
                      .backoffStrategyV2(
                          BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(10)))
                      .maxAttempts(10));
    }

    assertEquals(4, waited.attemptsExecuted());
    assertEquals(
        LastUpdateStatus.SUCCESSFUL,
        waited.matched().response().orElseThrow().configuration().lastUpdateStatus());
  }

  @Test
  void updateWhileInProgress_shouldFailWithResourceConflict() {
    aws.createFunction("fn");
    moto.markInProgress("fn", 1);

    ResourceConflictException failure =
        assertThrows(
            ResourceConflictException.class,
            () ->
                aws.lambda.updateFunctionConfiguration(
                    update -> update.functionName("fn").description("too early")));

    assertEquals(409, failure.statusCode());
    assertEquals(LastUpdateStatus.IN_PROGRESS, statusByGetFunction());
    assertEquals(
        "", aws.lambda.getFunctionConfiguration(get -> get.functionName("fn")).description());
  }

  @Test
  void updateAfterInProgressReads_shouldApply() {
    aws.createFunction("fn");
    moto.markInProgress("fn", 1);
    statusByGetFunction();

    aws.lambda.updateFunctionConfiguration(
        update -> update.functionName("fn").description("in time"));

    assertEquals(
        "in time",
        aws.lambda.getFunctionConfiguration(get -> get.functionName("fn")).description());
  }

  @Test
  void markInProgress_unknownFunction_shouldFailClearly() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> moto.markInProgress("no-such-function", 1));

    assertTrue(failure.getMessage().contains("404"), failure.getMessage());
  }
}
