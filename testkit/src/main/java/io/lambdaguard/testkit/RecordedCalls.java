package io.lambdaguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Every AWS request the emulators of this test JVM served, whatever resets happened between tests:
 * with the system property {@value #PROPERTY} set (the parent pom sets it to {@code
 * target/aws-calls}), each {@link MotoServer} appends its calls to a file under {@code <that
 * directory>/<this JVM>/}. A permissions test that runs after a module's integration tests reads
 * them back and sees what the functions really called.
 */
public final class RecordedCalls {
  public static final String PROPERTY = "lambdaguard.awsCallLog";

  /**
   * This JVM: its pid and start time, so files of earlier runs in the same directory are never
   * read.
   */
  private static final String RUN =
      ProcessHandle.current().pid() + "-" + ManagementFactory.getRuntimeMXBean().getStartTime();

  private RecordedCalls() {}

  /** Where the emulator on {@code port} appends its calls; empty when recording is off. */
  static Optional<Path> fileFor(int port) {
    return runDirectory()
        .map(
            directory -> {
              try {
                Files.createDirectories(directory);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
              }
              return directory.resolve("moto-" + port + ".jsonl");
            });
  }

  private static Optional<Path> runDirectory() {
    String base = System.getProperty(PROPERTY);
    return base == null || base.isBlank() ? Optional.empty() : Optional.of(Path.of(base, RUN));
  }

  /** Every call recorded by this JVM's emulators so far, file by file, each in arrival order. */
  public static List<ApiCall> ofThisJvm() {
    Path directory =
        runDirectory()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "system property "
                            + PROPERTY
                            + " is not set (the parent pom sets it for tests)"));
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<ApiCall> calls = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            calls.add(MotoServer.apiCall(JsonNode.parser().parse(line)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the call log in " + directory, e);
    }
    return calls;
  }

  /**
   * The IAM actions each function principal called; a call whose action is unknown is named {@code
   * ?service:operation}.
   */
  public static Map<FunctionPrincipal, Set<String>> actionsByPrincipal(List<ApiCall> calls) {
    Map<FunctionPrincipal, Set<String>> actions =
        new TreeMap<>(
            java.util.Comparator.comparing(FunctionPrincipal::role)
                .thenComparing(FunctionPrincipal::ticketSink));
    for (ApiCall call : calls) {
      FunctionPrincipal.signerOf(call)
          .ifPresent(
              principal ->
                  actions
                      .computeIfAbsent(principal, p -> new TreeSet<>())
                      .add(
                          call.iamAction()
                              .orElse(
                                  "?"
                                      + call.service()
                                      + ":"
                                      + call.operation()
                                      + " "
                                      + call.method()
                                      + " "
                                      + call.path())));
    }
    return actions;
  }
}
