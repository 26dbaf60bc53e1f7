package io.lambdaguard.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdaguard.aws.Deadline;
import io.lambdaguard.aws.DeadlineInterceptor;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.Mode;
import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.events.CloudTrailEvents;
import io.lambdaguard.events.InvalidEventException;
import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionGoneException;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.lambda.StaleFunctionException;
import io.lambdaguard.remediation.Outcome.Status;
import io.lambdaguard.remediation.OutcomeMetrics.Trigger;
import io.lambdaguard.rules.AccountRule;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Exemption;
import io.lambdaguard.rules.FixNotVerifiedException;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.rules.RuleCatalogue;
import io.lambdaguard.rules.TicketOnlyRule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.TicketQueue;
import io.lambdaguard.tickets.TicketRef;
import io.lambdaguard.tickets.TicketReport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Handles one event: skips what needs no action, reads the function once, and runs each triggered
 * rule, fixing (enforce mode) or reporting (report mode). A lost race re-reads and decides again.
 * Whatever cannot be fixed (an unusable key, a refused update, a ticket-only rule, and in report
 * mode when configured the fixes it would make) is a finding; the findings of one event, with what
 * each rule still found, go to the tickets queue as one {@link TicketReport}, which the tickets
 * function turns into tickets.
 */
public final class RuleRunner {
  /** Attempts per rule when writes lose races with concurrent changes. */
  static final int MAX_ATTEMPTS = 3;

  /** Why a report-mode ticket was not fixed; the rule's planned fix ("would ...") completes it. */
  static final String REPORT_MODE =
      "the service runs in report mode and changes nothing; in enforce mode it ";

  private static final Logger LOG = LogManager.getLogger(RuleRunner.class);

  private final RuleCatalogue rules;
  private final FunctionReader reader;
  private final Config config;
  private final HandledEvents handled;
  private final OutcomeMetrics metrics;
  private final TicketQueue tickets;
  private final FunctionLabels labels;
  private final SnapshotPrefetch prefetch;
  private final Exemptions exemptions;

  @Inject
  public RuleRunner(
      RuleCatalogue rules,
      FunctionReader reader,
      Config config,
      HandledEvents handled,
      OutcomeMetrics metrics,
      TicketQueue tickets,
      FunctionLabels labels,
      Optional<SnapshotPrefetch> prefetch,
      Exemptions exemptions) {
    this.rules = rules;
    this.reader = reader;
    this.config = config;
    this.handled = handled;
    this.metrics = metrics;
    this.tickets = tickets;
    this.labels = labels;
    this.prefetch = prefetch.orElse(snapshot -> {});
    this.exemptions = exemptions;
  }

  /**
   * Parses and handles one event. Input that can never succeed yields an outcome, not an exception.
   */
  public RunResult handle(InputStream input, Context context) throws IOException {
    return handle(() -> CloudTrailEvents.parse(input), context);
  }

  /** Parses (already read input, see {@link Triggers}) and handles one event. */
  RunResult handle(EventParser parser, Context context) throws IOException {
    ThreadContext.put("requestId", context.getAwsRequestId());
    try {
      CloudTrailEvent event;
      try {
        event = parser.parse();
      } catch (InvalidEventException e) {
        // Never retried: the same bytes can never succeed.
        return invalid(
            e.reason().name(), e.field(), "invalid event: " + e.getMessage(), Trigger.EVENT);
      }
      return run(event, Invoked.by(context), Deadline.of(context));
    } finally {
      ThreadContext.clearMap();
    }
  }

  /** The region this deployment checks: the sweep's account-level message is about it. */
  String region() {
    return config.region();
  }

  /** Reads one event. */
  interface EventParser {
    CloudTrailEvent parse() throws IOException;
  }

  /**
   * The {@code invalid-event-<reason>} outcome of input that can never succeed, logged and counted.
   */
  RunResult invalid(String reason, String field, String problem, Trigger trigger) {
    Outcome outcome =
        new Outcome(
            Outcome.NONE,
            Outcome.NONE,
            Status.IGNORED,
            "invalid-event-" + reason.toLowerCase(Locale.ROOT).replace('_', '-'),
            problem);
    ThreadContext.put("invalidField", field);
    report(outcome, trigger);
    ThreadContext.remove("invalidField");
    return new RunResult("", "", List.of(outcome));
  }

