package io.lambdaguard.replay;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The JVM and runtime jars that run a function the way Lambda's managed Java runtime does: the
 * runtime interface client's {@code AWSLambda} main class with the function's package and the RIC
 * on the classpath.
 *
 * @param java the {@code java} executable
 * @param runtimeJars the RIC and its dependencies (Lambda's /var/runtime/lib)
 */
record JavaRuntime(Path java, List<Path> runtimeJars) {

  static final String RIC_MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /** Where the RIC loads its native library from instead of unpacking it to /tmp. */
  static final String NATIVE_LIBRARY_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  /** Where the build copies the RIC jars, relative to the repository root. */
  static final Path RUNTIME_JARS = Path.of("tools", "local-replay", "target", "ric");

  /** Finds the RIC jars the build copied under {@code repositoryRoot}. */
  static JavaRuntime locate(Path repositoryRoot, Path java) {
    if (!Files.isExecutable(java)) {
      throw new ReplaySetupException(
          "no java executable at " + java + ": set JAVA_HOME or pass --java");
    }
    Path directory = repositoryRoot.resolve(RUNTIME_JARS);
    List<Path> jars;
    try (Stream<Path> files = Files.list(directory)) {
      jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      jars = List.of();
    }
    if (jars.stream()
        .noneMatch(
            jar ->
                jar.getFileName()
                    .toString()
                    .startsWith("aws-lambda-java-runtime-interface-client"))) {
      throw new ReplaySetupException(
          "the runtime interface client is missing from "
              + directory
              + ": build it with ./mvnw -q -DskipTests package -pl tools/local-replay -am");
    }
    return new JavaRuntime(java, jars);
  }

  /** The JVM options Lambda's Java runtime starts a function of {@code memoryMb} with. */
  static List<String> jvmOptions(int memoryMb) {
    return List.of(
        // The flags Lambda's Java runtimes start with: fast startup over peak throughput.
        "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xshare:auto",
        // Lambda leaves ~15 % of the function's memory to the JVM's own and native memory.
        "-Xmx" + Math.max(16, memoryMb * 85 / 100) + "m",
        // In Lambda's container the JVM sees the function's memory as the machine's, and sizes its
        // initial
        // heap and young generation from it; without this, a large host makes peak RSS look twice
        // as high.
        "-XX:MaxRAM=" + memoryMb + "m",
        // The RIC loads its JNI client with System.load; newer JDKs warn about that unless allowed.
        "--enable-native-access=ALL-UNNAMED");
  }

  /**
   * Copies the RIC's native library for this machine into {@code directory}, for one JVM alone.
   * Left to itself the RIC unpacks it to the fixed file {@code /tmp/.libaws-lambda-jni.so} at every
   * start (fine in Lambda, where each environment has its own /tmp), so a JVM starting while
   * another one has the file mapped overwrites it under the running one, which dies of SIGBUS.
   * Given the file's path in {@link #NATIVE_LIBRARY_PROPERTY}, the RIC loads that instead
   * (JniHelper.load in RIC 2.10.1).
   */
  Path privateNativeLibrary(Path directory) throws IOException {
    String name = nativeLibraryName(System.getProperty("os.arch"), isMusl());
    Path jar =
        runtimeJars.stream()
            .filter(
                file ->
                    file.getFileName()
                        .toString()
                        .startsWith("aws-lambda-java-runtime-interface-client"))
            .findFirst()
            .orElseThrow();
    Path library = directory.resolve(name);
    try (ZipFile file = new ZipFile(jar.toFile())) {
      ZipEntry entry = file.getEntry("jni/" + name);
      if (entry == null) {
        throw new ReplaySetupException(jar.getFileName() + " has no native library jni/" + name);
      }
      try (InputStream in = file.getInputStream(entry)) {
        Files.copy(in, library);
      }
    }
    return library;
  }

  /** The RIC's name for its native library on {@code osArch} (Java's {@code os.arch}). */
  static String nativeLibraryName(String osArch, boolean musl) {
    String arch =
        switch (osArch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch_64";
          default ->
              throw new ReplaySetupException(
                  "the runtime interface client has no native library for " + osArch);
        };
    return "libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + arch + ".so";
  }

  private static boolean isMusl() {
    try (Stream<Path> loaders = Files.list(Path.of("/lib"))) {
      return loaders.anyMatch(file -> file.getFileName().toString().startsWith("ld-musl-"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The command line Lambda's Java runtime would use for a function with {@code memoryMb} of
   * memory, loading the RIC's native library from {@code nativeLibrary} (see {@link
   * #privateNativeLibrary}).
   */
  List<String> command(Path taskRoot, int memoryMb, String handler, Path nativeLibrary) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions(memoryMb));
    command.add("-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary);
    String classpath =
        Stream.concat(
                Stream.of(taskRoot.toString(), taskRoot.resolve("lib") + "/*"),
                runtimeJars.stream().map(Path::toString))
            .collect(Collectors.joining(File.pathSeparator));
    command.addAll(List.of("-cp", classpath, RIC_MAIN_CLASS, handler));
    return command;
  }
}
