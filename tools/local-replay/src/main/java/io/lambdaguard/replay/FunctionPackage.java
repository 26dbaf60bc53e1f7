package io.lambdaguard.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A function's deployment package unpacked into a directory of its own, as Lambda unpacks it into
 * /var/task.
 */
final class FunctionPackage implements AutoCloseable {

  private static final String MAVEN_POM = "pom.xml";

  private final Path taskRoot;

  private FunctionPackage(Path taskRoot) {
    this.taskRoot = taskRoot;
  }

  /**
   * The deployment package a {@code CodeUri} stands for: a zip as it is; a Maven module (the
   * directory {@code sam build} runs the module's Makefile in) the zip its build writes, {@code
   * target/<artifactId>.zip}, which that Makefile unpacks into SAM's artifacts directory; any other
   * directory as an unpacked package (what {@code sam build} wrote to {@code
   * .aws-sam/build/<LogicalId>}).
   */
  static Path locate(Path codeUri) {
    Path pom = codeUri.resolve(MAVEN_POM);
    if (!Files.isDirectory(codeUri) || !Files.isRegularFile(pom)) {
      return codeUri;
    }
    return codeUri.resolve("target").resolve(artifactId(pom) + ".zip");
  }

  private static String artifactId(Path pom) {
    try (InputStream in = Files.newInputStream(pom)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      for (Node node = factory.newDocumentBuilder().parse(in).getDocumentElement().getFirstChild();
          node != null;
          node = node.getNextSibling()) {
        if (node instanceof Element element && element.getTagName().equals("artifactId")) {
          return element.getTextContent().trim();
        }
      }
      throw new TemplateException(pom + " names no artifactId");
    } catch (IOException | ParserConfigurationException | SAXException e) {
      throw new TemplateException("cannot read the artifactId of " + pom + ": " + e.getMessage());
    }
  }

  /**
   * Unpacks {@code zip} (or copies an unpacked package's directory) into a new temporary directory.
   */
  static FunctionPackage unpack(Path zip, String functionName) throws IOException {
    if (Files.isDirectory(zip)) {
      return copy(zip, functionName);
    }
    if (!Files.isRegularFile(zip)) {
      throw new ReplaySetupException(
          "the package "
              + zip
              + " of "
              + functionName
              + " does not exist: build it with ./mvnw -q -DskipTests package (or sam build)");
    }
    Path taskRoot = Files.createTempDirectory("local-replay-" + functionName + "-");
    try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        Path target = taskRoot.resolve(entry.getName()).normalize();
        if (!target.startsWith(taskRoot)) {
          throw new ReplaySetupException(
              zip + " holds an entry outside the package root: " + entry.getName());
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

  private static FunctionPackage copy(Path directory, String functionName) throws IOException {
    Path taskRoot = Files.createTempDirectory("local-replay-" + functionName + "-");
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.toList()) {
        Path target = taskRoot.resolve(directory.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return new FunctionPackage(taskRoot);
  }

  /**
   * The directory the package was unpacked into: {@code LAMBDA_TASK_ROOT} and the JVM's working
   * directory.
   */
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
