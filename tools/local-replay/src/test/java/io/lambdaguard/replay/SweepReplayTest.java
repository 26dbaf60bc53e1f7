package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./replay --sweep}: the template's sweep function, run through the runtime interface client
 * against moto.
 */
class SweepReplayTest {

  private record Result(int exitCode, String out, String err) {}

  private static Result replay(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--root", FixturePackage.ROOT.toString()));
    int exit =
        LocalReplay.execute(
            all,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void sweep_shouldQueueEverySeededFunction_andPrintTheSummaryCallsAndMemory() {
    Result result = replay("--sweep", "--seed-functions", "60");

    assertEquals(0, result.exitCode(), () -> result.out() + result.err());
    assertTrue(result.out().contains("60 functions seeded"), result.out());
    assertTrue(
        result.out().contains("listed          60 (the stack's own skipped: 0)"), result.out());
    assertTrue(result.out().contains("on each queue   60"), result.out());
    // Two queues of 61 messages (60 functions and the run's account-level check): 7 batches each.
    assertTrue(
        result.out().contains("AWS calls       lambda:ListFunctions 2, sqs:SendMessageBatch 14"),
        result.out());
    assertTrue(result.out().contains("messages sent   122 (not sent: 0"), result.out());
    assertTrue(result.out().matches("(?s).*peak RSS        \\d+ MB.*"), result.out());
  }

  @Test
  void sweep_shouldRefuseRealAwsAndBadCounts() {
    assertEquals(2, replay("--sweep", "--aws").exitCode());
    assertEquals(2, replay("--sweep", "--seed-functions", "many").exitCode());
    assertEquals(2, replay("--sweep", "--seed-functions").exitCode());
  }
}
