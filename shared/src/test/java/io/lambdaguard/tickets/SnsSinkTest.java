package io.lambdaguard.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SNS sink on the emulator, read back through an SQS subscription as a subscriber sees it. */
class SnsSinkTest {
  private static TicketEmulator aws;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:05Z"));
  private Config config;
  private String queueUrl;

  @BeforeAll
  static void startEmulator() {
    aws = new TicketEmulator();
  }

  @AfterAll
  static void stopEmulator() {
    aws.close();
  }

  @BeforeEach
  void createTopicAndSubscriber() {
    aws.reset();
    String topic = aws.sns.createTopic(t -> t.name("lambdaguard-tickets")).topicArn();
    queueUrl = aws.sqs.createQueue(q -> q.queueName("ticket-subscriber")).queueUrl();
    String queueArn =
        aws.sqs
            .getQueueAttributes(
                a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    aws.sns.subscribe(s -> s.topicArn(topic).protocol("sqs").endpoint(queueArn));
    config = aws.config("TICKET_SINK", "sns", "TICKET_TOPIC_ARN", topic);
  }

  private Tickets container(Config config) {
    SnsClient client =
        SdkClients.build(
            SnsClient.builder(), config, TicketEmulator.CREDENTIALS, SdkClients.httpClient());
    TicketLedger ledger = aws.ledger(this.config);
    SnsSink sink = new SnsSink(client, this.config);
    return new Tickets(
        this.config.tickets(), () -> sink, () -> ledger, aws.pseudonyms(this.config), clock);
  }

  private Deadline deadline() {
    return Deadline.in(Duration.ofSeconds(30), clock);
  }

  /** Every notification the subscriber received, as SNS's JSON envelopes. */
  private List<JsonNode> notifications() {
    List<JsonNode> received = new ArrayList<>();
    List<Message> batch;
    do {
      batch =
          aws.sqs
              .receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages();
      for (Message message : batch) {
        received.add(JsonNode.parser().parse(message.body()));
        aws.sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    } while (!batch.isEmpty());
    return received;
  }

  private static String text(JsonNode node, String... path) {
    JsonNode current = node;
    for (String field : path) {
      current =
          current
              .field(field)
              .orElseThrow(() -> new AssertionError("missing " + field + " in " + node));
    }
    return current.asString();
  }

  @Test
  void findingRaisedTwiceAndByANewContainer_shouldReachTheSubscriberOnce() {
    // when
    TicketRef first = container(config).raise(Findings.credentials(), deadline()).orElseThrow();
    container(config).raise(Findings.credentials(), deadline());
    clock.advance(Duration.ofMinutes(3));
    TicketRef later = container(config).raise(Findings.credentials(), deadline()).orElseThrow();
    // then
    List<JsonNode> received = notifications();
    assertEquals(1, received.size());
    assertEquals(first.ticketId(), text(received.getFirst(), "MessageId"));
    assertEquals(TicketRef.State.DUPLICATE, later.state());
  }

  @Test
  void notification_shouldCarryTheTicketAndRoutingAttributes() {
    container(config).raise(Findings.credentials(), deadline());

    JsonNode notification = notifications().getFirst();

    Ticket ticket = aws.ticket(config, Findings.credentials());
    assertEquals(ticket.plainText(), text(notification, "Message"));
    assertEquals(ticket.title().substring(0, 94) + " [...]", text(notification, "Subject"));
    assertEquals(
        "env-vars-no-credentials", text(notification, "MessageAttributes", "rule", "Value"));
    assertEquals("HIGH", text(notification, "MessageAttributes", "severity", "Value"));
    assertEquals("String", text(notification, "MessageAttributes", "severity", "Type"));
  }

  @Test
  void retryAfterANetworkFailure_shouldPublishOnce() {
    Tickets failing =
        container(
            aws.config(
                "TICKET_SINK",
                "sns",
                "TICKET_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:x",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:9"));
    assertThrows(SdkClientException.class, () -> failing.raise(Findings.credentials(), deadline()));
    clock.advance(Duration.ofMinutes(1));

    TicketRef retried = container(config).raise(Findings.credentials(), deadline()).orElseThrow();

    assertEquals(TicketRef.State.OPENED, retried.state());
    assertEquals(1, notifications().size());
  }

  @Test
  void retryAfterAnInvocationDiedBeforePublishing_shouldPublishOnce() {
    Instant claimedAt = clock.instant();
    aws.ledger(config)
        .claim(
            aws.entry(config, Findings.credentials()),
            claimedAt,
            claimedAt.plusSeconds(60),
            claimedAt);
    clock.advance(Duration.ofSeconds(90));

    TicketRef retried = container(config).raise(Findings.credentials(), deadline()).orElseThrow();

    assertEquals(TicketRef.State.OPENED, retried.state());
    assertEquals(1, notifications().size());
  }
}
