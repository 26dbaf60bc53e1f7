package io.lambdaguard.replay;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JVM and runtime jars that run a function the way Lambda's managed Java runtime does: the runtime interface
 * client's {@code AWSLambda} main class with the function's package and the RIC on the classpath.
 *
 * @param java        the {@code java} executable
 * @param runtimeJars the RIC and its dependencies (Lambda's /var/runtime/lib)
 */
record JavaRuntime(Path java, List<Path> runtimeJars) {

    static final String RIC_MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** Where the build copies the RIC jars, relative to the repository root. */
    static final Path RUNTIME_JARS = Path.of("tools", "local-replay", "target", "ric");

    /** Finds the RIC jars the build copied under {@code repositoryRoot}. */
    static JavaRuntime locate(Path repositoryRoot, Path java) {
        if (!Files.isExecutable(java)) {
            throw new ReplaySetupException("no java executable at " + java + ": set JAVA_HOME or pass --java");
        }
        Path directory = repositoryRoot.resolve(RUNTIME_JARS);
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            jars = List.of();
        }
        if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
            throw new ReplaySetupException("the runtime interface client is missing from " + directory
                    + ": build it with ./mvnw -q -DskipTests package -pl tools/local-replay -am");
        }
        return new JavaRuntime(java, jars);
    }

    /** The JVM options Lambda's Java runtime starts a function of {@code memoryMb} with. */
    static List<String> jvmOptions(int memoryMb) {
        return List.of(
                // The flags Lambda's Java runtimes start with: fast startup over peak throughput.
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                // Lambda leaves ~15 % of the function's memory to the JVM's own and native memory.
                "-Xmx" + Math.max(16, memoryMb * 85 / 100) + "m",
                // In Lambda's container the JVM sees the function's memory as the machine's, and sizes its initial
                // heap and young generation from it; without this, a large host makes peak RSS look twice as high.
                "-XX:MaxRAM=" + memoryMb + "m",
                // The RIC loads its JNI client with System.load; newer JDKs warn about that unless allowed.
                "--enable-native-access=ALL-UNNAMED");
    }

    /** The command line Lambda's Java runtime would use for a function with {@code memoryMb} of memory. */
    List<String> command(Path taskRoot, int memoryMb, String handler) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions(memoryMb));
        String classpath = Stream.concat(Stream.of(taskRoot.toString(), taskRoot.resolve("lib") + "/*"),
                runtimeJars.stream().map(Path::toString)).collect(Collectors.joining(File.pathSeparator));
        command.addAll(List.of("-cp", classpath, RIC_MAIN_CLASS, handler));
        return command;
    }
}