  /**
   * Handles a parsed event for the function {@code self} that was invoked. Unexpected failures
   * propagate, so Lambda retries and then dead-letters.
   */
  public RunResult run(CloudTrailEvent event, Invoked self, Deadline deadline) {
    String eventId = EventTokens.safe(event.eventId());
    String eventName = EventTokens.safe(event.eventName());
    ThreadContext.put("eventId", eventId);
    ThreadContext.put("eventName", eventName);
    event.functionArn().ifPresent(arn -> ThreadContext.put("functionArn", labels.label(arn)));
    Trigger trigger = trigger(event);
    if (handled.seen(event.eventId())) {
      Outcome repeat =
          labelled(
              new Outcome(
                  Outcome.NONE,
                  event.functionArn().orElse(Outcome.NONE),
                  Status.IGNORED,
                  "repeat",
                  "repeat of an event this container already handled"));
      report(repeat, trigger);
      return new RunResult(eventId, eventName, List.of(repeat));
    }
    DeadlineInterceptor.set(deadline);
    try {
      List<Outcome> outcomes = decide(event, self, deadline).stream().map(this::labelled).toList();
      outcomes.forEach(outcome -> report(outcome, trigger));
      RunResult result = new RunResult(eventId, eventName, outcomes);
      handled.remember(event.eventId());
      return result;
    } finally {
      DeadlineInterceptor.clear();
    }
  }

  private List<Outcome> decide(CloudTrailEvent event, Invoked self, Deadline deadline) {
    String target = event.functionArn().orElse(Outcome.NONE);
    Optional<Outcome> skip = skip(event, self, target);
    if (skip.isPresent()) {
      return List.of(skip.get());
    }
    if (event.operation().accountLevel()) {
      return decideAccount(event);
    }
    FunctionSnapshot snapshot;
    Instant checkedAt = Instant.now();
    try {
      snapshot = read(target);
    } catch (FunctionGoneException e) {
      return List.of(gone(Outcome.NONE, target));
    } catch (RuntimeException e) {
      Outcome failed =
          labelled(
              new Outcome(
                  Outcome.NONE,
                  target,
                  Status.ERROR,
                  "read-failed",
                  "reading the function failed: " + e.getClass().getSimpleName()));
      report(failed, trigger(event));
      throw new RemediationFailedException(
          EventTokens.safe(event.eventId()), "lambda:GetFunction", e);
    }
    // Labelled again: with the prefetch done, the label can redact what only a remote detector
    // finds in the name.
    event.functionArn().ifPresent(arn -> ThreadContext.put("functionArn", labels.label(arn)));
    List<Outcome> outcomes = new ArrayList<>();
    // The owner's exemption, read once per event; one that is not honoured says why, and the rules
    // act normally.
    Exemption exemption = exemptions.of(snapshot);
    if (exemption instanceof Exemption.Ignored ignored) {
      outcomes.add(
          new Outcome(Outcome.NONE, target, Status.IGNORED, ignored.code(), ignored.why()));
    }
    List<Finding> findings = new ArrayList<>();
    Map<String, Set<String>> stillFound = new LinkedHashMap<>();
    RemediationFailedException unexpected = null;
    boolean stale = false;
    boolean vanished = false;
    for (Rule rule : rules.triggeredBy(event)) {
      if (vanished) {
        // Deleted while an earlier rule ran: later rules must not create resources (a log group)
        // for it.
        outcomes.add(gone(rule.id(), target));
        continue;
      }
      ThreadContext.put("rule", rule.id());
      try {
        Evaluation evaluation =
            evaluate(rule, snapshot, stale, event, exemption, deadline, findings);
        outcomes.add(evaluation.outcome());
        String arn = snapshot.arn();
        evaluation
            .stillFound()
            .ifPresent(
                subjects ->
                    stillFound.put(
                        rule.id(),
                        subjects.stream()
                            .map(subject -> labels.scrub(subject, arn))
                            .collect(Collectors.toCollection(LinkedHashSet::new))));
        // Stale when this rule wrote, or when an earlier write was not followed by a re-read.
        stale =
            evaluation.outcome().status() == Status.FIXED
                || (stale && evaluation.last() == snapshot);
        snapshot = evaluation.last();
      } catch (FunctionGoneException e) {
        outcomes.add(gone(rule.id(), target));
        vanished = true;
      } catch (RuntimeException e) {
        // One rule's failure must not stop the others; the first one is rethrown below for retry.
        outcomes.add(
            new Outcome(
                rule.id(),
                target,
                Status.ERROR,
                "unexpected-failure",
                "unexpected " + e.getClass().getSimpleName()));
        unexpected =
            unexpected == null
                ? new RemediationFailedException(EventTokens.safe(event.eventId()), rule.id(), e)
                : unexpected;
      } finally {
        ThreadContext.remove("rule");
      }
    }
    // Report mode without report-mode tickets raises none, so it has nothing to forget either.
    // After a failure, or once
    // the function is gone, the findings are still sent, but nothing may be forgotten.
    TicketReport report =
        new TicketReport(
            labels.label(snapshot.arn()),
            EventTokens.safe(event.eventId()),
            checkedAt,
            findings,
            unexpected == null && !vanished ? stillFound : Map.of());
    if (tickets.enabled()
        && (config.mode() == Mode.ENFORCE || tickets.inReportMode())
        && !report.isEmpty()) {
      try {
        tickets.send(report);
      } catch (RuntimeException e) {
        // Retried: a finding not queued would never be ticketed, a forgotten ticket never
        // forgotten.
        unexpected =
            unexpected != null
                ? unexpected
                : new RemediationFailedException(
                    EventTokens.safe(event.eventId()), "ticket-queue", e);
      }
    }
    if (unexpected != null) {
      outcomes.stream().map(this::labelled).forEach(outcome -> report(outcome, trigger(event)));
      throw unexpected;
    }
    return outcomes;
  }

