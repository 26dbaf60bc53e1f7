package io.lambdaguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the deployed code form a strict stack: a package refers only to packages of lower
 * layers, never to its own layer's neighbours or to a higher one. Read from the sources of {@code
 * shared/} and every {@code functions/*} module, so a new package or a new import is checked the
 * moment it is written.
 */
class LayersTest {
  /** The engine in {@code shared/}, lowest first. The one place the order is written. */
  static final List<Set<String>> ENGINE =
      List.of(
          Set.of("config", "events", "logging", "personaldata"),
          Set.of("aws", "pseudonyms"),
          Set.of("lambda", "tickets"),
          Set.of("rules"),
          Set.of("remediation"));

  /**
   * Above the engine, each function ({@code io.lambdaguard.<function>}) sits over its own
   * subpackages ({@code io.lambdaguard.<function>.<part>}); a function never refers to another
   * function.
   */
  private static final int FUNCTION_PARTS = ENGINE.size();

  private static final int FUNCTION = ENGINE.size() + 1;

  private static final Pattern PACKAGE =
      Pattern.compile("^package io\\.lambdaguard\\.([a-z0-9.]+);", Pattern.MULTILINE);

  /**
   * A reference to a class of the project: in an import, a static import or a fully qualified name.
   */
  private static final Pattern REFERENCE =
      Pattern.compile("io\\.lambdaguard\\.((?:[a-z][a-z0-9]*\\.)*[a-z][a-z0-9]*)\\.[A-Z]");

  @Test
  void everyReference_shouldPointToALowerLayer() {
    Map<String, Set<String>> references = references(mainSources());
    List<String> violations = new ArrayList<>();
    references.forEach(
        (from, targets) -> {
          for (String to : targets) {
            if (!to.equals(from) && !mayRefer(from, to)) {
              violations.add(from + " -> " + to);
            }
          }
        });

    assertEquals(List.of(), violations, "references against the layer order of LayersTest.ENGINE");
  }

  @Test
  void everyEnginePackage_shouldHaveItsPlaceInTheOrder() {
    Set<String> engine =
        new TreeSet<>(references(sourcesOf(root().resolve("shared/src/main/java"))).keySet());
    engine.removeIf(p -> layer(p) >= 0);

    assertEquals(Set.of(), engine, "packages of shared/ missing from LayersTest.ENGINE");
  }

  @Test
  void theCheck_shouldCatchAnUpwardAndASidewaysReference() {
    assertTrue(mayRefer("remediation", "aws"));
    assertTrue(mayRefer("encryption", "encryption.keys"));
    assertTrue(mayRefer("strip.detector", "personaldata"));
    assertFalse(mayRefer("aws", "remediation"), "upward");
    assertFalse(mayRefer("lambda", "tickets"), "sideways, same layer");
    assertFalse(mayRefer("encryption.keys", "encryption"), "a function's part to the function");
    assertFalse(mayRefer("encryption", "strip.detector"), "one function to another");
    assertFalse(mayRefer("rules", "encryption"), "the engine to a function");
  }

  static boolean mayRefer(String from, String to) {
    boolean fromFunction = layer(from) < 0;
    boolean toFunction = layer(to) < 0;
    if (fromFunction && toFunction && !root(from).equals(root(to))) {
      return false;
    }
    return rank(to) < rank(from);
  }

  private static int rank(String pkg) {
    int engine = layer(pkg);
    if (engine >= 0) {
      return engine;
    }
    return pkg.contains(".") ? FUNCTION_PARTS : FUNCTION;
  }

  private static int layer(String pkg) {
    for (int i = 0; i < ENGINE.size(); i++) {
      if (ENGINE.get(i).contains(pkg)) {
        return i;
      }
    }
    return -1;
  }

  private static String root(String pkg) {
    int dot = pkg.indexOf('.');
    return dot < 0 ? pkg : pkg.substring(0, dot);
  }

  /** Package (below {@code io.lambdaguard}) to the project packages its classes refer to. */
  private static Map<String, Set<String>> references(List<Path> sources) {
    Map<String, Set<String>> references = new TreeMap<>();
    for (Path source : sources) {
      String text = read(source);
      Matcher declared = PACKAGE.matcher(text);
      assertTrue(declared.find(), () -> "no io.lambdaguard package in " + source);
      Set<String> targets = references.computeIfAbsent(declared.group(1), p -> new TreeSet<>());
      Matcher reference = REFERENCE.matcher(text.substring(declared.end()));
      while (reference.find()) {
        targets.add(reference.group(1));
      }
    }
    return references;
  }

  private static List<Path> mainSources() {
    List<Path> sources = new ArrayList<>(sourcesOf(root().resolve("shared/src/main/java")));
    try (Stream<Path> functions = Files.list(root().resolve("functions"))) {
      functions
          .map(f -> f.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .sorted()
          .forEach(f -> sources.addAll(sourcesOf(f)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }

  private static List<Path> sourcesOf(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path source) {
    try {
      return Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    return Path.of(System.getProperty("lambdaguard.root"));
  }
}
