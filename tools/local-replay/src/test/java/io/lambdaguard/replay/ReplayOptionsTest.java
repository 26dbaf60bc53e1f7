package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

  private static final String ROOT = FixturePackage.ROOT.toString();

  @Test
  void defaults_replayEventsOfTheRootWithItsTemplateOnTheEmbeddedMoto() {
    ReplayOptions options = ReplayOptions.parse(List.of("--root", ROOT));

    assertEquals(List.of(FixturePackage.ROOT.resolve("events")), options.inputs());
    assertEquals(FixturePackage.ROOT.resolve("template.yaml"), options.template());
    assertNull(options.endpoint());
    assertFalse(
        options.aws()
            || options.cold()
            || options.json()
            || options.listCalls()
            || options.verbose());
    assertTrue(options.java().endsWith(Path.of("bin", "java")));
  }

  @Test
  void everyOption_isRead() {
    ReplayOptions options =
        ReplayOptions.parse(
            List.of(
                "a.json",
                "--root",
                ROOT,
                "--parameter",
                "Mode=enforce",
                "--parameter",
                "Url=https://x/?a=b",
                "--endpoint",
                "http://127.0.0.1:5000",
                "--seed",
                "--region",
                "eu-west-1",
                "--cold",
                "--json",
                "--calls",
                "--verbose",
                "--java",
                "/opt/jdk/bin/java",
                "dir"));

    assertEquals(List.of(Path.of("a.json"), Path.of("dir")), options.inputs());
    assertEquals(Map.of("Mode", "enforce", "Url", "https://x/?a=b"), options.parameters());
    assertEquals(URI.create("http://127.0.0.1:5000"), options.endpoint());
    assertTrue(
        options.seed()
            && options.cold()
            && options.json()
            && options.listCalls()
            && options.verbose());
    assertEquals("eu-west-1", options.region());
    assertEquals(Path.of("/opt/jdk/bin/java"), options.java());
  }

  @Test
  void root_isFoundAboveTheWorkingDirectory() {
    assertEquals(
        FixturePackage.ROOT,
        ReplayOptions.findRoot(FixturePackage.ROOT.resolve("tools/local-replay")));
  }

  @Test
  void contradictionsAndMistakes_areUsageErrors() {
    assertEquals(
        "--aws and --endpoint exclude each other",
        usageError("--aws", "--endpoint", "http://127.0.0.1:1"));
    assertEquals(
        "--seed needs --endpoint: the embedded moto is always seeded, real AWS never",
        usageError("--seed"));
    assertEquals(
        "--region needs --endpoint or --aws: the embedded moto runs in us-east-1",
        usageError("--region", "eu-west-1"));
    assertEquals("--parameter takes NAME=VALUE, got Mode", usageError("--parameter", "Mode"));
    assertEquals("--template needs a value", usageError("--template"));
    assertEquals(
        "--endpoint needs an absolute URL such as http://127.0.0.1:5000, got localhost:5000",
        usageError("--endpoint", "localhost:5000"));
    assertEquals("unknown option --colder", usageError("--colder"));
  }

  private static String usageError(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("--root", ROOT));
    all.addAll(List.of(args));
    return assertThrows(UsageException.class, () -> ReplayOptions.parse(all)).getMessage();
  }
}
