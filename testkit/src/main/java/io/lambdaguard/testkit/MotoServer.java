package io.lambdaguard.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The moto AWS emulator, patched by the project's launcher ({@code lambdaguard_moto.py}), as a
 * child process on a free loopback port.
 *
 * <p>Point SDK clients at {@link #endpoint()} with region {@link #REGION} and any static
 * credentials. The launcher restores AWS behaviours moto lacks (Lambda KMSKeyArn, RevisionId
 * preconditions, reserved {@code aws:} tags, the AWS managed key {@code aws/lambda}, Logs
 * AssociateKmsKey, KMS DisableKey by ARN, atomic DynamoDB conditional writes, Systems Manager
 * OpsCenter OpsItems, Logs data protection policies, X-Ray's encryption configuration) and records
 * every AWS request it serves ({@link #calls()}).
 */
public final class MotoServer implements AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  static final String PYTHON_ENV = "LAMBDAGUARD_PYTHON";
  static final String MOTO_REQUIRED = "moto 5.x is required: pip install \"moto[server]\"";

  private static final String LAUNCHER = "lambdaguard_moto.py";

  /** The launcher's exit code when moto cannot be imported. */
  private static final int MISSING_MOTO_EXIT_CODE = 3;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> WRITE_PREFIXES =
      List.of(
          "Create",
          "Update",
          "Put",
          "Tag",
          "Untag",
          "Delete",
          "Associate",
          "Disassociate",
          "Disable",
          "Enable",
          "Publish",
          "BatchImport");

  private final Process process;
  private final int port;
  private final URI endpoint;
  private final Path logFile;
  private final Thread shutdownHook;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MotoServer(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.logFile = logFile;
    this.shutdownHook = new Thread(process::destroy, "moto-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the patched moto with {@code python3}, or the interpreter named by the environment
   * variable {@code LAMBDAGUARD_PYTHON}, and waits until it answers.
   *
   * @throws IllegalStateException if python or moto is missing, or the server does not come up
   *     within 30 s
   */
  public static MotoServer start() {
    String python = System.getenv(PYTHON_ENV);
    return start(python == null || python.isBlank() ? "python3" : python);
  }

  static MotoServer start(String python) {
    Path launcher = extractLauncher();
    int port = freeLoopbackPort();
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "lambdaguard-moto-" + port + ".log");
    Process process;
    try {
      // stdin stays an open pipe: the launcher exits when it closes, so moto dies with this JVM
      // even when no shutdown hook runs (kill -9, a surefire fork timeout).
      List<String> command =
          new ArrayList<>(
              List.of(
                  python,
                  launcher.toString(),
                  "--port",
                  Integer.toString(port),
                  "--exit-with-stdin"));
      RecordedCalls.fileFor(port)
          .ifPresent(file -> command.addAll(List.of("--call-log", file.toString())));
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot run '"
              + python
              + "' (set "
              + PYTHON_ENV
              + " to a Python 3 with moto). "
              + MOTO_REQUIRED,
          e);
    }
    MotoServer server = new MotoServer(process, port, log);
    try {
      server.awaitHealthy();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The emulator's base URI, for {@code endpointOverride}. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return port;
  }

  /** Where the emulator's output goes. */
  public Path logFile() {
    return logFile;
  }

  /** Every AWS request served since the last reset, in order. */
  public List<ApiCall> calls() {
    JsonNode calls = JsonNode.parser().parse(get("/_lambdaguard/calls"));
    return calls.asArray().stream().map(MotoServer::apiCall).toList();
  }

  static ApiCall apiCall(JsonNode call) {
    return new ApiCall(
        text(call, "service"),
        text(call, "operation"),
        text(call, "method"),
        text(call, "path"),
        text(call, "accessKeyId"));
  }

  /**
   * The requests to one service, by its signing name ({@code lambda}, {@code kms}, {@code logs},
   * ...).
   */
  public List<ApiCall> calls(String service) {
    return calls().stream().filter(call -> service.equals(call.service())).toList();
  }

  /** Whether the call's operation changes state in AWS, judged by the operation name's verb. */
  public static boolean isWrite(ApiCall call) {
    String operation = call.operation();
    return operation != null && WRITE_PREFIXES.stream().anyMatch(operation::startsWith);
  }

  /** Forgets the recorded calls. */
  public void resetCalls() {
    post("/_lambdaguard/calls/reset", "{}");
  }

  /** Drops every resource in every emulated service, the patches' state and the recorded calls. */
  public void reset() {
    post("/moto-api/reset", "");
  }

  /**
   * Makes the next {@code reads} GetFunction/GetFunctionConfiguration calls for the function report
   * {@code LastUpdateStatus: InProgress}; updates fail with ResourceConflictException meanwhile.
   *
   * @param functionName the function's name (account {@link #ACCOUNT}, region {@link #REGION}) or
   *     ARN
   */
  public void markInProgress(String functionName, int reads) {
    post(
        "/_lambdaguard/lambda/in-progress",
        "{\"functionName\":" + quote(functionName) + ",\"reads\":" + reads + "}");
  }

  /**
   * Lets another client's change land between a caller's read and its write: each of the next
   * {@code updates} UpdateFunctionConfiguration calls on the function is preceded by an update that
   * applies {@code configuration} (e.g. {@code Description}, {@code KMSKeyArn}; a new RevisionId
   * results) and then reports {@code LastUpdateStatus: InProgress} for {@code inProgressReads}
   * reads. The caller's own update then runs as usual: with the RevisionId it read it fails with
   * PreconditionFailedException, or with ResourceConflictException while the change is in progress.
   */
  public void changeBeforeUpdates(
      String functionName, int updates, Map<String, String> configuration, int inProgressReads) {
    String configurationJson =
        configuration.entrySet().stream()
            .map(entry -> quote(entry.getKey()) + ":" + quote(entry.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
    post(
        "/_lambdaguard/lambda/concurrent-change",
        "{\"functionName\":"
            + quote(functionName)
            + ",\"updates\":"
            + updates
            + ",\"configuration\":"
            + configurationJson
            + ",\"inProgressReads\":"
            + inProgressReads
            + "}");
  }

  /**
   * Lets another client's change land right after a caller's write, before the caller can read its
   * result: each of the next {@code updates} successful UpdateFunctionConfiguration calls on the
   * function is followed by an update that applies {@code configuration}.
   */
  public void changeAfterUpdates(
      String functionName, int updates, Map<String, String> configuration) {
    post(
        "/_lambdaguard/lambda/concurrent-change",
        "{\"functionName\":"
            + quote(functionName)
            + ",\"updates\":"
            + updates
            + ",\"after\":true,\"configuration\":"
            + jsonObject(configuration)
            + "}");
  }

  /**
   * Lets another client's TagResource of {@code tags} land next to each of the next {@code updates}
   * tag writes (TagResource, UntagResource) on the function: just before it ({@code after} false),
   * between the caller's read and its write, or just after it, before the caller can read its
   * result.
   */
  public void changeTagsAroundTagWrites(
      String functionName, int updates, Map<String, String> tags, boolean after) {
    post(
        "/_lambdaguard/lambda/concurrent-change",
        "{\"functionName\":"
            + quote(functionName)
            + ",\"updates\":"
            + updates
            + ",\"operation\":\"TagResource\",\"after\":"
            + after
            + ",\"tags\":"
            + jsonObject(tags)
            + "}");
  }

  private static String jsonObject(Map<String, String> entries) {
    return entries.entrySet().stream()
        .map(entry -> quote(entry.getKey()) + ":" + quote(entry.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
  }

  /**
   * Deletes the function just before the next UpdateFunctionConfiguration call on it (which then
   * finds none).
   */
  public void deleteBeforeNextUpdate(String functionName) {
    post(
        "/_lambdaguard/lambda/concurrent-change",
        "{\"functionName\":" + quote(functionName) + ",\"updates\":1,\"delete\":true}");
  }

  /**
   * Holds the next {@code parties} UpdateFunctionConfiguration calls on the function until all of
   * them have arrived (at most 10 s), so clients that read the same revision all write against it
   * at once.
   */
  public void gateUpdates(String functionName, int parties) {
    post(
        "/_lambdaguard/lambda/update-gate",
        "{\"functionName\":"
            + quote(functionName)
            + ",\"parties\":"
            + parties
            + ",\"timeoutSeconds\":10}");
  }

  /**
   * Makes X-Ray's encryption configuration (account {@link #ACCOUNT}, region {@link #REGION})
   * report {@code Status: UPDATING} for the next {@code reads} GetEncryptionConfig calls, then
   * ACTIVE; 0 makes it ACTIVE now.
   */
  public void markXRayEncryptionUpdating(int reads) {
    post("/_lambdaguard/xray/encryption-updating", "{\"reads\":" + reads + "}");
  }

  /**
   * Sets how many GetEncryptionConfig calls after each PutEncryptionConfig report {@code Status:
   * UPDATING} before ACTIVE (1 unless set; 0: ACTIVE at once), so a caller's wait for the new key
   * can be tested.
   */
  public void setXRayEncryptionUpdatingReadsAfterPut(int reads) {
    post("/_lambdaguard/xray/encryption-updating", "{\"readsAfterPut\":" + reads + "}");
  }

  /**
   * Sets tags the way AWS services do, bypassing the check that rejects {@code aws:} keys from
   * users.
   */
  public void setSystemTags(String functionArn, Map<String, String> tags) {
    String tagsJson =
        tags.entrySet().stream()
            .map(tag -> quote(tag.getKey()) + ":" + quote(tag.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
    post(
        "/_lambdaguard/lambda/system-tags",
        "{\"resource\":" + quote(functionArn) + ",\"tags\":" + tagsJson + "}");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run; nothing left to undo
    }
    http.close();
  }

  private void awaitHealthy() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (healthy()) {
        return;
      }
      try {
        // Waiting on the process's exit paces the polling and notices a launcher that died at once.
        int exitCode = process.onExit().get(100, TimeUnit.MILLISECONDS).exitValue();
        throw new IllegalStateException(exitMessage(exitCode));
      } catch (TimeoutException stillStarting) {
        // poll again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for moto to start", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("Cannot watch the moto process", e);
      }
    }
    throw new IllegalStateException(
        "moto did not answer on "
            + endpoint
            + " within "
            + STARTUP_TIMEOUT.toSeconds()
            + " s; see "
            + logFile);
  }

  private boolean healthy() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(endpoint.resolve("/_lambdaguard/health"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for moto to start", e);
    }
  }

  private String exitMessage(int exitCode) {
    String output = logTail();
    String cause =
        exitCode == MISSING_MOTO_EXIT_CODE
            ? MOTO_REQUIRED
            : "The moto launcher exited with code "
                + exitCode
                + " (is it moto 5.x? "
                + MOTO_REQUIRED
                + ")";
    return cause + "; output (" + logFile + "):\n" + output;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private String get(String path) {
    return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
  }

  /**
   * Seeds a symmetric customer managed key with a chosen id (no AWS counterpart), so a recorded
   * event that names a key ARN replays against that very ARN. Returns the key ARN.
   */
  public String createKeyWithId(String keyId) {
    String answer = post("/_lambdaguard/kms/keys", "{\"keyId\":" + quote(keyId) + "}");
    return text(JsonNode.parser().parse(answer), "arn");
  }

  /**
   * The partial ARN of the pseudonym secret {@link #createPseudonymSecret} creates: the same after
   * every reset.
   */
  public static final String PSEUDONYM_SECRET_ARN =
      "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:lambdaguard-pseudonyms";

  /**
   * Creates the pseudonym secret as the template does (64 random letters and digits), so functions
   * pointed at {@link #PSEUDONYM_SECRET_ARN} can read it. A plain Secrets Manager {@code
   * CreateSecret}. Returns the partial ARN.
   */
  public String createPseudonymSecret() {
    StringBuilder value = new StringBuilder();
    java.security.SecureRandom random = new java.security.SecureRandom();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 64; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    createSecret("lambdaguard-pseudonyms", value.toString());
    return PSEUDONYM_SECRET_ARN;
  }

  /** Secrets Manager {@code CreateSecret} with a string value. */
  public void createSecret(String name, String value) {
    awsJson(
        "secretsmanager",
        "1.1",
        "secretsmanager.CreateSecret",
        "{\"Name\":" + quote(name) + ",\"SecretString\":" + quote(value) + "}");
  }

  /**
   * Creates the tickets queue as the template does (FIFO, its own FIFO dead-letter queue after
   * {@code maxReceiveCount} receives, named {@code <name>-dlq.fifo}). Returns its URL.
   */
  public String createTicketQueue(String name, int maxReceiveCount) {
    String deadLetterArn = SqsEventSource.arnOf(createFifoQueue(name + "-dlq", ""));
    String redrive =
        "{\"deadLetterTargetArn\":"
            + quote(deadLetterArn)
            + ",\"maxReceiveCount\":"
            + maxReceiveCount
            + "}";
    return createFifoQueue(name, ",\"RedrivePolicy\":" + quote(redrive));
  }

  /** Creates a FIFO queue ({@code <name>.fifo}) as the template declares one; returns its URL. */
  public String createFifoQueue(String name) {
    return createFifoQueue(name, "");
  }

  private String createFifoQueue(String name, String moreAttributes) {
    String answer =
        awsJson(
            "sqs",
            "1.0",
            "AmazonSQS.CreateQueue",
            "{\"QueueName\":"
                + quote(name + ".fifo")
                + ",\"Attributes\":{\"FifoQueue\":\"true\""
                + moreAttributes
                + "}}");
    return text(JsonNode.parser().parse(answer), "QueueUrl");
  }

  /**
   * Creates the ticket ledger's table as the template does: on demand, one partition per function
   * ({@code functionKey}), one item per dedup key ({@code dedupKey}).
   */
  public void createTicketTable(String name) {
    awsJson(
        "dynamodb",
        "1.0",
        "DynamoDB_20120810.CreateTable",
        "{\"TableName\":"
            + quote(name)
            + ",\"BillingMode\":\"PAY_PER_REQUEST\",\"AttributeDefinitions\":["
            + "{\"AttributeName\":\"functionKey\",\"AttributeType\":\"S\"},"
            + "{\"AttributeName\":\"dedupKey\",\"AttributeType\":\"S\"}],\"KeySchema\":["
            + "{\"AttributeName\":\"functionKey\",\"KeyType\":\"HASH\"},"
            + "{\"AttributeName\":\"dedupKey\",\"KeyType\":\"RANGE\"}]}");
  }

  /**
   * One call of an AWS JSON protocol API, as the test (not a function under test); moto routes it
   * by the credential scope, as it would a signed request. Returns the answer.
   */
  String awsJson(String service, String version, String target, String body) {
    return send(
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-amz-json-" + version)
            .header("X-Amz-Target", target)
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20260101/"
                    + REGION
                    + "/"
                    + service
                    + "/aws4_request, SignedHeaders=host, Signature=0")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private String post(String path, String json) {
    return send(
        HttpRequest.newBuilder(endpoint.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private String send(HttpRequest.Builder request) {
    HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            built.method()
                + " "
                + built.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "moto control call " + built.uri() + " failed; see " + logFile, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during moto control call " + built.uri(), e);
    }
  }

  private static String text(JsonNode object, String field) {
    return object
        .field(field)
        .filter(value -> !value.isNull())
        .map(JsonNode::asString)
        .orElse(null);
  }

  /** A JSON string literal. */
  static String quote(String value) {
    Objects.requireNonNull(value);
    StringBuilder json = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }

  private static Path extractLauncher() {
    try (InputStream source = MotoServer.class.getResourceAsStream(LAUNCHER)) {
      if (source == null) {
        throw new IllegalStateException(
            "Resource " + LAUNCHER + " missing next to " + MotoServer.class);
      }
      Path launcher = Files.createTempFile("lambdaguard_moto", ".py");
      launcher.toFile().deleteOnExit();
      Files.copy(source, launcher, StandardCopyOption.REPLACE_EXISTING);
      return launcher;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extract " + LAUNCHER, e);
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }
}
