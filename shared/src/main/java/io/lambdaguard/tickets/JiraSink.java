package io.lambdaguard.tickets;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Tickets as Jira Cloud issues: {@code POST /rest/api/3/issue} with an Atlassian Document Format
 * description, basic auth with the e-mail and API token of the secret (read once per container, on
 * the first ticket, so a Jira problem never stops a function's init and with it its fixes).
 *
 * <p>{@code 429} waits for {@code Retry-After} and {@code 5xx} (or a broken connection) backs off
 * exponentially, at most {@link #MAX_ATTEMPTS} attempts and never past the invocation's deadline;
 * then the failure propagates and Lambda retries the event. Duplicates are suppressed by the ticket
 * ledger, never by Jira search, which is eventually consistent. Each issue carries the label {@code
 * lambdaguard-<dedup key prefix>}, which makes the rare second issue after a crash easy to spot.
 */
public final class JiraSink implements TicketSink {
  /**
   * IAM actions: on the secret, and on the stack's key the secret is encrypted with (Secrets
   * Manager decrypts with the caller's). Jira itself is reached over HTTPS with the token.
   */
  public static final Set<String> PERMISSIONS =
      Set.of("secretsmanager:GetSecretValue", "kms:Decrypt");

  static final String PATH = "/rest/api/3/issue";
  static final int MAX_ATTEMPTS = 4;
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final int MAX_SUMMARY = 255;

  private static final Logger LOG = LogManager.getLogger(JiraSink.class);

  /** Waits between attempts; tests pass one that only advances a fake clock. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final SdkHttpClient http;
  private final TicketConfig.Jira settings;
  private final JiraCredentials credentials;
  private final Sleeper sleeper;

  @Inject
  public JiraSink(SdkHttpClient http, Config config, JiraCredentials credentials) {
    this(http, (TicketConfig.Jira) config.tickets().sink(), credentials, d -> Thread.sleep(d));
  }

  JiraSink(
      SdkHttpClient http,
      TicketConfig.Jira settings,
      JiraCredentials credentials,
      Sleeper sleeper) {
    this.http = http;
    this.settings = settings;
    this.credentials = credentials;
    this.sleeper = sleeper;
  }

  @Override
  public String id() {
    return "jira";
  }

  @Override
  public Set<String> permissions() {
    return PERMISSIONS;
  }

  @Override
  public String open(Ticket ticket, Deadline deadline) {
    byte[] body = issue(ticket, settings);
    Account account = credentials.get();
    boolean reread = false;
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String problem;
      try {
        Response response = post(body, account.basicAuthorization());
        if (response.status() == 201) {
          return issueKey(response.body());
        }
        if (response.status() == 401 && !reread) {
          // The token may have been rotated since this container read it: read the secret again,
          // once.
          LOG.warn("Jira: unauthorized (401), reading the secret again");
          reread = true;
          account = credentials.refresh(account);
          continue;
        }
        if (response.status() == 429) {
          problem = "rate limited (429)";
          wait = response.retryAfter().orElse(backoff(attempt));
        } else if (response.status() >= 500) {
          problem = "server error (" + response.status() + ")";
          wait = backoff(attempt);
        } else {
          // 400 (bad field), 401/403 (token, permissions), 404 (project): retrying cannot help.
          throw new TicketSinkException(id(), "Jira refused the issue (" + response.status() + ")");
        }
      } catch (UncheckedIOException e) {
        problem = "connection failed (" + e.getCause().getClass().getSimpleName() + ")";
        wait = backoff(attempt);
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new TicketSinkException(id(), problem + " after " + attempt + " attempts");
      }
      if (wait.compareTo(deadline.remaining()) >= 0) {
        throw new TicketSinkException(
            id(),
            problem + "; waiting " + wait.toSeconds() + " s would pass the invocation's deadline");
      }
      LOG.warn(
          "Jira: {}, attempt {} of {}, next in {} ms",
          problem,
          attempt,
          MAX_ATTEMPTS,
          wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TicketSinkException(id(), "interrupted while waiting to retry");
      }
    }
  }

  private record Response(int status, Optional<Duration> retryAfter, String body) {}

  private Response post(byte[] body, String authorization) {
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create(settings.baseUrl() + PATH))
            .putHeader("Authorization", authorization)
            .putHeader("Content-Type", "application/json")
            .putHeader("Accept", "application/json")
            .putHeader("Content-Length", Integer.toString(body.length))
            .contentStreamProvider(() -> new ByteArrayInputStream(body))
            .build();
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(request)
                      .contentStreamProvider(request.contentStreamProvider().orElseThrow())
                      .build())
              .call();
      String text = "";
      if (response.responseBody().isPresent()) {
        try (InputStream in = response.responseBody().get()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return new Response(
          response.httpResponse().statusCode(),
          response.httpResponse().firstMatchingHeader("Retry-After").flatMap(JiraSink::seconds),
          text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code Retry-After} in seconds (Jira's form); an HTTP date or garbage counts as absent. */
  static Optional<Duration> seconds(String header) {
    try {
      long seconds = Long.parseLong(header.trim());
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Duration backoff(int attempt) {
    return FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
  }

  private String issueKey(String body) {
    try {
      return JsonNode.parser()
          .parse(body)
          .field("key")
          .filter(JsonNode::isString)
          .map(JsonNode::asString)
          .orElseThrow(() -> new TicketSinkException(id(), "created an issue but answered no key"));
    } catch (RuntimeException e) {
      if (e instanceof TicketSinkException known) {
        throw known;
      }
      throw new TicketSinkException(id(), "created an issue but its answer was not JSON");
    }
  }

  /**
   * The request body: {@code fields} with project, issue type, summary, ADF description and labels.
   */
  static byte[] issue(Ticket ticket, TicketConfig.Jira settings) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("fields").writeStartObject();
    json.writeFieldName("project")
        .writeStartObject()
        .writeFieldName("key")
        .writeValue(settings.projectKey())
        .writeEndObject();
    json.writeFieldName("issuetype")
        .writeStartObject()
        .writeFieldName("name")
        .writeValue(settings.issueType())
        .writeEndObject();
    json.writeFieldName("summary")
        .writeValue(Ticket.truncate(ticket.title().replace('\n', ' '), MAX_SUMMARY));
    json.writeFieldName("description");
    adf(json, ticket);
    json.writeFieldName("labels")
        .writeStartArray()
        .writeValue("lambdaguard")
        .writeValue("lambdaguard-" + ticket.finding().ruleId())
        .writeValue("lambdaguard-" + ticket.dedupKey().substring(0, 16))
        .writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
    return json.getBytes();
  }

  /**
   * The ticket as an Atlassian Document Format document: headings, paragraphs, an ordered list of
   * steps.
   */
  static void adf(JsonWriter json, Ticket ticket) {
    json.writeStartObject();
    json.writeFieldName("type").writeValue("doc");
    json.writeFieldName("version").writeValue(1);
    json.writeFieldName("content").writeStartArray();
    for (Ticket.Section section : ticket.sections()) {
      heading(json, section.heading());
      paragraph(json, section.text(), false);
    }
    heading(json, Ticket.STEPS_HEADING);
    json.writeStartObject().writeFieldName("type").writeValue("orderedList");
    json.writeFieldName("content").writeStartArray();
    for (FixStep step : ticket.steps()) {
      json.writeStartObject().writeFieldName("type").writeValue("listItem");
      json.writeFieldName("content").writeStartArray();
      paragraph(json, step.text(), false);
      if (step.hasCommand()) {
        json.writeStartObject().writeFieldName("type").writeValue("codeBlock");
        json.writeFieldName("attrs")
            .writeStartObject()
            .writeFieldName("language")
            .writeValue("shell")
            .writeEndObject();
        json.writeFieldName("content").writeStartArray();
        text(json, step.command(), false);
        json.writeEndArray().writeEndObject();
      }
      json.writeEndArray().writeEndObject();
    }
    json.writeEndArray().writeEndObject();
    paragraph(json, ticket.footer(), true);
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void heading(JsonWriter json, String text) {
    json.writeStartObject().writeFieldName("type").writeValue("heading");
    json.writeFieldName("attrs")
        .writeStartObject()
        .writeFieldName("level")
        .writeValue(3)
        .writeEndObject();
    json.writeFieldName("content").writeStartArray();
    text(json, text, false);
    json.writeEndArray().writeEndObject();
  }

  private static void paragraph(JsonWriter json, String text, boolean emphasis) {
    json.writeStartObject().writeFieldName("type").writeValue("paragraph");
    json.writeFieldName("content").writeStartArray();
    text(json, text, emphasis);
    json.writeEndArray().writeEndObject();
  }

  private static void text(JsonWriter json, String text, boolean emphasis) {
    json.writeStartObject()
        .writeFieldName("type")
        .writeValue("text")
        .writeFieldName("text")
        .writeValue(text);
    if (emphasis) {
      json.writeFieldName("marks")
          .writeStartArray()
          .writeStartObject()
          .writeFieldName("type")
          .writeValue("em")
          .writeEndObject()
          .writeEndArray();
    }
    json.writeEndObject();
  }

  /** The e-mail and API token of the Jira account; kept out of logs and {@code toString}. */
  record Account(String email, String apiToken) {
    String basicAuthorization() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Account[redacted]";
    }
  }
}
