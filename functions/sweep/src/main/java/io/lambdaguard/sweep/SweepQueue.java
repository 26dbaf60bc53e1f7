package io.lambdaguard.sweep;

import io.lambdaguard.events.AccountSweepMessage;
import io.lambdaguard.events.SweepCheck;
import io.lambdaguard.events.SweepMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts sweep messages on the sweep queue ten at a time (SendMessageBatch's maximum). Entries SQS
 * refuses are sent again, a bounded number of times; a batch with an entry still refused after that
 * ends the sweep with {@link SweepFailedException}, so no function is silently left out.
 */
final class SweepQueue {
  /**
   * SendMessageBatch is authorized as SendMessage; the queue is on the stack's key (a data key to
   * send).
   */
  static final Set<String> PERMISSIONS =
      Set.of("sqs:SendMessage", "kms:GenerateDataKey", "kms:Decrypt");

  static final int BATCH_SIZE = 10;

  /**
   * Attempts per entry, the first included: SQS refuses single entries on transient internal
   * errors.
   */
  static final int ATTEMPTS = 3;

  private static final long BACKOFF_MILLIS = 200;

  private final SqsClient sqs;
  private final String queueUrl;

  /** Message bodies not sent yet. */
  private final List<String> pending = new ArrayList<>(BATCH_SIZE);

  private int sent;
  private int calls;
  private int resent;
  private long sendNanos;

  SweepQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** Queues the message; sends a batch once ten are pending. */
  void add(SweepCheck message) {
    pending.add(
        switch (message) {
          case SweepMessage function -> function.toJson();
          case AccountSweepMessage account -> account.toJson();
        });
    if (pending.size() == BATCH_SIZE) {
      flush();
    }
  }

  /** Sends what is pending. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    // Entry ids are the positions in the batch: unique per call and the same on every attempt.
    Map<String, SendMessageBatchRequestEntry> unsent = new LinkedHashMap<>();
    for (int i = 0; i < pending.size(); i++) {
      unsent.put(
          Integer.toString(i),
          SendMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .messageBody(pending.get(i))
              .build());
    }
    List<BatchResultErrorEntry> refused = List.of();
    for (int attempt = 1; attempt <= ATTEMPTS && !unsent.isEmpty(); attempt++) {
      if (attempt > 1) {
        resent += unsent.size();
        pause(BACKOFF_MILLIS << (attempt - 2));
      }
      SendMessageBatchResponse response = send(List.copyOf(unsent.values()));
      response
          .successful()
          .forEach(
              ok -> {
                if (unsent.remove(ok.id()) != null) {
                  sent++;
                }
              });
      refused = response.failed();
      // A sender fault (a body SQS will never take) fails the same way on every attempt.
      if (refused.stream().anyMatch(BatchResultErrorEntry::senderFault)) {
        break;
      }
    }
    if (!unsent.isEmpty()) {
      Set<String> codes =
          refused.stream()
              .map(BatchResultErrorEntry::code)
              .map(SweepQueue::code)
              .collect(Collectors.toCollection(TreeSet::new));
      int batch = pending.size();
      pending.clear();
      throw new SweepFailedException(
          SweepFailedException.Reason.QUEUE_REFUSED,
          unsent.size()
              + " of a batch of "
              + batch
              + " refused after "
              + ATTEMPTS
              + " attempts at most (codes "
              + codes
              + ")");
    }
    pending.clear();
  }

  private SendMessageBatchResponse send(List<SendMessageBatchRequestEntry> entries) {
    calls++;
    long started = System.nanoTime();
    try {
      return sqs.sendMessageBatch(batch -> batch.queueUrl(queueUrl).entries(entries));
    } catch (SdkException e) {
      throw new SweepFailedException(SweepFailedException.Reason.QUEUE_UNAVAILABLE, errorName(e));
    } finally {
      sendNanos += System.nanoTime() - started;
    }
  }

  /** SendMessageBatch calls made, retries of refused entries included. */
  int calls() {
    return calls;
  }

  /** Messages SQS accepted. */
  int sent() {
    return sent;
  }

  /** Time spent in SendMessageBatch calls. */
  long sendMillis() {
    return sendNanos / 1_000_000;
  }

  /** Entries sent again after SQS refused them. */
  int resent() {
    return resent;
  }

  static String errorName(SdkException e) {
    String code =
        e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
            ? aws.awsErrorDetails().errorCode()
            : null;
    return e.getClass().getSimpleName() + (code == null ? "" : " (" + code(code) + ")");
  }

  /** Error codes are identifiers; anything else is not repeated. */
  private static String code(String code) {
    return code != null && code.matches("[A-Za-z0-9._:-]{1,100}") ? code : "unrecognised";
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SweepFailedException(SweepFailedException.Reason.OUT_OF_TIME, "interrupted");
    }
  }
}
