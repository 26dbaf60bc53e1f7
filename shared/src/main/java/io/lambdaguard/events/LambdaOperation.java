package io.lambdaguard.events;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Lambda API operations the service cares about, by their plain API name.
 *
 * <p>CloudTrail records Lambda's internal operation names with an API-version suffix ({@code
 * CreateFunction20150331}, {@code UpdateFunctionConfiguration20150331v2}); {@link #fromEventName}
 * strips it. A different operation that merely starts with the same letters ({@code
 * CreateFunctionUrlConfig}) is never mistaken for another. Besides Lambda's, X-Ray's {@code
 * PutEncryptionConfig} and the sweep's messages, which are no Lambda calls, wake rules too.
 */
public enum LambdaOperation {
  CREATE_FUNCTION("CreateFunction"),
  UPDATE_FUNCTION_CONFIGURATION("UpdateFunctionConfiguration"),
  UPDATE_FUNCTION_CODE("UpdateFunctionCode"),
  TAG_RESOURCE("TagResource"),
  UNTAG_RESOURCE("UntagResource"),
  DELETE_FUNCTION("DeleteFunction"),
  PUBLISH_VERSION("PublishVersion"),
  CREATE_FUNCTION_URL_CONFIG("CreateFunctionUrlConfig"),
  UPDATE_FUNCTION_URL_CONFIG("UpdateFunctionUrlConfig"),
  /**
   * Not a Lambda call: a sweep message about an existing function, which wakes every rule. Never
   * read from an event name, so no recorded event can pose as one.
   */
  SWEEP("Sweep"),
  /**
   * Not a Lambda call: X-Ray's {@code PutEncryptionConfig} (source {@code aws.xray}), a change of
   * X-Ray's encryption, one setting of the whole account and region. Read only from an X-Ray event,
   * never from a Lambda event's name.
   */
  PUT_ENCRYPTION_CONFIG("PutEncryptionConfig"),
  /**
   * Not a Lambda call: the sweep's one account-level message per run, which wakes the rules about a
   * setting of the whole account and region (and no other). Never read from an event name.
   */
  SWEEP_ACCOUNT("SweepAccount"),
  /** Any other Lambda operation: valid input that no rule acts on. */
  OTHER("");

  private static final Map<String, LambdaOperation> BY_API_NAME =
      Stream.of(values())
          .filter(op -> op != OTHER && op != SWEEP && !op.accountLevel())
          .collect(Collectors.toUnmodifiableMap(op -> op.apiName, Function.identity()));

  private final String apiName;

  LambdaOperation(String apiName) {
    this.apiName = apiName;
  }

  /** The plain API name, e.g. {@code CreateFunction}. */
  public String apiName() {
    return apiName;
  }

  /**
   * Whether the operation is about a setting of the whole account and region, not about a function.
   */
  public boolean accountLevel() {
    return this == PUT_ENCRYPTION_CONFIG || this == SWEEP_ACCOUNT;
  }

  /**
   * Maps {@code CreateFunction20150331}, {@code CreateFunction} or {@code
   * UpdateFunctionConfiguration20150331v2}.
   */
  public static LambdaOperation fromEventName(String eventName) {
    return BY_API_NAME.getOrDefault(EventNames.apiName(eventName), OTHER);
  }

  /** Maps the name of an X-Ray event: {@code PutEncryptionConfig}, or {@link #OTHER}. */
  static LambdaOperation fromXRayEventName(String eventName) {
    return PUT_ENCRYPTION_CONFIG.apiName.equals(eventName) ? PUT_ENCRYPTION_CONFIG : OTHER;
  }
}
