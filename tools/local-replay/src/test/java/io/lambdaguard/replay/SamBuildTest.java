package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.CloudFormationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sam build} as SAM's makefile builder (aws-lambda-builders' CustomMakeWorkflow) runs it,
 * from a fresh copy of the repository: the function's {@code CodeUri} is copied to a scratch
 * directory (without {@code .aws-sam} and {@code .git}), and there {@code make --makefile
 * <CodeUri>/Makefile build-<LogicalId>} runs with {@code ARTIFACTS_DIR} set. What lands in {@code
 * ARTIFACTS_DIR} is what {@code sam deploy} zips and uploads.
 *
 * <p>Offline ({@code MAVEN_ARGS=-o}): the dependencies are those the surrounding build already
 * resolved. Tests are skipped by the Makefile itself, so each function costs one compile of the
 * modules it needs.
 */
class SamBuildTest {

  private static final List<String> FORBIDDEN_LIBRARIES =
      List.of(
          "netty",
          "apache-client",
          "apache5-client",
          "httpclient",
          "junit",
          "wiremock",
          "testkit",
          "moto");
  private static final List<String> FORBIDDEN_CLASS_PREFIXES =
      List.of(
          "io/netty/",
          "org/apache/http/",
          "org/apache/hc/",
          "org/junit/",
          "io/lambdaguard/testkit/");

  @TempDir static Path work;

  private static Path clone;
  private static final Map<String, BuiltFunction> BUILT = new TreeMap<>();

  record BuiltFunction(
      String codeUri, String handler, Path artifacts, int exitCode, String output, long millis) {}

  @BeforeAll
  static void buildEveryFunctionAsSamDoes() throws Exception {
    clone = freshCopy(FixturePackage.ROOT, work.resolve("clone"));
    Map<String, Object> resources =
        Intrinsics.section(CloudFormationYaml.load(clone.resolve("template.yaml")), "Resources");
    for (Map.Entry<String, Object> resource : resources.entrySet()) {
      Map<?, ?> definition = Intrinsics.asMap(resource.getValue());
      if (!"AWS::Serverless::Function".equals(definition.get("Type"))) {
        continue;
      }
      String logicalId = resource.getKey();
      assertEquals(
          "makefile",
          Intrinsics.asMap(definition.get("Metadata")).get("BuildMethod"),
          logicalId
              + ": sam build needs BuildMethod makefile, or it skips or misbuilds the function");
      Map<?, ?> properties = Intrinsics.asMap(definition.get("Properties"));
      BUILT.put(
          logicalId,
          build(logicalId, (String) properties.get("CodeUri"), (String) properties.get("Handler")));
    }
  }

  private static BuiltFunction build(String logicalId, String codeUri, String handler)
      throws Exception {
    Path source = clone.resolve(codeUri);
    Path scratch = freshCopy(source, work.resolve("scratch-" + logicalId));
    Path artifacts = work.resolve(".aws-sam/build/" + logicalId);
    Path output = work.resolve(logicalId + ".make.log");
    ProcessBuilder make =
        new ProcessBuilder(
                "make", "--makefile", source.resolve("Makefile").toString(), "build-" + logicalId)
            .directory(scratch.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    make.environment().put("ARTIFACTS_DIR", artifacts.toString());
    make.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
    make.environment().put("MAVEN_ARGS", "-o");
    long started = System.nanoTime();
    Process process = make.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf(
        "sam build %s: %d ms, %d bytes unpacked%n",
        logicalId, millis, Files.isDirectory(artifacts) ? size(artifacts) : 0);
    return new BuiltFunction(
        codeUri, handler, artifacts, process.exitValue(), Files.readString(output), millis);
  }

  @Test
  void everyFunction_isBuiltByItsMakeTarget() {
    assertEquals(
        Set.of(
            "EncryptionFunction", "StripPersonalDataFunction", "TicketsFunction", "SweepFunction"),
        BUILT.keySet());
    BUILT.forEach(
        (logicalId, built) -> {
          assertEquals(0, built.exitCode(), logicalId + ": make failed:\n" + tail(built.output()));
          assertTrue(Files.isDirectory(built.artifacts()), logicalId);
        });
  }

  @Test
  void artifacts_haveTheHandlerClassAtTheRootAndTheDependenciesInLib() throws IOException {
    for (Map.Entry<String, BuiltFunction> entry : BUILT.entrySet()) {
      BuiltFunction built = entry.getValue();
      String handlerClass =
          built.handler().substring(0, built.handler().indexOf("::")).replace('.', '/') + ".class";
      assertTrue(
          Files.isRegularFile(built.artifacts().resolve(handlerClass)),
          entry.getKey() + ": " + handlerClass);
      List<String> jars = list(built.artifacts().resolve("lib"));
      assertTrue(
          jars.stream().anyMatch(jar -> jar.startsWith("lambdaguard-shared-")),
          entry.getKey() + ": " + jars);
      assertTrue(
          jars.stream().anyMatch(jar -> jar.startsWith("url-connection-client-")),
          entry.getKey() + ": " + jars);
      assertTrue(jars.stream().allMatch(jar -> jar.endsWith(".jar")), entry.getKey() + ": " + jars);
      List<String> jarsOutsideLib =
          files(built.artifacts()).stream()
              .filter(file -> file.endsWith(".jar") && !file.startsWith("lib/"))
              .toList();
      assertEquals(
          List.of(), jarsOutsideLib, entry.getKey() + ": the runtime loads jars from lib/ only");
    }
  }

  @Test
  void artifacts_holdNoTestCodeAndNoOtherHttpClient() throws IOException {
    for (Map.Entry<String, BuiltFunction> entry : BUILT.entrySet()) {
      Path artifacts = entry.getValue().artifacts();
      List<String> files = files(artifacts);
      List<String> testClasses =
          files.stream().filter(file -> file.matches(".*(Test|Tests|IT)(\\$.*)?\\.class")).toList();
      assertEquals(List.of(), testClasses, entry.getKey());
      List<String> forbiddenJars =
          list(artifacts.resolve("lib")).stream()
              .filter(jar -> FORBIDDEN_LIBRARIES.stream().anyMatch(jar::contains))
              .toList();
      assertEquals(List.of(), forbiddenJars, entry.getKey());
      for (String jar : list(artifacts.resolve("lib"))) {
        try (JarFile file = new JarFile(artifacts.resolve("lib").resolve(jar).toFile())) {
          List<String> shaded =
              file.stream()
                  .map(ZipEntry::getName)
                  .filter(name -> FORBIDDEN_CLASS_PREFIXES.stream().anyMatch(name::startsWith))
                  .limit(3)
                  .toList();
          assertEquals(List.of(), shaded, entry.getKey() + ": " + jar);
        }
      }
    }
  }

  /**
   * The replay and the benchmark run the module's zip; sam deploy uploads ARTIFACTS_DIR: they must
   * be the same.
   */
  @Test
  void artifacts_areExactlyThePackageTheReplayRuns() throws IOException {
    for (Map.Entry<String, BuiltFunction> entry : BUILT.entrySet()) {
      Path zip = FunctionPackage.locate(clone.resolve(entry.getValue().codeUri()));
      Set<String> zipped = new TreeSet<>();
      try (ZipFile file = new ZipFile(zip.toFile())) {
        file.stream()
            .filter(e -> !e.isDirectory())
            .forEach(
                e -> {
                  zipped.add(e.getName());
                  try {
                    assertTrue(
                        Arrays.equals(
                            file.getInputStream(e).readAllBytes(),
                            Files.readAllBytes(entry.getValue().artifacts().resolve(e.getName()))),
                        e.getName());
                  } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                  }
                });
      }
      assertEquals(zipped, new TreeSet<>(files(entry.getValue().artifacts())), entry.getKey());
    }
  }

