package io.lambdaguard.ticketing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import io.lambdaguard.events.QueueMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.logging.log4j.ThreadContext;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * Lambda entry point for the tickets queue (the rule functions' reports) and the dead-letter queue
 * (one ticket per dead event), answering with an SQS partial batch response ({@code
 * batchItemFailures}) so a message that could not be ticketed is delivered again.
 */
public final class TicketsHandler implements RequestStreamHandler {
  private final TicketsConsumer consumer;

  /** Called by the Lambda runtime at init: builds the object graph once per container. */
  public TicketsHandler() {
    this(
        DaggerTicketsComponent.factory()
            .create(Config.from(System.getenv()), EnvironmentVariableCredentialsProvider.create())
            .consumer());
  }

  /** Tests, also of the rule functions, which drain the tickets queue through it. */
  public TicketsHandler(TicketsConsumer consumer) {
    this.consumer = consumer;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ThreadContext.put("requestId", context.getAwsRequestId());
    try {
      List<String> failed = consumer.consume(QueueMessages.parse(input), Deadline.of(context));
      output.write(QueueMessages.batchResponse(failed));
    } finally {
      ThreadContext.clearMap();
    }
  }
}
