package io.lambdaguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaguard.replay.RuntimeApiServer.PendingInvocation;
import io.lambdaguard.replay.RuntimeApiServer.RuntimeReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Lambda execution environment: a JVM that runs a function's package through the runtime
 * interface client and polls a {@link RuntimeApiServer} of its own. It stays warm between
 * invocations until closed or until it dies.
 */
final class ExecutionEnvironment implements AutoCloseable {

  /**
   * Lambda's limit for the init phase of an on-demand function. Lambda then repeats the init inside
   * the first invocation, under the function's Timeout, so an init may take up to this plus the
   * Timeout.
   */
  static final Duration INIT_LIMIT = Duration.ofSeconds(10);

  private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

  private final FunctionDefinition function;
  private final RuntimeApiServer runtimeApi;
  private final Process process;
  private final long startedNanos;
  private final FunctionLog log;
  private final Thread logFollower;
  private boolean initialised;
  private boolean closed;
  private final CompletableFuture<Long> initCpuNanos;

  /** This JVM's own copy of the RIC's native library, deleted once the JVM has exited. */
  private final Path nativeDirectory;

  private ExecutionEnvironment(
      FunctionDefinition function,
      RuntimeApiServer runtimeApi,
      Process process,
      long startedNanos,
      FunctionLog log,
      Path nativeDirectory) {
    this.function = function;
    this.nativeDirectory = nativeDirectory;
    this.runtimeApi = runtimeApi;
    this.process = process;
    this.startedNanos = startedNanos;
    this.log = log;
    this.logFollower = log.follow(process.getInputStream());
    // Read on the Runtime API's thread as the request arrives, before the event is handed out.
    this.initCpuNanos = runtimeApi.firstNextRequest().thenApply(arrived -> cpuNanos());
  }

  /**
   * Starts the function's JVM (a cold start); its init runs while the first invocation is awaited.
   *
   * @param environment the function's environment variables except {@code AWS_LAMBDA_RUNTIME_API},
   *     added here
   */
  static ExecutionEnvironment start(
      FunctionDefinition function,
      String functionArn,
      JavaRuntime runtime,
      Path taskRoot,
      Map<String, String> environment,
      FunctionLog log)
      throws IOException {
    Path nativeDirectory = Files.createTempDirectory("local-replay-jni-");
    RuntimeApiServer runtimeApi;
    Path nativeLibrary;
    try {
      nativeLibrary = runtime.privateNativeLibrary(nativeDirectory);
      runtimeApi = RuntimeApiServer.start(functionArn);
    } catch (IOException | RuntimeException e) {
      deleteTree(nativeDirectory);
      throw e;
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                runtime.command(
                    taskRoot, function.memorySizeMb(), function.handler(), nativeLibrary))
            .directory(taskRoot.toFile())
            .redirectErrorStream(true);
    // Only what Lambda would set: nothing of the replay's own environment (credentials, profiles)
    // leaks in.
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
    long startedNanos = System.nanoTime();
    try {
      return new ExecutionEnvironment(
          function, runtimeApi, builder.start(), startedNanos, log, nativeDirectory);
    } catch (IOException e) {
      runtimeApi.close();
      deleteTree(nativeDirectory);
      throw e;
    }
  }

  /** Whether the JVM still runs and can take the next invocation warm. */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Invokes the function with one event and waits, at most as long as Lambda would, for its answer.
   */
  InvocationResult invoke(String eventJson) throws InterruptedException {
    Duration timeout = Duration.ofSeconds(function.timeoutSeconds());
    PendingInvocation invocation = runtimeApi.submit(eventJson, timeout);
    log.line("START RequestId: " + invocation.requestId() + " Version: $LATEST");
    Double initDurationMs = null;
    Double initCpuMs = null;
    // A warm JVM waits on /next and spends next to nothing until the event arrives.
    Long cpuBefore = initialised ? cpuNanos() : null;
    if (!initialised) {
      boolean ready =
          await(
              CompletableFuture.anyOf(
                  runtimeApi.firstNextRequest(), runtimeApi.initError(), process.onExit()),
              INIT_LIMIT.plus(timeout));
      if (runtimeApi.initError().isDone()) {
        return finish(
            invocation,
            InvocationResult.notStarted(
                InvocationStatus.INIT_ERROR,
                "init error: " + describeError(runtimeApi.initError().join())));
      }
      if (!runtimeApi.firstNextRequest().isDone()) {
        return finish(
            invocation,
            ready
                ? InvocationResult.notStarted(
                    InvocationStatus.CRASHED, "JVM exited during init with code " + exitCode())
                : InvocationResult.notStarted(
                    InvocationStatus.TIMEOUT,
                    "init did not finish within " + INIT_LIMIT.plus(timeout).toSeconds() + " s"));
      }
      initialised = true;
      initDurationMs = millis(runtimeApi.firstNextRequest().join() - startedNanos);
      cpuBefore = initCpuNanos.join();
      initCpuMs = cpuBefore == null ? null : millis(cpuBefore);
    }
    boolean answered =
        await(CompletableFuture.anyOf(invocation.reply(), process.onExit()), timeout);
    InvocationResult result;
    if (invocation.reply().isDone() && !invocation.reply().isCompletedExceptionally()) {
      RuntimeReply reply = invocation.reply().join();
      Long cpuAfter = cpuNanos();
      Double cpuMs = cpuBefore == null || cpuAfter == null ? null : millis(cpuAfter - cpuBefore);
      result =
          new InvocationResult(
              reply.success() ? InvocationStatus.RESPONDED : InvocationStatus.FUNCTION_ERROR,
              reply.body(),
              reply.success() ? null : describeError(reply),
              initDurationMs,
              millis(reply.duration().toNanos()),
              initCpuMs,
              cpuMs,
              peakRssMb());
    } else if (answered) {
      result =
          new InvocationResult(
              InvocationStatus.CRASHED,
              null,
              "JVM exited with code " + exitCode(),
              initDurationMs,
              elapsedSinceHandOut(invocation),
              initCpuMs,
              null,
              null);
    } else {
      result =
          new InvocationResult(
              InvocationStatus.TIMEOUT,
              null,
              String.format(
                  Locale.ROOT,
                  "Task timed out after %.2f seconds",
                  (double) function.timeoutSeconds()),
              initDurationMs,
              elapsedSinceHandOut(invocation),
              initCpuMs,
              null,
              peakRssMb());
    }
    return finish(invocation, result);
  }