  private Optional<Outcome> skip(CloudTrailEvent event, Invoked self, String target) {
    // Before anything else: an event about another account must not even name a function here (a
    // bare name would
    // resolve to a same-named function of this account).
    if (self.account().filter(event::onlyConcerns).isEmpty()) {
      return ignored(
          Outcome.NONE,
          "other-account",
          "event from or about another account than the one this function runs in");
    }
    if (event.failed()) {
      return ignored(
          target,
          "failed-call",
          "failed call ("
              + EventTokens.safe(event.errorCode().orElseThrow())
              + ") changed nothing");
    }
    if (event.actor().roleArn().filter(config.serviceRoleArns()::contains).isPresent()) {
      return ignored(target, "self-caused", "caused by this service's own role");
    }
    if (rules.triggeredBy(event).isEmpty()) {
      return ignored(target, "no-rule", "no rule acts on " + EventTokens.safe(event.eventName()));
    }
    if (event.operation().accountLevel()) {
      // About the account's setting in the event's region: only this deployment's region is its to
      // check.
      boolean here =
          event.region().equals(config.region())
              && event.envelopeRegion().filter(r -> !r.equals(config.region())).isEmpty();
      return here
          ? Optional.empty()
          : ignored(target, "other-region", "setting of another region than this deployment's");
    }
    if (event.function().isEmpty()) {
      return ignored(
          target,
          "no-target",
          "event names no function"
              + (event.truncated() ? " (record truncated by CloudTrail)" : ""));
    }
    String region = event.function().get().region().orElse(event.region());
    if (!region.equals(config.region())
        || event.envelopeRegion().filter(r -> !r.equals(config.region())).isPresent()) {
      return ignored(
          target, "other-region", "function lives in another region than this deployment");
    }
    String name = event.function().get().name();
    if (config.serviceFunctionNames().contains(name)
        || self.functionName().filter(name::equals).isPresent()) {
      // Fixing its own functions would drift the stack from its template: CloudFormation owns them.
      return ignored(target, "own-function", "function belongs to this service's own stack");
    }
    return Optional.empty();
  }

