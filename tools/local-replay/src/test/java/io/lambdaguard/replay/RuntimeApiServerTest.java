package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.replay.RuntimeApiServer.PendingInvocation;
import io.lambdaguard.replay.RuntimeApiServer.RuntimeReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the Runtime API the way the runtime interface client does, with a plain HTTP client as the
 * runtime.
 */
class RuntimeApiServerTest {

  private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:f";
  private static final long WAIT_SECONDS = 10;

  private final HttpClient runtime = HttpClient.newHttpClient();
  private RuntimeApiServer server;

  @BeforeEach
  void start() throws IOException {
    server = RuntimeApiServer.start(FUNCTION_ARN);
  }

  @AfterEach
  void stop() {
    server.close();
    runtime.close();
  }

  @Test
  void next_waitsForAnEvent_thenHandsItOutWithLambdasHeaders() throws Exception {
    CompletableFuture<HttpResponse<String>> next = get("/2018-06-01/runtime/invocation/next");
    server.firstNextRequest().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertFalse(next.isDone(), "/next answered although no event was queued");

    long before = System.currentTimeMillis();
    PendingInvocation invocation = server.submit("{\"id\":1}", Duration.ofSeconds(30));
    HttpResponse<String> response = next.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertEquals(200, response.statusCode());
    assertEquals("{\"id\":1}", response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(
        invocation.requestId(),
        response.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow());
    assertEquals(
        FUNCTION_ARN,
        response.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
    long deadline =
        Long.parseLong(response.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
    assertTrue(
        deadline >= before + 30_000 && deadline <= System.currentTimeMillis() + 30_000,
        "deadline " + deadline);
    assertTrue(
        response
            .headers()
            .firstValue("Lambda-Runtime-Trace-Id")
            .orElseThrow()
            .startsWith("Root=1-"));
    assertTrue(invocation.handedOut().isDone());
  }

  @Test
  void response_completesTheInvocation() throws Exception {
    PendingInvocation invocation = server.submit("{}", Duration.ofSeconds(3));
    get("/2018-06-01/runtime/invocation/next").get(WAIT_SECONDS, TimeUnit.SECONDS);

    HttpResponse<String> accepted =
        post(
                "/2018-06-01/runtime/invocation/" + invocation.requestId() + "/response",
                "{\"outcomes\":[]}",
                null)
            .get(WAIT_SECONDS, TimeUnit.SECONDS);
    RuntimeReply reply = invocation.reply().get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertEquals(202, accepted.statusCode());
    assertTrue(reply.success());
    assertEquals("{\"outcomes\":[]}", reply.body());
    assertFalse(reply.duration().isNegative());
  }

  @Test
  void error_completesTheInvocationWithTheErrorDocument() throws Exception {
    PendingInvocation invocation = server.submit("{}", Duration.ofSeconds(3));
    get("/2018-06-01/runtime/invocation/next").get(WAIT_SECONDS, TimeUnit.SECONDS);

    HttpResponse<String> accepted =
        post(
                "/2018-06-01/runtime/invocation/" + invocation.requestId() + "/error",
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}",
                "java.lang.IllegalStateException")
            .get(WAIT_SECONDS, TimeUnit.SECONDS);
    RuntimeReply reply = invocation.reply().get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertEquals(202, accepted.statusCode());
    assertFalse(reply.success());
    assertEquals(
        "java.lang.IllegalStateException: boom", ExecutionEnvironment.describeError(reply));
  }

  @Test
  void initError_isReported() throws Exception {
    HttpResponse<String> accepted =
        post(
                "/2018-06-01/runtime/init/error",
                "{\"errorMessage\":\"Class not found: x.Y\",\"errorType\":\"java.lang.ClassNotFoundException\"}",
                "Runtime.ClassNotFound")
            .get(WAIT_SECONDS, TimeUnit.SECONDS);
    RuntimeReply error = server.initError().get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertEquals(202, accepted.statusCode());
    assertEquals(
        "java.lang.ClassNotFoundException: Class not found: x.Y",
        ExecutionEnvironment.describeError(error));
  }

  @Test
  void resultForAnUnknownRequest_isRejected() throws Exception {
    HttpResponse<String> rejected =
        post("/2018-06-01/runtime/invocation/nope/response", "{}", null)
            .get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertEquals(400, rejected.statusCode());
    assertTrue(rejected.body().contains("InvalidRequestID"), rejected.body());
  }

  @Test
  void close_leavesAWaitingNextUnanswered() throws Exception {
    CompletableFuture<HttpResponse<String>> next = get("/2018-06-01/runtime/invocation/next");
    server.firstNextRequest().get(WAIT_SECONDS, TimeUnit.SECONDS);

    server.close();

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> next.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, failure.getCause());
  }

  @Test
  void close_cancelsInvocationsNoRuntimeTook() {
    PendingInvocation queued = server.submit("{}", Duration.ofSeconds(3));

    server.close();

    assertTrue(queued.reply().isCompletedExceptionally());
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    return runtime.sendAsync(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> post(String path, String body, String errorType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (errorType != null) {
      request.header("Lambda-Runtime-Function-Error-Type", errorType);
    }
    return runtime.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://" + server.address() + path);
  }
}
