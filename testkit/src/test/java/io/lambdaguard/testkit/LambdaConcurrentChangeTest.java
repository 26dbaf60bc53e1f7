package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Control hooks lambda_concurrent_change_hooks: races that tests cannot time, produced on demand.
 */
class LambdaConcurrentChangeTest extends MotoTest {

  @Test
  void changeBeforeUpdate_shouldMakeAnUpdateWithTheRevisionReadFailWithPreconditionFailed() {
    // given
    String read = aws.createFunction("fn").revisionId();
    moto.changeBeforeUpdates("fn", 1, Map.of("Description", "deployed meanwhile"), 0);
    // when
    PreconditionFailedException failure =
        assertThrows(
            PreconditionFailedException.class,
            () ->
                aws.lambda.updateFunctionConfiguration(
                    u -> u.functionName("fn").revisionId(read).memorySize(256)));
    // then
    assertEquals(412, failure.statusCode());
    var now = aws.lambda.getFunctionConfiguration(g -> g.functionName("fn"));
    assertEquals("deployed meanwhile", now.description());
    assertEquals(128, now.memorySize());
  }

  @Test
  void changeAfterUpdate_shouldLandRightAfterTheCallersWrite() {
    // given
    String read = aws.createFunction("fn").revisionId();
    moto.changeAfterUpdates("fn", 1, Map.of("Description", "changed right after"));
    // when
    var written =
        aws.lambda.updateFunctionConfiguration(
            u -> u.functionName("fn").revisionId(read).description("mine"));
    // then: the caller's write succeeded, and what it reads next is the other client's change
    assertEquals("mine", written.description());
    var now = aws.lambda.getFunctionConfiguration(g -> g.functionName("fn"));
    assertEquals("changed right after", now.description());
    assertNotEquals(written.revisionId(), now.revisionId());
    aws.lambda.updateFunctionConfiguration(u -> u.functionName("fn").description("again"));
    assertEquals(
        "again",
        aws.lambda.getFunctionConfiguration(g -> g.functionName("fn")).description(),
        "used up");
  }

  @Test
  void tagChangeBeforeTagWrite_shouldLandBetweenTheCallersReadAndItsWrite() {
    // given
    String arn =
        aws.createFunction("fn", create -> create.tags(Map.of("owner", "a", "team", "payments")))
            .functionArn();
    moto.changeTagsAroundTagWrites("fn", 1, Map.of("owner", "b", "oncall", "c"), false);
    // when
    aws.lambda.untagResource(u -> u.resource(arn).tagKeys("owner"));
    // then: the other client's tags landed first, so the caller's untag removed its owner too
    assertEquals(
        Map.of("team", "payments", "oncall", "c"),
        aws.lambda.listTags(l -> l.resource(arn)).tags());
  }

  @Test
  void tagChangeAfterTagWrite_shouldLandAfterTheCallersWrite() {
    // given
    String arn =
        aws.createFunction("fn", create -> create.tags(Map.of("owner", "a"))).functionArn();
    moto.changeTagsAroundTagWrites("fn", 1, Map.of("owner", "b"), true);
    // when
    aws.lambda.tagResource(t -> t.resource(arn).tags(Map.of("owner", "mine")));
    // then
    assertEquals(Map.of("owner", "b"), aws.lambda.listTags(l -> l.resource(arn)).tags());
    aws.lambda.tagResource(t -> t.resource(arn).tags(Map.of("owner", "mine")));
    assertEquals(
        Map.of("owner", "mine"), aws.lambda.listTags(l -> l.resource(arn)).tags(), "used up");
  }

  @Test
  void changeBeforeUpdate_shouldBeUsedUpAfterTheGivenNumberOfUpdates() {
    // given
    aws.createFunction("fn");
    moto.changeBeforeUpdates("fn", 1, Map.of("Description", "deployed meanwhile"), 0);
    aws.lambda.updateFunctionConfiguration(u -> u.functionName("fn").memorySize(256));
    String read = aws.lambda.getFunctionConfiguration(g -> g.functionName("fn")).revisionId();
    // when
    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName("fn").revisionId(read).memorySize(512));
    // then
    assertEquals(512, aws.lambda.getFunctionConfiguration(g -> g.functionName("fn")).memorySize());
  }

  @Test
  void changeInProgressBeforeUpdate_shouldMakeTheUpdateFailWithResourceConflict() {
    // given
    aws.createFunction("fn");
    moto.changeBeforeUpdates("fn", 1, Map.of("Description", "deploying"), 2);
    // when
    ResourceConflictException failure =
        assertThrows(
            ResourceConflictException.class,
            () ->
                aws.lambda.updateFunctionConfiguration(u -> u.functionName("fn").memorySize(256)));
    // then
    assertEquals(409, failure.statusCode());
    assertEquals(
        LastUpdateStatus.IN_PROGRESS,
        aws.lambda.getFunction(g -> g.functionName("fn")).configuration().lastUpdateStatus());
  }

  @Test
  void deleteBeforeUpdate_shouldMakeTheUpdateFindNoFunction() {
    // given
    aws.createFunction("fn");
    moto.deleteBeforeNextUpdate("fn");
    // when / then
    assertThrows(
        ResourceNotFoundException.class,
        () -> aws.lambda.updateFunctionConfiguration(u -> u.functionName("fn").memorySize(256)));
    assertThrows(
        ResourceNotFoundException.class, () -> aws.lambda.getFunction(g -> g.functionName("fn")));
  }

  @Test
  void gatedUpdates_withTheSameRevision_shouldMeetAndLetExactlyOneWin() throws Exception {
    // given
    String read = aws.createFunction("fn").revisionId();
    moto.gateUpdates("fn", 2);
    List<Callable<String>> writers =
        IntStream.range(0, 2)
            .<Callable<String>>mapToObj(
                i ->
                    () -> {
                      try {
                        aws.lambda.updateFunctionConfiguration(
                            u -> u.functionName("fn").revisionId(read).description("writer " + i));
                        return "applied";
                      } catch (PreconditionFailedException lost) {
                        return "precondition failed";
                      }
                    })
            .toList();
    // when
    List<String> outcomes;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      outcomes = pool.invokeAll(writers).stream().map(Future::resultNow).toList();
    }
    // then
    assertEquals(1, Collections.frequency(outcomes, "applied"), outcomes.toString());
    assertEquals(1, Collections.frequency(outcomes, "precondition failed"), outcomes.toString());
  }
}
