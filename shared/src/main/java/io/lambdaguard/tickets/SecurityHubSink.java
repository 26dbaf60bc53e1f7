package io.lambdaguard.tickets;

import io.lambdaguard.aws.Deadline;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

/**
 * Tickets as Security Hub findings (ASFF) in the account's default product. The finding id is
 * stable per rule, function and subject, so a repeat updates the finding instead of adding one.
 */
public final class SecurityHubSink implements TicketSink {
  /** IAM actions: on {@code arn:aws:securityhub:<region>:<account>:product/<account>/default}. */
  public static final Set<String> PERMISSIONS = Set.of("securityhub:BatchImportFindings");

  static final int MAX_TITLE = 256;
  static final int MAX_DESCRIPTION = 1024;
  static final int MAX_RECOMMENDATION = 512;

  private final SecurityHubClient securityHub;
  private final Clock clock;

  @Inject
  public SecurityHubSink(SecurityHubClient securityHub) {
    this(securityHub, Clock.systemUTC());
  }

  SecurityHubSink(SecurityHubClient securityHub, Clock clock) {
    this.securityHub = securityHub;
    this.clock = clock;
  }

  @Override
  public String id() {
    return "securityhub";
  }

  @Override
  public Set<String> permissions() {
    return PERMISSIONS;
  }

  @Override
  public String open(Ticket ticket, Deadline deadline) {
    AwsSecurityFinding finding =
        asff(ticket, DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
    BatchImportFindingsResponse response =
        securityHub.batchImportFindings(b -> b.findings(finding));
    if (response.failedCount() != null && response.failedCount() > 0) {
      // The error message may quote the finding: report the code only.
      String code =
          response.failedFindings().stream()
              .map(ImportFindingsError::errorCode)
              .findFirst()
              .orElse("unknown");
      throw new TicketSinkException(
          id(), "BatchImportFindings rejected the finding (" + code + ")");
    }
    return finding.id();
  }

  /** The finding; everything but {@code updatedAt} is a function of the ticket. */
  static AwsSecurityFinding asff(Ticket ticket, String updatedAt) {
    Finding f = ticket.finding();
    String partition = partition(f.region());
    String createdAt = DateTimeFormatter.ISO_INSTANT.format(f.eventTime());
    SeverityLabel severity = SeverityLabel.fromValue(f.severity().name());
    String description =
        ticket.sections().stream()
            .filter(s -> !s.heading().equals("Function"))
            .map(Ticket.Section::text)
            .reduce((a, b) -> a + " " + b)
            .orElse("");
    String recommendation =
        ticket.steps().stream()
            .map(s -> s.hasCommand() ? s.text() + " (" + s.command() + ")" : s.text())
            .reduce((a, b) -> a + " " + b)
            .orElse("");
    Resource resource =
        f.hasFunction()
            ? Resource.builder()
                .type("AwsLambdaFunction")
                .id(f.functionArn())
                .partition(partition)
                .region(f.region())
                .build()
            : Resource.builder()
                .type("Other")
                .id("cloudtrail-event/" + f.eventId())
                .partition(partition)
                .region(f.region())
                .build();
    return AwsSecurityFinding.builder()
        .schemaVersion("2018-10-08")
        .id("lambdaguard/" + f.ruleId() + "/" + ticket.dedupKey())
        .productArn(
            "arn:"
                + partition
                + ":securityhub:"
                + f.region()
                + ":"
                + f.account()
                + ":product/"
                + f.account()
                + "/default")
        .generatorId("lambdaguard/" + f.ruleId())
        .awsAccountId(f.account())
        .types(f.category().findingType())
        .createdAt(createdAt)
        .firstObservedAt(createdAt)
        .updatedAt(updatedAt)
        .severity(s -> s.label(severity))
        .findingProviderFields(
            p -> p.severity(s -> s.label(severity)).types(f.category().findingType()))
        .title(Ticket.truncate(ticket.title(), MAX_TITLE))
        .description(Ticket.truncate(description, MAX_DESCRIPTION))
        .remediation(
            r ->
                r.recommendation(
                    rec -> rec.text(Ticket.truncate(recommendation, MAX_RECOMMENDATION))))
        .productFields(
            Map.of("lambdaguard/Rule", f.ruleId(), "lambdaguard/DedupKey", ticket.dedupKey()))
        .resources(resource)
        .workflow(w -> w.status(WorkflowStatus.NEW))
        .recordState(RecordState.ACTIVE)
        .build();
  }

  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }
}
