package io.lambdaguard.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function Lambda invoked, as its context names it: the account it runs in, the one account
 * whose events it may act on, and its own name.
 *
 * @param account the account of the invoked function ARN; empty when the context names none, in
 *     which case no event is acted on (fail closed)
 * @param functionName the invoked function's name, when known
 */
public record Invoked(Optional<String> account, Optional<String> functionName) {
  // arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
  private static final Pattern FUNCTION_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\\d{12}):function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?");

  /** What {@code context.getInvokedFunctionArn()} says. */
  public static Invoked by(Context context) {
    String arn = context.getInvokedFunctionArn();
    Matcher m = arn == null ? null : FUNCTION_ARN.matcher(arn);
    if (m == null || !m.matches()) {
      return new Invoked(Optional.empty(), Optional.ofNullable(context.getFunctionName()));
    }
    return new Invoked(Optional.of(m.group(1)), Optional.of(m.group(2)));
  }
}
