package io.lambdaguard.floors.jvm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Benchmark floor 0: the least a Java function can do, answer at once without reading the event.
 */
public final class JvmFloorHandler implements RequestStreamHandler {
  // The shape of our functions' answers, which the local replay checks; it costs one write.
  private static final byte[] ANSWER =
      "{\"outcomes\":[{\"rule\":\"floor\",\"outcome\":\"compliant\"}]}"
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    output.write(ANSWER);
  }
}
