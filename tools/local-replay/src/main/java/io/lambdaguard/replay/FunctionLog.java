package io.lambdaguard.replay;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A function's log for one replay: what its JVMs print, between Lambda-style START/END/REPORT
 * lines, written to a file and, when asked, echoed with the function's name in front.
 */
final class FunctionLog implements AutoCloseable {

  private final Path file;
  private final BufferedWriter writer;
  private final PrintStream echo;
  private final String echoPrefix;

  private FunctionLog(Path file, BufferedWriter writer, PrintStream echo, String echoPrefix) {
    this.file = file;
    this.writer = writer;
    this.echo = echo;
    this.echoPrefix = echoPrefix;
  }

  /**
   * Starts an empty log file.
   *
   * @param echo where to repeat each line, or null
   */
  static FunctionLog create(Path file, String functionName, PrintStream echo) throws IOException {
    Files.createDirectories(file.getParent());
    return new FunctionLog(
        file,
        Files.newBufferedWriter(file, StandardCharsets.UTF_8),
        echo,
        "[" + functionName + "] ");
  }

  Path file() {
    return file;
  }

  /**
   * Appends a line; flushed at once so that the file is complete even when the replay is
   * interrupted.
   */
  synchronized void line(String line) {
    try {
      writer.write(line);
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    if (echo != null) {
      echo.println(echoPrefix + line);
    }
  }

  /**
   * Copies a process's output into the log, line by line, on a thread of its own that ends with the
   * output.
   */
  Thread follow(InputStream output) {
    return Thread.ofPlatform()
        .daemon()
        .name("log-" + file.getFileName())
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  line(line);
                }
              } catch (IOException e) {
                // The process was killed mid-line: nothing more to copy.
              }
            });
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
