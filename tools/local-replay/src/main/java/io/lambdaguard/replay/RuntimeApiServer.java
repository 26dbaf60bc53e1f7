package io.lambdaguard.replay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lambda's Runtime API (2018-06-01) for one execution environment, on a free loopback port: the
 * runtime interface client polls {@code /next} for events and posts each result back.
 */
final class RuntimeApiServer implements AutoCloseable {

  private static final String NEXT = "/2018-06-01/runtime/invocation/next";
  private static final String INVOCATION_PREFIX = "/2018-06-01/runtime/invocation/";
  private static final String INIT_ERROR = "/2018-06-01/runtime/init/error";
  private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final BlockingQueue<PendingInvocation> queued = new LinkedBlockingQueue<>();
  private final Map<String, PendingInvocation> handedOut = new ConcurrentHashMap<>();
  private final CompletableFuture<Long> firstNextRequest = new CompletableFuture<>();
  private final CompletableFuture<RuntimeReply> initError = new CompletableFuture<>();
  private final String functionArn;

  private RuntimeApiServer(HttpServer server, String functionArn) {
    this.server = server;
    this.functionArn = functionArn;
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving on 127.0.0.1 and a free port; invocations carry {@code functionArn} as the
   * invoked ARN.
   */
  static RuntimeApiServer start(String functionArn) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    RuntimeApiServer runtimeApi = new RuntimeApiServer(server, functionArn);
    server.start();
    return runtimeApi;
  }

  /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /**
   * Completes with {@link System#nanoTime()} of the first {@code /next} request: the runtime
   * finished its init.
   */
  CompletableFuture<Long> firstNextRequest() {
    return firstNextRequest;
  }

  /** Completes when the runtime reports that the handler could not be initialised. */
  CompletableFuture<RuntimeReply> initError() {
    return initError;
  }

  /**
   * Queues an event; the next {@code /next} request receives it, with a deadline {@code timeout}
   * after hand-out.
   */
  PendingInvocation submit(String eventJson, Duration timeout) {
    PendingInvocation invocation =
        new PendingInvocation(UUID.randomUUID().toString(), eventJson, timeout);
    queued.add(invocation);
    return invocation;
  }

  /**
   * Stops serving; a {@code /next} request still waiting gets no answer (its runtime is ended first
   * by the caller).
   */
  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    CancellationException cancelled =
        new CancellationException("the execution environment was shut down");
    queued.forEach(invocation -> invocation.reply().completeExceptionally(cancelled));
    handedOut.values().forEach(invocation -> invocation.reply().completeExceptionally(cancelled));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals(NEXT)) {
        next(exchange);
      } else if (method.equals("POST") && path.equals(INIT_ERROR)) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        initError.complete(
            new RuntimeReply(false, text(body), errorType(exchange), 0, System.nanoTime()));
        send(exchange, 202, ACCEPTED);
      } else if (method.equals("POST")
          && path.startsWith(INVOCATION_PREFIX)
          && (path.endsWith("/response") || path.endsWith("/error"))) {
        result(exchange, path);
      } else {
        send(
            exchange,
            404,
            error("UnknownPath", "no such Runtime API resource: " + method + " " + path));
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    firstNextRequest.complete(System.nanoTime());
    PendingInvocation invocation;
    try {
      // Like Lambda, keep the runtime waiting until there is an event: an empty or non-200 answer
      // crashes
      // the RIC's native client.
      invocation = queued.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    byte[] body = invocation.eventJson().getBytes(StandardCharsets.UTF_8);
    long now = System.currentTimeMillis();
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(now + invocation.timeout().toMillis()));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.set("Lambda-Runtime-Trace-Id", traceId(now));
    handedOut.put(invocation.requestId(), invocation);
    invocation.handedOut().complete(System.nanoTime());
    send(exchange, 200, body);
  }

  private void result(HttpExchange exchange, String path) throws IOException {
    String rest = path.substring(INVOCATION_PREFIX.length());
    String requestId = rest.substring(0, rest.lastIndexOf('/'));
    byte[] body = exchange.getRequestBody().readAllBytes();
    long received = System.nanoTime();
    PendingInvocation invocation = handedOut.remove(requestId);
    if (invocation == null) {
      send(
          exchange, 400, error("InvalidRequestID", "no invocation in flight with id " + requestId));
      return;
    }
    boolean success = path.endsWith("/response");
    invocation
        .reply()
        .complete(
            new RuntimeReply(
                success,
                text(body),
                success ? null : errorType(exchange),
                invocation.handedOut().join(),
                received));
    send(exchange, 202, ACCEPTED);
  }

  private static String errorType(HttpExchange exchange) {
    return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
  }

  /**
   * An X-Ray trace header in the format Lambda passes: the root id starts with the epoch seconds in
   * hex.
   */
  private static String traceId(long epochMillis) {
    HexFormat hex = HexFormat.of();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] root = new byte[12];
    byte[] parent = new byte[8];
    random.nextBytes(root);
    random.nextBytes(parent);
    return "Root=1-"
        + Long.toHexString(epochMillis / 1000)
        + "-"
        + hex.formatHex(root)
        + ";Parent="
        + hex.formatHex(parent)
        + ";Sampled=0";
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] error(String type, String message) throws IOException {
    return Json.MAPPER.writeValueAsBytes(Map.of("errorType", type, "errorMessage", message));
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** An event waiting for, or being processed by, the runtime. */
  record PendingInvocation(
      String requestId,
      String eventJson,
      Duration timeout,
      CompletableFuture<Long> handedOut,
      CompletableFuture<RuntimeReply> reply) {
    PendingInvocation(String requestId, String eventJson, Duration timeout) {
      this(requestId, eventJson, timeout, new CompletableFuture<>(), new CompletableFuture<>());
    }
  }

  /**
   * What the runtime posted: a response ({@code success}) or an error document.
   *
   * @param handedOutNanos {@link System#nanoTime()} when the event was handed out (0 for an init
   *     error)
   * @param receivedNanos {@link System#nanoTime()} when the post arrived
   */
  record RuntimeReply(
      boolean success, String body, String errorType, long handedOutNanos, long receivedNanos) {
    Duration duration() {
      return Duration.ofNanos(receivedNanos - handedOutNanos);
    }
  }
}