  /**
   * An account-level trigger (X-Ray's PutEncryptionConfig, the sweep's once-per-run message): each
   * account-level rule checks the setting itself, and no function is read. A compliant (or fixed)
   * setting forgets the setting's tickets, so that moving it off again raises a new one.
   */
  private List<Outcome> decideAccount(CloudTrailEvent event) {
    List<Outcome> outcomes = new ArrayList<>();
    RemediationFailedException unexpected = null;
    Instant checkedAt = Instant.now();
    for (Rule triggered : rules.triggeredBy(event.operation())) {
      AccountRule rule = (AccountRule) triggered;
      String subject = rule.accountSubject(event.account(), event.region());
      ThreadContext.put("rule", rule.id());
      try {
        List<Finding> findings = new ArrayList<>();
        Outcome outcome = evaluateAccount(rule, subject, event, findings);
        outcomes.add(outcome);
        boolean resolved = outcome.status() == Status.COMPLIANT || outcome.status() == Status.FIXED;
        // The setting's report: its ticket to raise, or, when resolved, its ticket to forget.
        TicketReport report =
            new TicketReport(
                subject,
                EventTokens.safe(event.eventId()),
                checkedAt,
                findings,
                resolved ? Map.of(rule.id(), Set.of()) : Map.of());
        if (tickets.enabled()
            && (config.mode() == Mode.ENFORCE || tickets.inReportMode())
            && !report.isEmpty()) {
          try {
            tickets.send(report);
          } catch (RuntimeException e) {
            // Retried: a finding not queued would never be ticketed, a ticket not forgotten would
            // swallow its return.
            unexpected =
                unexpected == null
                    ? new RemediationFailedException(
                        EventTokens.safe(event.eventId()), "ticket-queue", e)
                    : unexpected;
          }
        }
      } catch (RuntimeException e) {
        outcomes.add(
            new Outcome(
                rule.id(),
                subject,
                Status.ERROR,
                "unexpected-failure",
                "unexpected " + e.getClass().getSimpleName()));
        unexpected =
            unexpected == null
                ? new RemediationFailedException(EventTokens.safe(event.eventId()), rule.id(), e)
                : unexpected;
      } finally {
        ThreadContext.remove("rule");
      }
    }
    if (unexpected != null) {
      outcomes.stream().map(this::labelled).forEach(outcome -> report(outcome, trigger(event)));
      throw unexpected;
    }
    return outcomes;
  }

  /**
   * Checks the account's setting, then fixes, reports or tickets it, as {@link #evaluate} does a
   * function.
   */
  private Outcome evaluateAccount(
      AccountRule rule, String subject, CloudTrailEvent event, List<Finding> findings) {
    boolean tickets = config.mode() == Mode.ENFORCE || this.tickets.inReportMode();
    return switch (rule.checkAccount()) {
      case Verdict.Compliant c ->
          new Outcome(rule.id(), subject, Status.COMPLIANT, "compliant", c.reason());
      case Verdict.Unverifiable unverifiable ->
          new Outcome(
              rule.id(),
              subject,
              Status.UNVERIFIABLE,
              "unverifiable",
              unverifiable.reason(),
              tickets
                  ? raiseAccount(
                      rule,
                      event,
                      new Evidence("", unverifiable.reason()),
                      "the service could not check this setting, so it cannot say it is compliant",
                      Finding.UNVERIFIABLE,
                      findings)
                  : List.of());
      case Verdict.NonCompliant violation when config.mode() == Mode.REPORT ->
          new Outcome(
              rule.id(),
              subject,
              Status.REPORTED,
              "would-fix",
              violation.reason() + "; " + rule.plannedFix(),
              tickets
                  ? raiseAccount(
                      rule,
                      event,
                      new Evidence("", violation.reason()),
                      REPORT_MODE + rule.plannedFix(),
                      Finding.WOULD_FIX,
                      findings)
                  : List.of());
      case Verdict.NonCompliant violation -> {
        try {
          yield new Outcome(
              rule.id(),
              subject,
              Status.FIXED,
              "fixed",
              violation.reason() + "; " + rule.fixAccount(violation));
        } catch (FixNotVerifiedException e) {
          yield new Outcome(
              rule.id(),
              subject,
              Status.ERROR,
              "fix-not-verified",
              e.left().found(),
              raiseAccount(
                  rule,
                  event,
                  e.left(),
                  "the fix was written, but reading the setting again still finds it wrong",
                  Finding.FIX_NOT_VERIFIED,
                  findings));
        } catch (CannotFixException e) {
          yield new Outcome(
              rule.id(),
              subject,
              Status.ERROR,
              "cannot-fix",
              violation.reason() + "; " + e.getMessage(),
              raiseAccount(
                  rule,
                  event,
                  new Evidence("", violation.reason()),
                  e.getMessage(),
                  Finding.CANNOT_FIX,
                  findings));
        }
      }
    };
  }

