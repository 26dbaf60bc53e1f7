package io.lambdaguard.tickets;

import dagger.Lazy;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the rule functions put what they found: one {@link TicketReport} per checked event on the
 * tickets queue (SQS FIFO, on the stack's key), which the tickets function turns into tickets.
 * Reports about one function form one message group (the ledger's function key), so they are
 * handled in the order they were sent; the deduplication id is the SHA-256 of the body, so a Lambda
 * retry that sends the same report within SQS's five minutes is dropped by SQS, and a later one
 * meets the ledger.
 */
@Singleton
public final class TicketQueue {
  /**
   * IAM action of sending a report (the queue is on the stack's key: SQS asks KMS for a data key
   * with the caller's rights).
   */
  public static final Set<String> PERMISSIONS = Set.of("sqs:SendMessage");

  private final TicketConfig config;
  private final Lazy<SqsClient> sqs;

  /** The client is built on the first report; the configuration is checked now. */
  @Inject
  public TicketQueue(Config config, Lazy<SqsClient> sqs) {
    this.config = config.tickets();
    this.sqs = sqs;
    if (enabled()) {
      this.config.requireQueueUrl();
    }
  }

  /** False when {@code TICKET_SINK=none}: nothing is sent. */
  public boolean enabled() {
    return !(config.sink() instanceof TicketConfig.NoSink);
  }

  /** Whether report mode raises tickets for what it would fix. */
  public boolean inReportMode() {
    return config.inReportMode();
  }

  /** The sink's id, as queued tickets name it. */
  public String sinkId() {
    return config.sink().id();
  }

  /**
   * Sends the report; a failure propagates (the event is retried, and dead-lettered after the last
   * retry).
   */
  public void send(TicketReport report) {
    String body = report.toJson();
    sqs.get()
        .sendMessage(
            m ->
                m.queueUrl(config.requireQueueUrl())
                    .messageBody(body)
                    .messageGroupId(Tickets.functionKey(report.function()))
                    .messageDeduplicationId(sha256(body)));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The IAM actions of reporting with this sink: sending, none without a sink. */
  public static Set<String> permissions(TicketConfig.Sink sink) {
    return sink instanceof TicketConfig.NoSink ? Set.of() : PERMISSIONS;
  }
}
