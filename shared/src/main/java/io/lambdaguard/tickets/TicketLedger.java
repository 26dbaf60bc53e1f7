package io.lambdaguard.tickets;

import io.lambdaguard.config.Config;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The DynamoDB table that records which tickets exist, one item per dedup key, so a finding raises
 * one ticket however often its events arrive and whichever container handles them. Items are
 * grouped by function (partition key {@code functionKey}, a hash of the function's label; sort key
 * {@code dedupKey}, a keyed pseudonym), so that a later check that finds the function compliant can
 * {@link #forget} its tickets with one query.
 *
 * <p>A raise first claims the key with a conditional put (state {@code pending}, a random claim
 * token and a lease that ends with the claiming invocation), then opens the ticket, then confirms
 * (state {@code opened}, the sink's ticket id). A second raise finds the item and stops. If the
 * invocation dies between claim and confirm, its lease runs out with it; a Lambda retry arrives
 * later than that (asynchronous retries wait a minute or more), finds the lease expired and claims
 * again, so the ticket is not lost. The price is a possible second ticket when the invocation died
 * after the sink call and before the confirm: harmless for Security Hub (same finding id) and
 * OpsCenter (its own dedup), a repeat for SNS and Jira.
 *
 * <p>Items hold the hash of the function's label, the subject's pseudonym, the dedup key, the rule
 * id, the state, the sink and its ticket id, and when the reporting check read the function:
 * nothing from the function. They expire ({@code expiresAt}, the table's TTL attribute) {@link
 * #REMEMBER} after the ticket was opened, so a finding still present then is raised again as a
 * reminder.
 */
@Singleton
public final class TicketLedger {
  /**
   * IAM actions on the table of raising a ticket (claim, confirm, release) and of {@link #forget}.
   */
  public static final Set<String> PERMISSIONS =
      Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

  /**
   * IAM action of reading a function's tickets ({@link #tickets}), which only a report of a check
   * that can find the function compliant needs.
   */
  public static final Set<String> READ_PERMISSIONS = Set.of("dynamodb:Query");

  /** How long an opened ticket suppresses new ones for the same finding. */
  public static final Duration REMEMBER = Duration.ofDays(30);

  static final String FUNCTION_KEY = "functionKey";
  static final String KEY = "dedupKey";
  static final String SUBJECT_KEY = "subjectKey";
  static final String STATE = "state";
  static final String RULE = "rule";
  static final String LEASE = "leaseUntil";
  static final String TOKEN = "claimToken";
  static final String SINK = "sink";
  static final String TICKET_ID = "ticketId";
  static final String OPENED_AT = "openedAt";

  /**
   * When the check that raised the ticket read the function, epoch milliseconds: only a later check
   * forgets it.
   */
  static final String CHECKED_AT = "checkedAt";

  /** The table's TTL attribute, epoch seconds. */
  static final String EXPIRES = "expiresAt";

  static final String PENDING = "pending";
  static final String OPENED = "opened";

  /**
   * Where one ticket is recorded.
   *
   * @param functionKey the hash of the function's label (partition key)
   * @param dedupKey the ticket's dedup key (sort key)
   * @param ruleId the rule that raised it
   * @param subjectKey the subject's pseudonym, so that a later check can tell which subjects are
   *     gone
   */
  record Entry(String functionKey, String dedupKey, String ruleId, String subjectKey) {}

  /** A recorded ticket of one function, as {@link #tickets} lists it. */
  record Recorded(String dedupKey, String ruleId, String subjectKey, boolean opened) {}

  /** What a claim found. */
  sealed interface Claim {
    /**
     * This raise owns the key and must open the ticket; {@code resend} when an earlier claim died.
     */
    record Granted(String token, boolean resend) implements Claim {}

    /** The ticket exists. */
    record Opened(String sink, String ticketId) implements Claim {}

    /** Another invocation is opening the ticket right now; its own retry covers a failure. */
    record InFlight() implements Claim {}
  }

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public TicketLedger(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.tickets().requireTable();
  }

  /**
   * Claims the key for this raise until {@code leaseUntil}, unless a ticket exists or is being
   * opened; {@code checkedAt} is when the reporting check read the function.
   */
  Claim claim(Entry entry, Instant now, Instant leaseUntil, Instant checkedAt) {
    String token = UUID.randomUUID().toString();
    try {
      PutItemResponse put =
          dynamo.putItem(
              p ->
                  p.tableName(table)
                      .item(
                          Map.of(
                              FUNCTION_KEY, s(entry.functionKey()),
                              KEY, s(entry.dedupKey()),
                              SUBJECT_KEY, s(entry.subjectKey()),
                              STATE, s(PENDING),
                              RULE, s(entry.ruleId()),
                              TOKEN, s(token),
                              LEASE, n(leaseUntil.toEpochMilli()),
                              CHECKED_AT, n(checkedAt.toEpochMilli()),
                              EXPIRES, n(now.plus(REMEMBER).getEpochSecond())))
                      // New, or expired but not yet removed by TTL (which may lag by days), or an
                      // abandoned claim.
                      .conditionExpression(
                          "attribute_not_exists(#key) OR #expires < :nowSeconds"
                              + " OR (#state = :pending AND #lease < :nowMillis)")
                      .expressionAttributeNames(
                          Map.of(
                              "#key", KEY, "#expires", EXPIRES, "#state", STATE, "#lease", LEASE))
                      .expressionAttributeValues(
                          Map.of(
                              ":nowSeconds", n(now.getEpochSecond()),
                              ":nowMillis", n(now.toEpochMilli()),
                              ":pending", s(PENDING)))
                      .returnValues(ReturnValue.ALL_OLD)
                      .returnValuesOnConditionCheckFailure(
                          ReturnValuesOnConditionCheckFailure.ALL_OLD));
      AttributeValue previous = put.hasAttributes() ? put.attributes().get(STATE) : null;
      return new Claim.Granted(token, previous != null && PENDING.equals(previous.s()));
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> item = e.hasItem() ? e.item() : Map.of();
      AttributeValue state = item.get(STATE);
      if (state != null && OPENED.equals(state.s())) {
        return new Claim.Opened(text(item, SINK), text(item, TICKET_ID));
      }
      return new Claim.InFlight();
    }
  }

  /**
   * Records the opened ticket; false when the claim was taken over meanwhile (this raise overran
   * its lease).
   */
  boolean confirm(Entry entry, String token, String sink, String ticketId, Instant now) {
    try {
      dynamo.updateItem(
          u ->
              u.tableName(table)
                  .key(key(entry))
                  .updateExpression(
                      "SET #state = :opened, #sink = :sink, #ticketId = :ticketId, #openedAt = :now,"
                          + " #expires = :expires REMOVE #lease")
                  .conditionExpression("#token = :token")
                  .expressionAttributeNames(
                      Map.of(
                          "#state",
                          STATE,
                          "#sink",
                          SINK,
                          "#ticketId",
                          TICKET_ID,
                          "#openedAt",
                          OPENED_AT,
                          "#expires",
                          EXPIRES,
                          "#lease",
                          LEASE,
                          "#token",
                          TOKEN))
                  .expressionAttributeValues(
                      Map.of(
                          ":opened", s(OPENED),
                          ":sink", s(sink),
                          ":ticketId", s(ticketId),
                          ":now", s(now.toString()),
                          ":expires", n(now.plus(REMEMBER).getEpochSecond()),
                          ":token", s(token))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /**
   * Gives the claim up after a failed sink call, so the retry need not wait for the lease to run
   * out.
   */
  void release(Entry entry, String token) {
    try {
      dynamo.deleteItem(
          d ->
              d.tableName(table)
                  .key(key(entry))
                  .conditionExpression("#token = :token")
                  .expressionAttributeNames(Map.of("#token", TOKEN))
                  .expressionAttributeValues(Map.of(":token", s(token))));
    } catch (ConditionalCheckFailedException e) {
      // Taken over already: nothing of ours left to release.
    }
  }

  /** The tickets recorded for one function: one query, usually answered with nothing. */
  List<Recorded> tickets(String functionKey) {
    List<Recorded> recorded = new java.util.ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          dynamo.query(
              q ->
                  q.tableName(table)
                      .keyConditionExpression("#function = :function")
                      .expressionAttributeNames(
                          Map.of(
                              "#function",
                              FUNCTION_KEY,
                              "#key",
                              KEY,
                              "#rule",
                              RULE,
                              "#subject",
                              SUBJECT_KEY,
                              "#state",
                              STATE))
                      .expressionAttributeValues(Map.of(":function", s(functionKey)))
                      .projectionExpression("#key, #rule, #subject, #state")
                      .consistentRead(true)
                      .exclusiveStartKey(from));
      page.items()
          .forEach(
              item ->
                  recorded.add(
                      new Recorded(
                          text(item, KEY),
                          text(item, RULE),
                          text(item, SUBJECT_KEY),
                          OPENED.equals(text(item, STATE)))));
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return recorded;
  }

  /**
   * Forgets an opened ticket whose finding is gone, so that the finding raises a new ticket when it
   * comes back. A claim in flight is left alone: its raise is about a finding present right now; so
   * is a ticket raised by a check that read the function after {@code checkedAt} (a report that
   * arrives late never forgets a newer finding).
   */
  void forget(String functionKey, String dedupKey, Instant checkedAt) {
    try {
      dynamo.deleteItem(
          d ->
              d.tableName(table)
                  .key(Map.of(FUNCTION_KEY, s(functionKey), KEY, s(dedupKey)))
                  .conditionExpression(
                      "#state = :opened AND (attribute_not_exists(#checkedAt) OR #checkedAt < :checkedAt)")
                  .expressionAttributeNames(Map.of("#state", STATE, "#checkedAt", CHECKED_AT))
                  .expressionAttributeValues(
                      Map.of(":opened", s(OPENED), ":checkedAt", n(checkedAt.toEpochMilli()))));
    } catch (ConditionalCheckFailedException e) {
      // Claimed again meanwhile, or gone already.
    }
  }

  private static Map<String, AttributeValue> key(Entry entry) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(FUNCTION_KEY, s(entry.functionKey()));
    key.put(KEY, s(entry.dedupKey()));
    return key;
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.s() == null ? "" : value.s();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