  /** The setting's one ticket, added to its report. */
  private List<TicketRef> raiseAccount(
      AccountRule rule,
      CloudTrailEvent event,
      Evidence item,
      String why,
      String says,
      List<Finding> findings) {
    return queue(RuleFindings.ofAccount(rule, event, item, why, says), findings).stream().toList();
  }

  private static Optional<Outcome> ignored(String target, String code, String reason) {
    return Optional.of(new Outcome(Outcome.NONE, target, Status.IGNORED, code, reason));
  }

  private static Outcome gone(String rule, String target) {
    return new Outcome(rule, target, Status.IGNORED, "function-gone", "function no longer exists");
  }

  /**
   * The outcome, the last state read (before any write the rule made), and the subjects still found
   * (empty when the function is compliant or was fixed), whose tickets the ledger keeps; none when
   * the rule could not check, so it forgets nothing (not even the ticket saying so).
   */
  private record Evaluation(
      Outcome outcome, FunctionSnapshot last, Optional<Set<String>> stillFound) {
    Evaluation(Outcome outcome, FunctionSnapshot last) {
      this(outcome, last, Optional.of(Set.of()));
    }

    Evaluation(Outcome outcome, FunctionSnapshot last, Verdict.NonCompliant violation) {
      this(outcome, last, Optional.of(subjects(violation)));
    }

    static Evaluation unchecked(Outcome outcome, FunctionSnapshot last) {
      return new Evaluation(outcome, last, Optional.empty());
    }
  }

