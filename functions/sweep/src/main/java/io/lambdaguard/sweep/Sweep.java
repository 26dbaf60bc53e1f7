package io.lambdaguard.sweep;

import io.lambdaguard.config.Config;
import io.lambdaguard.events.AccountSweepMessage;
import io.lambdaguard.events.InvalidSweepMessageException;
import io.lambdaguard.events.SweepMessage;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One sweep: lists every function of the account and region, page by page, and puts one {@link
 * SweepMessage} per function on each sweep queue (one per function that checks rules), and, when it
 * listed any function to check, one {@link AccountSweepMessage} per run on each, which wakes the
 * rules about a setting of the whole account and region (X-Ray's encryption) once per run. It
 * judges nothing: the functions that check rules read each function themselves. Functions run by
 * the stack's own roles are left out, as events they cause are.
 */
public final class Sweep {
  static final Set<String> PERMISSIONS = Set.of("lambda:ListFunctions");

  /** Time kept for the last batch, the summary and the answer. */
  static final Duration RESERVE = Duration.ofSeconds(10);

  private static final Logger LOG = LogManager.getLogger(Sweep.class);

  private final LambdaClient lambda;
  private final SqsClient sqs;
  private final SweepSettings settings;
  private final Set<String> serviceRoleArns;
  private final SweepMetrics metrics;
  private final Clock clock;

  @Inject
  Sweep(
      LambdaClient lambda,
      SqsClient sqs,
      SweepSettings settings,
      Config config,
      SweepMetrics metrics,
      Clock clock) {
    this.lambda = lambda;
    this.sqs = sqs;
    this.settings = settings;
    this.serviceRoleArns = config.serviceRoleArns();
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Runs the sweep, logs its summary and emits its metrics; throws {@link SweepFailedException}
   * when a listed function could not be put on the queue.
   *
   * @param remainingMillis the invocation's time left
   */
  public SweepSummary run(LongSupplier remainingMillis) {
    String sweepId = UUID.randomUUID().toString();
    Instant started = clock.instant();
    List<SweepQueue> queues =
        settings.queueUrls().stream().map(url -> new SweepQueue(sqs, url)).toList();
    int listed = 0;
    int skipped = 0;
    int pages = 0;
    int accountChecks = 0;
    boolean traced = false;
    long listNanos = 0;
    SweepFailedException failure = null;
    try {
      Iterator<ListFunctionsResponse> listing =
          lambda.listFunctionsPaginator(list -> {}).iterator();
      while (true) {
        // The paginator calls ListFunctions when asked for the next page: that wait is the time to
        // list.
        long asked = System.nanoTime();
        ListFunctionsResponse page = listing.hasNext() ? listing.next() : null;
        listNanos += System.nanoTime() - asked;
        if (page == null) {
          break;
        }
        pages++;
        // Counted per page, so a failure mid-page still counts every listed function that did not
        // reach the queue.
        List<FunctionConfiguration> toCheck =
            page.functions().stream()
                .filter(function -> !serviceRoleArns.contains(function.role()))
                .toList();
        listed += page.functions().size();
        skipped += page.functions().size() - toCheck.size();
        traced |=
            toCheck.stream()
                .anyMatch(
                    function ->
                        function.tracingConfig() != null
                            && function.tracingConfig().mode() == TracingMode.ACTIVE);
        for (FunctionConfiguration function : toCheck) {
          SweepMessage message = new SweepMessage(sweepId, function.functionArn(), started);
          queues.forEach(queue -> queue.add(message));
        }
        if (remainingMillis.getAsLong() < RESERVE.toMillis()) {
          throw new SweepFailedException(
              SweepFailedException.Reason.OUT_OF_TIME,
              "stopped after " + pages + " pages of ListFunctions; raise the function's timeout");
        }
      }
      // The run's one account-level check (X-Ray's encryption), when the listing found a traced
      // function: X-Ray's
      // encryption matters only where traces are sent.
      if (traced) {
        AccountSweepMessage accountCheck = new AccountSweepMessage(sweepId, started);
        queues.forEach(queue -> queue.add(accountCheck));
        accountChecks = 1;
      }
      queues.forEach(SweepQueue::flush);
    } catch (SweepFailedException e) {
      failure = e;
    } catch (InvalidSweepMessageException e) {
      failure =
          new SweepFailedException(
              SweepFailedException.Reason.LIST_FAILED, "a listed function has no valid ARN");
    } catch (SdkException e) {
      failure =
          new SweepFailedException(
              SweepFailedException.Reason.LIST_FAILED, SweepQueue.errorName(e));
    }
    int sent = queues.stream().mapToInt(SweepQueue::sent).sum();
    SweepSummary summary =
        new SweepSummary(
            sweepId,
            listed,
            skipped,
            sent,
            (listed - skipped + accountChecks) * queues.size() - sent,
            pages,
            queues.stream().mapToInt(SweepQueue::calls).sum(),
            queues.stream().mapToInt(SweepQueue::resent).sum(),
            Duration.between(started, clock.instant()).toMillis(),
            listNanos / 1_000_000,
            queues.stream().mapToLong(SweepQueue::sendMillis).sum(),
            Optional.ofNullable(failure).map(SweepFailedException::reason));
    log(summary, failure);
    metrics.emit(summary);
    if (failure != null) {
      throw failure;
    }
    return summary;
  }

  private static void log(SweepSummary summary, SweepFailedException failure) {
    ThreadContext.put("sweepId", summary.sweepId());
    ThreadContext.put("status", summary.completed() ? "completed" : "failed");
    ThreadContext.put("functionsListed", Integer.toString(summary.functionsListed()));
    ThreadContext.put("ownFunctionsSkipped", Integer.toString(summary.ownFunctionsSkipped()));
    ThreadContext.put("messagesSent", Integer.toString(summary.messagesSent()));
    ThreadContext.put("messagesNotSent", Integer.toString(summary.messagesNotSent()));
    ThreadContext.put("listCalls", Integer.toString(summary.listCalls()));
    ThreadContext.put("sendCalls", Integer.toString(summary.sendCalls()));
    ThreadContext.put("entriesResent", Integer.toString(summary.entriesResent()));
    ThreadContext.put("durationMillis", Long.toString(summary.durationMillis()));
    ThreadContext.put("listMillis", Long.toString(summary.listMillis()));
    ThreadContext.put("sendMillis", Long.toString(summary.sendMillis()));
    try {
      if (failure == null) {
        LOG.info(
            "sweep completed: {} functions listed, {} messages sent",
            summary.functionsListed(),
            summary.messagesSent());
      } else {
        ThreadContext.put("failure", failure.reason().name());
        LOG.error(
            "sweep failed, {} functions not on the queue: {}",
            summary.messagesNotSent(),
            failure.getMessage());
      }
    } finally {
      for (String key :
          new String[] {
            "sweepId",
            "status",
            "functionsListed",
            "ownFunctionsSkipped",
            "messagesSent",
            "messagesNotSent",
            "listCalls",
            "sendCalls",
            "entriesResent",
            "durationMillis",
            "listMillis",
            "sendMillis",
            "failure"
          }) {
        ThreadContext.remove(key);
      }
    }
  }
}
