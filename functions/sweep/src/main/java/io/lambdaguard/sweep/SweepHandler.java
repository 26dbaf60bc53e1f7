package io.lambdaguard.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.logging.log4j.ThreadContext;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * Lambda entry point of the sweep: the schedule and an on-demand {@code aws lambda invoke} start
 * the same sweep, whatever the payload. Answers with the summary; a sweep that could not queue
 * every function fails the invocation with {@link SweepFailedException}.
 */
public final class SweepHandler implements RequestStreamHandler {
  private final Sweep sweep;

  /** Called by the Lambda runtime at init: builds the object graph once per container. */
  public SweepHandler() {
    this(
        DaggerSweepComponent.factory()
            .create(
                Config.from(System.getenv()),
                SweepSettings.from(System.getenv()),
                EnvironmentVariableCredentialsProvider.create())
            .sweep());
  }

  SweepHandler(Sweep sweep) {
    this.sweep = sweep;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    ThreadContext.put("requestId", context.getAwsRequestId());
    try {
      output.write(sweep.run(context::getRemainingTimeInMillis).toJson());
    } finally {
      ThreadContext.clearMap();
    }
  }
}
