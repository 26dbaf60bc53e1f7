package io.lambdaguard.encryption;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.remediation.RuleRunner;
import io.lambdaguard.remediation.Triggers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * Lambda entry point: environment variables and log groups are encrypted with the customer managed
 * key. Invoked by EventBridge with a CloudTrail event, and by the sweep queue with a batch of sweep
 * messages.
 */
public final class EncryptionHandler implements RequestStreamHandler {
  private final Triggers triggers;

  /** Called by the Lambda runtime at init: builds the object graph once per container. */
  public EncryptionHandler() {
    this(
        DaggerEncryptionComponent.factory()
            .create(Config.from(System.getenv()), EnvironmentVariableCredentialsProvider.create())
            .runner());
  }

  EncryptionHandler(RuleRunner runner) {
    this.triggers = new Triggers(runner);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    output.write(triggers.respond(input, context));
  }
}
