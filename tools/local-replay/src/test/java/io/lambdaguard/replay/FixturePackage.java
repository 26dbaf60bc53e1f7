package io.lambdaguard.replay;

import io.lambdaguard.replay.fixture.FixtureHandler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The test handlers of {@code io.lambdaguard.replay.fixture} as a Lambda deployment package, and
 * the replay's runtime.
 */
final class FixturePackage {

  static final String HANDLER = "io.lambdaguard.replay.fixture.FixtureHandler::handleRequest";
  static final String FAILING_INIT_HANDLER =
      "io.lambdaguard.replay.fixture.FailingInitHandler::handleRequest";
  static final Path ROOT = Path.of(System.getProperty("lambdaguard.root"));
  static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  private FixturePackage() {}

  /**
   * Writes {@code fixture.zip} into {@code directory}: the fixture classes at the root, like a
   * function's package.
   */
  static Path build(Path directory) throws IOException, URISyntaxException {
    Path classes =
        Path.of(FixtureHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path fixtures = classes.resolve("io/lambdaguard/replay/fixture");
    Path zip = directory.resolve("fixture.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
        Stream<Path> files = Files.list(fixtures)) {
      for (Path file : files.sorted().toList()) {
        out.putNextEntry(new ZipEntry(classes.relativize(file).toString()));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return zip;
  }

  /** A function definition for a fixture handler. */
  static FunctionDefinition function(Path zip, String handler, int timeoutSeconds) {
    return new FunctionDefinition(
        "Fixture",
        "fixture",
        zip,
        handler,
        "java25",
        256,
        timeoutSeconds,
        Map.of("FIXTURE_SETTING", "from-template"),
        List.of("{\"source\": [\"fixture\"]}"),
        "JSON",
        "INFO",
        "/aws/lambda/fixture");
  }

  static JavaRuntime runtime() {
    return JavaRuntime.locate(ROOT, JAVA);
  }
}
