package io.lambdaguard.floors.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * Benchmark floor 1: a plain SDK v2 function. It builds one Lambda client at init (URLConnection
 * HTTP client, explicit region and credentials provider, the endpoint from {@code
 * AWS_ENDPOINT_URL}) and makes the one {@code GetFunction} call a compliant event costs: no
 * framework, no logging library, no rules.
 */
public final class SdkFloorHandler implements RequestStreamHandler {
  private static final byte[] ANSWER =
      "{\"outcomes\":[{\"rule\":\"floor\",\"outcome\":\"compliant\"}]}"
          .getBytes(StandardCharsets.UTF_8);

  private final LambdaClient lambda;

  /** Called by the Lambda runtime at init. */
  public SdkFloorHandler() {
    LambdaClientBuilder builder =
        LambdaClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(System.getenv("AWS_REGION")))
            .credentialsProvider(EnvironmentVariableCredentialsProvider.create());
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    lambda = builder.build();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    // The SDK's own JSON parser, which every SDK function has on its classpath anyway.
    String function =
        JsonNode.parser()
            .parse(input)
            .field("detail")
            .flatMap(detail -> detail.field("requestParameters"))
            .flatMap(request -> request.field("functionName"))
            .map(JsonNode::asString)
            .orElseThrow(() -> new IllegalArgumentException("the event names no function"));
    lambda.getFunction(request -> request.functionName(function));
    output.write(ANSWER);
  }
}
