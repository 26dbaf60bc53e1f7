package io.lambdaguard.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The recorded events of {@code events/}, copied onto the test classpath by the build. */
public final class RecordedEvents {
  private RecordedEvents() {}

  public static Path folder() {
    try {
      return Path.of(RecordedEvents.class.getResource("/events").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every recorded EventBridge event file, sorted. {@code events/sqs/} holds SQS messages for the
   * tickets function instead (dead letters, ticket reports), which its own tests read.
   */
  public static List<Path> all() {
    Path sqs = folder().resolve("sqs");
    try (Stream<Path> files = Files.walk(folder())) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.startsWith(sqs))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text of {@code events/<relative>}, e.g. {@code lambda/create_function_without_key.json}.
   */
  public static String read(String relative) {
    try {
      return Files.readString(folder().resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
