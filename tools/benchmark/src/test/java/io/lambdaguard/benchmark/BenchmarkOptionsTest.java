package io.lambdaguard.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  private static final String ROOT = System.getProperty("lambdaguard.root");

  @Test
  void defaults_meetTheIssuesMinimums() {
    // when
    BenchmarkOptions options = BenchmarkOptions.parse(List.of("--root", ROOT));

    // then
    assertEquals(7, options.coldStarts());
    assertEquals(200, options.warmEvents());
    assertTrue(options.meetsMinimums());
    assertEquals(Path.of(ROOT).resolve("target/benchmark"), options.output());
    assertEquals(List.of(), options.only());
  }

  @Test
  void smallRun_isAllowedButFlagged() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            List.of(
                "--root",
                ROOT,
                "--cold-starts",
                "2",
                "--warm-events",
                "20",
                "--only",
                "EncryptionFunction"));

    assertFalse(options.meetsMinimums());
    assertEquals(List.of("EncryptionFunction"), options.only());
  }

  @Test
  void variants_collectTheirPackageAndEnvironment() {
    // when
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            List.of(
                "--root",
                ROOT,
                "--variant",
                "before=EncryptionFunction",
                "--variant-package",
                "before=/tmp/before.zip",
                "--variant",
                "flags=EncryptionFunction",
                "--variant-env",
                "flags=JAVA_TOOL_OPTIONS=-Xshare:auto -Xss512k"));

    // then
    assertEquals(
        List.of(
            new Variant("before", "EncryptionFunction", Path.of("/tmp/before.zip"), Map.of()),
            new Variant(
                "flags",
                "EncryptionFunction",
                null,
                Map.of("JAVA_TOOL_OPTIONS", "-Xshare:auto -Xss512k"))),
        options.variants());
    assertEquals("EncryptionFunction-flags", options.variants().get(1).logicalId());
  }

  @Test
  void variantSettingWithoutVariant_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BenchmarkOptions.parse(
                List.of("--root", ROOT, "--variant-package", "before=/tmp/before.zip")));
  }

  @Test
  void badValues_areRefusedWithTheOptionsName() {
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchmarkOptions.parse(List.of("--root", ROOT, "--cold-starts", "0")));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchmarkOptions.parse(List.of("--root", ROOT, "--warm-events")));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchmarkOptions.parse(List.of("--root", ROOT, "--fast")));

    assertTrue(zero.getMessage().contains("--cold-starts"), zero.getMessage());
    assertTrue(missing.getMessage().contains("--warm-events"), missing.getMessage());
    assertTrue(unknown.getMessage().contains("--fast"), unknown.getMessage());
  }
}
