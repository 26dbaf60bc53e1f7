package io.lambdaguard.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A function's deployment package unpacked into a directory of its own, as Lambda unpacks it into /var/task. */
final class FunctionPackage implements AutoCloseable {

    private final Path taskRoot;

    private FunctionPackage(Path taskRoot) {
        this.taskRoot = taskRoot;
    }

    /** Unpacks {@code zip} into a new temporary directory. */
    static FunctionPackage unpack(Path zip, String functionName) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new ReplaySetupException("the package " + zip + " of " + functionName
                    + " does not exist: build it with ./mvnw -q -DskipTests package");
        }
        Path taskRoot = Files.createTempDirectory("local-replay-" + functionName + "-");
        try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = taskRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(taskRoot)) {
                    throw new ReplaySetupException(zip + " holds an entry outside the package root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
        return new FunctionPackage(taskRoot);
    }

    /** The directory the package was unpacked into: {@code LAMBDA_TASK_ROOT} and the JVM's working directory. */
    Path taskRoot() {
        return taskRoot;
    }

    /** Deletes the unpacked files. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(taskRoot)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