  private static Set<String> subjects(Verdict.NonCompliant violation) {
    return violation.evidence().isEmpty()
        ? Set.of("")
        : violation.evidence().stream().map(Evidence::key).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Checks, then fixes or reports. {@code stale} says an earlier rule's fix changed the function
   * since {@code start} was read: a check on it is still sound (each rule changes only what it is
   * about), but a fix that writes with the revision read must carry the current one, so it is
   * re-read first.
   */
  private Evaluation evaluate(
      Rule rule,
      FunctionSnapshot start,
      boolean stale,
      CloudTrailEvent event,
      Exemption exemption,
      Deadline deadline,
      List<Finding> findings) {
    FunctionSnapshot snapshot = start;
    for (int attempt = 1; ; attempt++) {
      switch (rule.check(snapshot)) {
        case Verdict.Compliant c -> {
          return new Evaluation(
              new Outcome(rule.id(), snapshot.arn(), Status.COMPLIANT, "compliant", c.reason()),
              snapshot);
        }
        case Verdict.Unverifiable unverifiable -> {
          return Evaluation.unchecked(
              unverifiable(rule, snapshot, unverifiable, event, findings), snapshot);
        }
        case Verdict.NonCompliant violation
            when exemption instanceof Exemption.Valid valid && valid.covers(rule.id()) -> {
          // The owner decided: reported with their (redacted) reason, never written, and no ticket.
          return new Evaluation(
              new Outcome(
                  rule.id(),
                  snapshot.arn(),
                  Status.REPORTED,
                  "exempt",
                  violation.reason()
                      + "; exempt by its owner"
                      + valid.until().map(day -> " until " + day + " (UTC)").orElse("")
                      + ", reason: "
                      + exemptions.reasonShown(valid)
                      + "; without the exemption it "
                      + rule.plannedFix()),
              snapshot,
              violation);
        }
        case Verdict.NonCompliant violation when config.mode() == Mode.REPORT -> {
          // A ticket-only rule's ticket is the same in both modes; a fixing rule's says what
          // enforce mode would do.
          String why =
              rule instanceof TicketOnlyRule ticketOnly
                  ? ticketOnly.whyNoAutomaticFix()
                  : REPORT_MODE + rule.plannedFix();
          String says = rule instanceof TicketOnlyRule ? Finding.CANNOT_FIX : Finding.WOULD_FIX;
          List<TicketRef> raised =
              tickets.inReportMode()
                  ? raise(rule, snapshot, violation, event, why, says, findings)
                  : List.of();
          return new Evaluation(
              new Outcome(
                  rule.id(),
                  snapshot.arn(),
                  Status.REPORTED,
                  "would-fix",
                  violation.reason() + "; " + rule.plannedFix(),
                  raised),
              snapshot,
              violation);
        }
        case Verdict.NonCompliant violation when rule instanceof TicketOnlyRule ticketOnly -> {
          return cannotFix(
              rule, snapshot, violation, event, ticketOnly.whyNoAutomaticFix(), findings);
        }
        case Verdict.NonCompliant violation -> {
          if (stale && rule.fixNeedsCurrentRevision()) {
            snapshot = read(snapshot.arn());
            stale = false;
            continue;
          }
          if (!snapshot.settled()) {
            snapshot = reader.awaitSettled(snapshot, deadline);
            prefetch.prefetch(snapshot);
            continue;
          }
          try {
            String change = rule.fix(snapshot, violation);
            return new Evaluation(
                new Outcome(
                    rule.id(),
                    snapshot.arn(),
                    Status.FIXED,
                    "fixed",
                    violation.reason() + "; " + change),
                snapshot);
          } catch (FixNotVerifiedException e) {
            // Written, but the re-read still holds what the fix removes: never reported as fixed;
            // one ticket says what is left.
            Verdict.NonCompliant left =
                new Verdict.NonCompliant(violation.reason(), List.of(e.left()));
            return new Evaluation(
                new Outcome(
                    rule.id(),
                    snapshot.arn(),
                    Status.ERROR,
                    "fix-not-verified",
                    e.left().found(),
                    raise(
                        rule,
                        snapshot,
                        left,
                        event,
                        "the fix was written, but reading the function again "
                            + "still finds what it removes",
                        Finding.FIX_NOT_VERIFIED,
                        findings)),
                snapshot,
                left);
          } catch (CannotFixException e) {
            return cannotFix(rule, snapshot, violation, event, e.getMessage(), findings);
          } catch (StaleFunctionException e) {
            if (attempt >= MAX_ATTEMPTS || deadline.expired()) {
              throw e;
            }
            LOG.info("function changed while fixing, deciding again (attempt {})", attempt);
            snapshot = read(snapshot.arn());
          }
        }
      }
    }
  }

  /** Reads the function, and lets the prefetch see it before any rule does. */
  private FunctionSnapshot read(String arn) {
    FunctionSnapshot snapshot = reader.read(arn);
    prefetch.prefetch(snapshot);
    return snapshot;
  }

  /**
   * What could not be checked: an {@code unverifiable} outcome and one ticket for the function, in
   * enforce mode, and in report mode when report mode tickets.
   */
  private Outcome unverifiable(
      Rule rule,
      FunctionSnapshot snapshot,
      Verdict.Unverifiable verdict,
      CloudTrailEvent event,
      List<Finding> findings) {
    List<TicketRef> raised = List.of();
    if (config.mode() == Mode.ENFORCE || tickets.inReportMode()) {
      Finding finding =
          RuleFindings.of(
              rule,
              snapshot,
              event,
              new Evidence("", verdict.reason()),
              "the service could not check this function, so it cannot say it is compliant",
              Finding.UNVERIFIABLE,
              verdict.howToMakeCheckable());
      raised = queue(finding, findings).stream().toList();
    }
    return new Outcome(
        rule.id(), snapshot.arn(), Status.UNVERIFIABLE, "unverifiable", verdict.reason(), raised);
  }

  /** The owner has to act: an error outcome and a ticket per offending item. */
  private Evaluation cannotFix(
      Rule rule,
      FunctionSnapshot snapshot,
      Verdict.NonCompliant violation,
      CloudTrailEvent event,
      String why,
      List<Finding> findings) {
    List<TicketRef> raised =
        raise(rule, snapshot, violation, event, why, Finding.CANNOT_FIX, findings);
    return new Evaluation(
        new Outcome(
            rule.id(),
            snapshot.arn(),
            Status.ERROR,
            "cannot-fix",
            violation.reason() + "; " + why,
            raised),
        snapshot,
        violation);
  }

  /**
   * One finding per offending item, or one for the function as a whole, added to the event's report
   * (sent once all rules ran; a report that cannot be sent fails the event, which is retried and
   * dead-lettered after the last retry).
   */
  private List<TicketRef> raise(
      Rule rule,
      FunctionSnapshot snapshot,
      Verdict.NonCompliant violation,
      CloudTrailEvent event,
      String why,
      String says,
      List<Finding> findings) {
    List<Evidence> items =
        violation.evidence().isEmpty()
            ? List.of(new Evidence("", violation.reason()))
            : violation.evidence();
    List<TicketRef> raised = new ArrayList<>();
    for (Evidence item : items) {
      queue(RuleFindings.of(rule, snapshot, event, item, why, says), findings)
          .ifPresent(raised::add);
    }
    return raised;
  }

  /** Adds the labelled finding to the event's report; empty when tickets are off. */
  private Optional<TicketRef> queue(Finding finding, List<Finding> findings) {
    if (!tickets.enabled()) {
      return Optional.empty();
    }
    Finding labelled = labels.label(finding);
    findings.add(labelled);
    return Optional.of(
        new TicketRef(labelled.subject(), TicketRef.State.QUEUED, tickets.sinkId(), ""));
  }

  /**
   * The outcome with the function named by its label, in the outcome and in its reason (a log group
   * name).
   */
  private Outcome labelled(Outcome outcome) {
    if (Outcome.NONE.equals(outcome.function())) {
      return outcome;
    }
    return new Outcome(
        outcome.rule(),
        labels.label(outcome.function()),
        outcome.status(),
        outcome.code(),
        labels.scrub(outcome.reason(), outcome.function()),
        outcome.tickets());
  }

  /**
   * Counts a batch of sweep messages the invoked function decided ({@code checked}) or left to SQS
   * ({@code failed}).
   */
  void countSweepBatch(Invoked self, int checked, int failed) {
    metrics.sweepBatch(self.functionName().orElse(Outcome.NONE), checked, failed);
  }

  /** What started the decision, for the metrics. */
  private static Trigger trigger(CloudTrailEvent event) {
    return event.operation() == LambdaOperation.SWEEP
            || event.operation() == LambdaOperation.SWEEP_ACCOUNT
        ? Trigger.SWEEP
        : Trigger.EVENT;
  }

  /** One structured log line and one metric per outcome. */
  private void report(Outcome outcome, Trigger trigger) {
    ThreadContext.put("rule", outcome.rule());
    ThreadContext.put("outcome", outcome.status().label());
    ThreadContext.put("code", outcome.code());
    ThreadContext.put("functionArn", outcome.function());
    ThreadContext.put("ticket", outcome.ticketSummary());
    if (outcome.code().startsWith("invalid-event")) {
      LOG.warn("{}: {}", outcome.status().label(), outcome.reason());
    } else {
      LOG.info("{}: {}", outcome.status().label(), outcome.reason());
    }
    ThreadContext.remove("outcome");
    ThreadContext.remove("code");
    ThreadContext.remove("ticket");
    metrics.count(outcome, trigger);
  }
}
