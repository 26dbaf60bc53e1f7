package io.lambdaguard.strip;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.remediation.RuleRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/** Lambda entry point: no personal data in tags, descriptions and names. */
public final class StripPersonalDataHandler implements RequestStreamHandler {
  private final RuleRunner runner;

  /** Called by the Lambda runtime at init: builds the object graph (and the detector) once per container. */
  public StripPersonalDataHandler() {
    this(DaggerStripPersonalDataComponent.factory()
        .create(Config.from(System.getenv()), EnvironmentVariableCredentialsProvider.create())
        .runner());
  }

  StripPersonalDataHandler(RuleRunner runner) {
    this.runner = runner;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    output.write(runner.handle(input, context).toJson());
  }
}
