package io.lambdaguard.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the event files to replay. */
final class EventFiles {

  private EventFiles() {}

  /** Files as given, and every {@code *.json} below folders, each folder's files sorted by path. */
  static List<Path> collect(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> found = Files.walk(input)) {
          files.addAll(
              found
                  .filter(Files::isRegularFile)
                  .filter(file -> file.getFileName().toString().endsWith(".json"))
                  .sorted()
                  .toList());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + input, e);
        }
      } else if (Files.isRegularFile(input)) {
        files.add(input);
      } else {
        throw new UsageException("no such event file or folder: " + input);
      }
    }
    return files;
  }
}
