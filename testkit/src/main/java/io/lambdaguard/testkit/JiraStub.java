package io.lambdaguard.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Jira Cloud's create-issue endpoint on loopback ({@code POST /rest/api/3/issue} answers 201 with
 * an issue key), for tests that run a function with {@code TICKET_SINK=jira}: Jira is no AWS
 * service, so the emulator has none.
 */
public final class JiraStub implements AutoCloseable {
  private final HttpServer server;
  private final List<String> issues = new CopyOnWriteArrayList<>();

  public JiraStub() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
    server.createContext(
        "/rest/api/3/issue",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          boolean create = exchange.getRequestMethod().equals("POST");
          if (create) {
            issues.add(body);
          }
          byte[] answer =
              (create
                      ? "{\"id\":\"" + issues.size() + "\",\"key\":\"SEC-" + issues.size() + "\"}"
                      : "{}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(create ? 201 : 405, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  /** For {@code JIRA_BASE_URL}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The bodies of the issues created so far. */
  public List<String> issues() {
    return List.copyOf(issues);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