  private static Double elapsedSinceHandOut(PendingInvocation invocation) {
    return invocation.handedOut().isDone()
        ? millis(System.nanoTime() - invocation.handedOut().join())
        : null;
  }

  private InvocationResult finish(PendingInvocation invocation, InvocationResult result) {
    if (result.status() != InvocationStatus.RESPONDED
        && result.status() != InvocationStatus.FUNCTION_ERROR) {
      // Lambda discards an environment that timed out, crashed or failed its init; the next invoke
      // starts cold.
      close();
    }
    log.line("END RequestId: " + invocation.requestId());
    log.line(reportLine(invocation.requestId(), result));
    return result;
  }

  private String reportLine(String requestId, InvocationResult result) {
    StringBuilder line = new StringBuilder("REPORT RequestId: " + requestId);
    if (result.durationMs() != null) {
      line.append(
          String.format(
              Locale.ROOT,
              "\tDuration: %.2f ms\tBilled Duration: %d ms",
              result.durationMs(),
              (long) Math.ceil(result.durationMs())));
    }
    line.append("\tMemory Size: ").append(function.memorySizeMb()).append(" MB");
    if (result.peakRssMb() != null) {
      line.append("\tMax Memory Used: ").append(result.peakRssMb()).append(" MB");
    }
    if (result.initDurationMs() != null) {
      line.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", result.initDurationMs()));
    }
    if (result.status() != InvocationStatus.RESPONDED) {
      line.append("\tStatus: ").append(result.status().name().toLowerCase(Locale.ROOT));
    }
    return line.toString();
  }

  /** Ends the JVM (its {@code /next} request stays unanswered) and stops the Runtime API. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      process.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      // The follower copies what the JVM printed last; wait for it so that the log is complete.
      logFollower.join(EXIT_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.line(
          "local-replay: the function's JVM (pid "
              + process.pid()
              + ") did not exit after SIGKILL");
    }
    runtimeApi.close();
    if (!process.isAlive()) {
      deleteTree(nativeDirectory);
    }
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A temporary directory left behind is harmless; the replay's result stands.
    }
  }

  /**
   * Waits for {@code future}; false when {@code limit} passed first. A kill during the wait counts
   * as done.
   */
  private static boolean await(CompletableFuture<?> future, Duration limit)
      throws InterruptedException {
    try {
      future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /**
   * The JVM's peak resident set size (VmHWM), like Lambda's "Max Memory Used"; null where /proc is
   * missing.
   */
  private Integer peakRssMb() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          long kilobytes = Long.parseLong(line.replaceAll("\\D", ""));
          return Math.toIntExact((kilobytes + 1023) / 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The process is gone or this is not Linux: no number rather than a wrong one.
    }
    return null;
  }

  /**
   * The CPU time all the JVM's threads have used, as the kernel accounts it (in clock ticks,
   * usually 10 ms); null where the platform does not tell. Unlike elapsed time, another busy
   * process on the machine barely changes it.
   */
  private Long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(null);
  }

  private String exitCode() {
    try {
      return Integer.toString(
          process.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS).exitValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // fall through: still running
    }
    return "unknown";
  }

  /**
   * "errorType: errorMessage" of a Runtime API error document, whatever parts of it are there. The
   * document's type (the exception class) says more than the header's category ({@code
   * Runtime.UserException}), so it comes first.
   */
  static String describeError(RuntimeReply reply) {
    String type = null;
    String message;
    try {
      JsonNode document = Json.MAPPER.readTree(reply.body());
      type = Json.text(document, "errorType");
      message = Json.text(document, "errorMessage");
    } catch (IOException e) {
      message = reply.body();
    }
    if (type == null) {
      type = reply.errorType();
    }
    return List.of(type == null ? "" : type, message == null ? "" : message).stream()
        .filter(part -> !part.isBlank())
        .reduce((a, b) -> a + ": " + b)
        .orElse("no error details");
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