  /**
   * {@code ./replay --template .aws-sam/build/template.yaml} runs what sam build wrote, as sam
   * deploy uploads it.
   */
  @Test
  void samBuildsTemplate_replaysFromTheBuiltDirectories() throws Exception {
    String template = Files.readString(clone.resolve("template.yaml"));
    for (Map.Entry<String, BuiltFunction> entry : BUILT.entrySet()) {
      // sam build rewrites each CodeUri to the function's directory next to the template it writes.
      template =
          template.replace(
              "CodeUri: " + entry.getValue().codeUri() + "\n", "CodeUri: " + entry.getKey() + "\n");
    }
    Path built = work.resolve(".aws-sam/build/template.yaml");
    Files.writeString(built, template);
    for (FunctionDefinition function :
        SamTemplate.load(built).functions(Map.of(), AwsTarget.emulator("us-east-1"))) {
      assertEquals(work.resolve(".aws-sam/build/" + function.logicalId()), function.packageZip());
    }

    ReplayReport report =
        LocalReplay.run(
            ReplayOptions.builder(FixturePackage.ROOT)
                .java(FixturePackage.JAVA)
                .template(built)
                .input(
                    FixturePackage.ROOT.resolve("events/lambda/create_function_without_key.json"))
                .parameter("Mode", "enforce")
                .build());

    ReplayRow encryption =
        report.rows().stream()
            .filter(row -> row.function().equals("EncryptionFunction"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        InvocationStatus.RESPONDED, encryption.status(), String.valueOf(encryption.error()));
    assertTrue(
        encryption.outcomes().stream()
            .anyMatch(o -> o.rule().equals("env-vars-customer-key") && o.outcome().equals("fixed")),
        encryption.outcomes().toString());
    assertEquals(0, report.exitCode());
  }

  /** The repository as a fresh clone has it: sources, no build output. */
  private static Path freshCopy(Path from, Path to) throws IOException {
    Set<String> skipped = Set.of("target", ".git", ".aws-sam", ".idea", "__pycache__");
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path relative = from.relativize(path);
        boolean skip = false;
        for (Path part : relative) {
          skip |= skipped.contains(part.toString());
        }
        if (skip) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  private static List<String> files(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths
          .filter(Files::isRegularFile)
          .map(path -> directory.relativize(path).toString())
          .sorted()
          .toList();
    }
  }

  private static List<String> list(Path directory) throws IOException {
    try (Stream<Path> paths = Files.list(directory)) {
      return paths.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  private static long size(Path directory) throws IOException {
    long total = 0;
    for (String file : files(directory)) {
      total += Files.size(directory.resolve(file));
    }
    return total;
  }

  private static String tail(String output) {
    List<String> lines = new ArrayList<>(output.lines().toList());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
