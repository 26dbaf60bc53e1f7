package io.lambdaguard.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run measured on, for the report: numbers from two machines are not comparable.
 *
 * @param cpu the CPU model
 * @param cores the cores this JVM may use
 * @param memoryMb the machine's memory
 * @param os name and kernel version
 * @param jdk the runtime that ran the functions, as {@code java -version} names it
 */
record Machine(String cpu, int cores, long memoryMb, String os, String jdk) {

  static Machine describe(Path java) {
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        totalMemoryMb(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        jdk(java));
  }

  /** The 1-minute load average, to show how busy the machine was; NaN where /proc is missing. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String cpuModel() {
    return procLine("/proc/cpuinfo", "model name")
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .orElse(System.getProperty("os.arch"));
  }

  private static long totalMemoryMb() {
    return procLine("/proc/meminfo", "MemTotal:")
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
        .orElse(0L);
  }

  private static Optional<String> procLine(String file, String prefix) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(line -> line.startsWith(prefix))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The second line of {@code java -version}: vendor, build and version. */
  private static String jdk(Path java) {
    try {
      Process process =
          new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      process.waitFor(10, TimeUnit.SECONDS);
      List<String> lines = new String(output, StandardCharsets.UTF_8).lines().toList();
      return lines.size() > 1 ? lines.get(1).trim() : String.join(" ", lines);
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /**
   * {@code AMD EPYC, 2 cores, 23.5 GiB, Linux 6.8 amd64; OpenJDK Runtime Environment
   * Temurin-25.0.1+8}.
   */
  String summary() {
    return String.format(
        Locale.ROOT, "%s, %d cores, %.1f GiB, %s; %s", cpu, cores, memoryMb / 1024.0, os, jdk);
  }
}
