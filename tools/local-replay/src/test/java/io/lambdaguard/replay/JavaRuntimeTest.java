package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeTest {

  @Test
  void nativeLibraryName_isTheRuntimeInterfaceClientsForTheMachine() {
    assertEquals(
        "libaws-lambda-jni.linux-x86_64.so", JavaRuntime.nativeLibraryName("amd64", false));
    assertEquals(
        "libaws-lambda-jni.linux-aarch_64.so", JavaRuntime.nativeLibraryName("aarch64", false));
    assertEquals(
        "libaws-lambda-jni.linux_musl-x86_64.so", JavaRuntime.nativeLibraryName("x86_64", true));
    assertEquals(
        "libaws-lambda-jni.linux_musl-aarch_64.so", JavaRuntime.nativeLibraryName("aarch64", true));
    assertThrows(ReplaySetupException.class, () -> JavaRuntime.nativeLibraryName("ppc64le", false));
  }

  @Test
  void privateNativeLibrary_isTheJarsLibraryCopiedWhereAsked(@TempDir Path directory)
      throws Exception {
    JavaRuntime runtime = FixturePackage.runtime();

    Path library = runtime.privateNativeLibrary(directory);

    assertTrue(library.startsWith(directory), library.toString());
    Path jar =
        runtime.runtimeJars().stream()
            .filter(
                file ->
                    file.getFileName()
                        .toString()
                        .startsWith("aws-lambda-java-runtime-interface-client"))
            .findFirst()
            .orElseThrow();
    try (ZipFile file = new ZipFile(jar.toFile())) {
      byte[] packaged =
          file.getInputStream(file.getEntry("jni/" + library.getFileName())).readAllBytes();
      assertArrayEquals(packaged, Files.readAllBytes(library));
    }
    List<String> command = runtime.command(Path.of("/task"), 512, "a.B::c", library);
    assertTrue(
        command.contains("-D" + JavaRuntime.NATIVE_LIBRARY_PROPERTY + "=" + library),
        command.toString());
    assertEquals(
        "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI",
        JavaRuntime.NATIVE_LIBRARY_PROPERTY,
        "the property JniHelper.load reads in RIC 2.10.1");
  }
}
