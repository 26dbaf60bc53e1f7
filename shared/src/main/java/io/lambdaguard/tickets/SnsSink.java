package io.lambdaguard.tickets;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Tickets as SNS messages: the plain-text ticket as the message, the title as the subject, and
 * message attributes {@code rule} and {@code severity} for subscription filter policies. On a FIFO
 * topic the dedup key is the message deduplication id, so a re-send within SNS's five-minute window
 * is dropped.
 */
public final class SnsSink implements TicketSink {
  /**
   * IAM actions: on the topic, and on the stack's key the topic is encrypted with (SNS uses the
   * publisher's).
   */
  public static final Set<String> PERMISSIONS =
      Set.of("sns:Publish", "kms:GenerateDataKey", "kms:Decrypt");

  /** SNS limit for the subject: ASCII, no line breaks, at most 100 characters. */
  static final int MAX_SUBJECT = 100;

  private final SnsClient sns;
  private final String topicArn;

  @Inject
  public SnsSink(SnsClient sns, Config config) {
    this.sns = sns;
    this.topicArn = ((TicketConfig.Sns) config.tickets().sink()).topicArn();
  }

  @Override
  public String id() {
    return "sns";
  }

  @Override
  public Set<String> permissions() {
    return PERMISSIONS;
  }

  @Override
  public String open(Ticket ticket, Deadline deadline) {
    Finding finding = ticket.finding();
    PublishRequest.Builder publish =
        PublishRequest.builder()
            .topicArn(topicArn)
            .subject(subject(ticket.title()))
            .message(ticket.plainText())
            .messageAttributes(
                Map.of(
                    "rule", text(finding.ruleId()),
                    "severity", text(finding.severity().name())));
    if (topicArn.endsWith(".fifo")) {
      publish.messageGroupId(finding.ruleId()).messageDeduplicationId(ticket.dedupKey());
    }
    return sns.publish(publish.build()).messageId();
  }

  static String subject(String title) {
    StringBuilder ascii = new StringBuilder();
    for (char c : title.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f ? c : ' ');
    }
    return Ticket.truncate(ascii.toString(), MAX_SUBJECT);
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
