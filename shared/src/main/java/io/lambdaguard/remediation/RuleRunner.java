package io.lambdaguard.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.Mode;
import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.events.CloudTrailEvents;
import io.lambdaguard.events.InvalidEventException;
import io.lambdaguard.lambda.FunctionGoneException;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.lambda.StaleFunctionException;
import io.lambdaguard.remediation.Outcome.Status;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.rules.RuleCatalogue;
import io.lambdaguard.rules.TicketOnlyRule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.TicketRef;
import io.lambdaguard.tickets.Tickets;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Handles one event: skips what needs no action, reads the function once, and runs each triggered
 * rule, fixing (enforce mode) or reporting (report mode). A lost race re-reads and decides again.
 * Whatever cannot be fixed (an unusable key, a refused update, a ticket-only rule, and in report mode when
 * configured the fixes it would make) raises a ticket.
 */
public final class RuleRunner {
  /** Attempts per rule when writes lose races with concurrent changes. */
  static final int MAX_ATTEMPTS = 3;

  /** Why a report-mode ticket was not fixed; the rule's planned fix ("would ...") completes it. */
  static final String REPORT_MODE = "the service runs in report mode and changes nothing; in enforce mode it ";

  private static final Logger LOG = LogManager.getLogger(RuleRunner.class);

  private final RuleCatalogue rules;
  private final FunctionReader reader;
  private final Config config;
  private final Tickets tickets;

  @Inject
  public RuleRunner(RuleCatalogue rules, FunctionReader reader, Config config, Tickets tickets) {
    this.rules = rules;
    this.reader = reader;
    this.config = config;
    this.tickets = tickets;
  }

  /** Parses and handles one event. Input that can never succeed yields an outcome, not an exception. */
  public RunResult handle(InputStream input, Context context) throws IOException {
    ThreadContext.put("requestId", context.getAwsRequestId());
    try {
      CloudTrailEvent event;
      try {
        event = CloudTrailEvents.parse(input);
      } catch (InvalidEventException e) {
        ThreadContext.put("invalidReason", e.reason().name());
        ThreadContext.put("invalidField", e.field());
        LOG.warn("invalid event: {}", e.getMessage());
        return new RunResult("", "", List.of(new Outcome(Outcome.NONE, Outcome.NONE, Status.IGNORED, "invalid event: " + e.getMessage())));
      }
      return run(event, Deadline.of(context));
    } finally {
      ThreadContext.clearMap();
    }
  }

  /** Handles a parsed event. Unexpected failures propagate, so Lambda retries and then dead-letters. */
  public RunResult run(CloudTrailEvent event, Deadline deadline) {
    ThreadContext.put("eventId", event.eventId());
    ThreadContext.put("eventName", event.eventName());
    event.functionArn().ifPresent(arn -> ThreadContext.put("functionArn", arn));
    List<Outcome> outcomes = decide(event, deadline);
    for (Outcome outcome : outcomes) {
      log(outcome);
    }
    return new RunResult(event.eventId(), event.eventName(), outcomes);
  }

  private List<Outcome> decide(CloudTrailEvent event, Deadline deadline) {
    String target = event.functionArn().orElse(Outcome.NONE);
    Optional<String> skip = skipReason(event);
    if (skip.isPresent()) {
      return List.of(new Outcome(Outcome.NONE, target, Status.IGNORED, skip.get()));
    }
    List<Rule> triggered = rules.triggeredBy(event.operation());
    FunctionSnapshot snapshot;
    try {
      snapshot = reader.read(target);
    } catch (FunctionGoneException e) {
      return List.of(new Outcome(Outcome.NONE, target, Status.IGNORED, "function no longer exists"));
    }
    List<Outcome> outcomes = new ArrayList<>();
    RuntimeException unexpected = null;
    boolean changed = false;
    for (Rule rule : triggered) {
      ThreadContext.put("rule", rule.id());
      try {
        if (changed) {
          // A fix changed the revision; this rule must see the new state.
          snapshot = reader.read(target);
        }
        Evaluation evaluation = evaluate(rule, snapshot, event, deadline);
        outcomes.add(evaluation.outcome());
        snapshot = evaluation.last();
        changed = evaluation.outcome().status() == Status.FIXED;
      } catch (FunctionGoneException e) {
        outcomes.add(new Outcome(rule.id(), target, Status.IGNORED, "function no longer exists"));
      } catch (RuntimeException e) {
        // One rule's failure must not stop the others; the first one is rethrown below for retry.
        outcomes.add(new Outcome(rule.id(), target, Status.ERROR, "unexpected " + e.getClass().getSimpleName()));
        unexpected = unexpected == null ? e : unexpected;
      } finally {
        ThreadContext.remove("rule");
      }
    }
    if (unexpected != null) {
      outcomes.forEach(this::log);
      throw unexpected;
    }
    return outcomes;
  }

