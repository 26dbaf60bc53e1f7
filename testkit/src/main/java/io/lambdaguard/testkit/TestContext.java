package io.lambdaguard.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Lambda {@link Context} for calling handlers directly in tests.
 *
 * <p>Like Lambda, the remaining time counts down to a fixed deadline; {@link
 * #remainingTime(Duration)} moves the deadline. The logger keeps each logged message as a line in
 * memory ({@link #logLines()}).
 */
public final class TestContext implements Context {

  private static final Duration DEFAULT_REMAINING = Duration.ofSeconds(30);
  private static final DateTimeFormatter LOG_STREAM_DATE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final String functionName;
  private final String awsRequestId = UUID.randomUUID().toString();
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final LambdaLogger logger = new CollectingLogger();
  private volatile Instant deadline;

  /**
   * A context for {@code functionName} in account {@link MotoServer#ACCOUNT}, 30 s from its
   * deadline.
   */
  public TestContext(String functionName) {
    this(functionName, Clock.systemUTC());
  }

  /** As {@link #TestContext(String)}, with the remaining time measured on {@code clock}. */
  public TestContext(String functionName, Clock clock) {
    this.functionName = functionName;
    this.clock = clock;
    this.deadline = clock.instant().plus(DEFAULT_REMAINING);
  }

  /** Sets the deadline to {@code remaining} from now; returns this context. */
  public TestContext remainingTime(Duration remaining) {
    this.deadline = clock.instant().plus(remaining);
    return this;
  }

  /**
   * The messages logged through {@link #getLogger()}, oldest first, without trailing line breaks.
   */
  public List<String> logLines() {
    return List.copyOf(logLines);
  }

  @Override
  public int getRemainingTimeInMillis() {
    long millis = Duration.between(clock.instant(), deadline).toMillis();
    return (int) Math.clamp(millis, 0, Integer.MAX_VALUE);
  }

  @Override
  public String getAwsRequestId() {
    return awsRequestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return LOG_STREAM_DATE.format(clock.instant()) + "/[$LATEST]" + awsRequestId.replace("-", "");
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:"
        + MotoServer.REGION
        + ":"
        + MotoServer.ACCOUNT
        + ":function:"
        + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  private final class CollectingLogger implements LambdaLogger {
    @Override
    public void log(String message) {
      logLines.add(message.replaceFirst("\\R+\\z", ""));
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }
  }
}