  private Optional<String> skipReason(CloudTrailEvent event) {
    if (event.failed()) {
      return Optional.of("failed call (" + event.errorCode().orElseThrow() + ") changed nothing");
    }
    if (event.actor().roleArn().filter(config.serviceRoleArns()::contains).isPresent()) {
      return Optional.of("caused by this service's own role");
    }
    if (rules.triggeredBy(event.operation()).isEmpty()) {
      return Optional.of("no rule acts on " + event.eventName());
    }
    if (event.function().isEmpty()) {
      return Optional.of("event names no function" + (event.truncated() ? " (record truncated by CloudTrail)" : ""));
    }
    if (event.function().get().account().filter(a -> !a.equals(event.account())).isPresent()) {
      return Optional.of("function belongs to another account");
    }
    return Optional.empty();
  }

  /** The outcome, and the last state read (before any write the rule made). */
  private record Evaluation(Outcome outcome, FunctionSnapshot last) {}

  private Evaluation evaluate(Rule rule, FunctionSnapshot start, CloudTrailEvent event, Deadline deadline) {
    FunctionSnapshot snapshot = start;
    for (int attempt = 1; ; attempt++) {
      Verdict verdict = rule.check(snapshot);
      switch (verdict) {
        case Verdict.Compliant c -> {
          return new Evaluation(new Outcome(rule.id(), snapshot.arn(), Status.COMPLIANT, c.reason()), snapshot);
        }
        case Verdict.NonCompliant violation when config.mode() == Mode.REPORT -> {
          // A ticket-only rule's ticket is the same in both modes; a fixing rule's says what enforce mode would do.
          String why =
              rule instanceof TicketOnlyRule ticketOnly ? ticketOnly.whyNoAutomaticFix() : REPORT_MODE + rule.plannedFix();
          List<TicketRef> raised = tickets.inReportMode() ? raise(rule, snapshot, violation, event, why, deadline) : List.of();
          String reason = violation.reason() + "; " + rule.plannedFix();
          return new Evaluation(new Outcome(rule.id(), snapshot.arn(), Status.REPORTED, reason, raised), snapshot);
        }
        case Verdict.NonCompliant violation when rule instanceof TicketOnlyRule ticketOnly -> {
          return cannotFix(rule, snapshot, violation, event, ticketOnly.whyNoAutomaticFix(), deadline);
        }
        case Verdict.NonCompliant violation -> {
          if (!snapshot.settled()) {
            snapshot = reader.awaitSettled(snapshot, deadline);
            continue;
          }
          try {
            String reason = violation.reason() + "; " + rule.fix(snapshot, violation);
            return new Evaluation(new Outcome(rule.id(), snapshot.arn(), Status.FIXED, reason), snapshot);
          } catch (CannotFixException e) {
            return cannotFix(rule, snapshot, violation, event, e.getMessage(), deadline);
          } catch (StaleFunctionException e) {
            if (attempt >= MAX_ATTEMPTS || deadline.expired()) {
              throw e;
            }
            LOG.info("function changed while fixing, deciding again (attempt {})", attempt);
            snapshot = reader.read(snapshot.arn());
          }
        }
      }
    }
  }

  /** The owner has to act: an error outcome and a ticket per offending item. */
  private Evaluation cannotFix(
      Rule rule, FunctionSnapshot snapshot, Verdict.NonCompliant violation, CloudTrailEvent event, String why, Deadline deadline) {
    List<TicketRef> raised = raise(rule, snapshot, violation, event, why, deadline);
    return new Evaluation(
        new Outcome(rule.id(), snapshot.arn(), Status.ERROR, violation.reason() + "; " + why, raised), snapshot);
  }

  /**
   * One ticket per offending item, or one for the function as a whole. A ticket that cannot be raised
   * propagates: the event is retried, and dead-lettered after the last retry.
   */
  private List<TicketRef> raise(
      Rule rule, FunctionSnapshot snapshot, Verdict.NonCompliant violation, CloudTrailEvent event, String why, Deadline deadline) {
    List<Evidence> items = violation.evidence().isEmpty() ? List.of(new Evidence("", violation.reason())) : violation.evidence();
    List<TicketRef> raised = new ArrayList<>();
    for (Evidence item : items) {
      tickets.raise(RuleFindings.of(rule, snapshot, event, item, why), deadline).ifPresent(raised::add);
    }
    return raised;
  }

  private void log(Outcome outcome) {
    ThreadContext.put("rule", outcome.rule());
    ThreadContext.put("outcome", outcome.status().label());
    ThreadContext.put("functionArn", outcome.function());
    ThreadContext.put("ticket", outcome.ticketSummary());
    LOG.info("{}: {}", outcome.status().label(), outcome.reason());
    ThreadContext.remove("outcome");
    ThreadContext.remove("ticket");
  }
}
