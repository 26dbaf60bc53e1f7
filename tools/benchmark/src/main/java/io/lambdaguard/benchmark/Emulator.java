package io.lambdaguard.benchmark;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * The benchmark's own clients of the replay's emulator: they seed what the event cannot show, and
 * time the emulator's round trips so that the functions' own time can be told from the time spent
 * waiting for it.
 */
final class Emulator implements AutoCloseable {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private final LambdaClient lambda;
  private final CloudWatchLogsClient logs;
  private final String configuredKeyArn;

  Emulator(URI endpoint, String region, String configuredKeyArn) {
    this.lambda =
        LambdaClient.builder()
            .httpClient(http)
            .region(Region.of(region))
            .credentialsProvider(CREDENTIALS)
            .endpointOverride(endpoint)
            .build();
    this.logs =
        CloudWatchLogsClient.builder()
            .httpClient(http)
            .region(Region.of(region))
            .credentialsProvider(CREDENTIALS)
            .endpointOverride(endpoint)
            .build();
    this.configuredKeyArn = configuredKeyArn;
  }

  /**
   * Creates the function's log group encrypted with the configured key. Events never show log
   * groups, so without it the log-group rule would find every function non-compliant and fix it: no
   * event would be compliant.
   */
  void encryptLogGroup(String functionName) {
    FunctionConfiguration function =
        lambda.getFunction(get -> get.functionName(functionName)).configuration();
    String group =
        function.loggingConfig() != null && function.loggingConfig().logGroup() != null
            ? function.loggingConfig().logGroup()
            : "/aws/lambda/" + functionName;
    logs.createLogGroup(create -> create.logGroupName(group).kmsKeyId(configuredKeyArn));
  }

  /**
   * The median time of each read a compliant event costs, from this warm JVM to the emulator and
   * back: about what a function waits for per call, whatever its own code does.
   */
  Map<String, Double> roundTripMillis(String functionName, int count) {
    String group = "/aws/lambda/" + functionName;
    Map<String, Double> medians = new LinkedHashMap<>();
    medians.put(
        "lambda:GetFunction",
        median(count, () -> lambda.getFunction(get -> get.functionName(functionName))));
    medians.put(
        "logs:DescribeLogGroups",
        median(
            count,
            () -> logs.describeLogGroups(describe -> describe.logGroupNamePrefix(group).limit(1))));
    return medians;
  }

  private static double median(int count, Runnable call) {
    // Half as many calls again first, so that this JVM's own warm-up is not counted.
    for (int i = 0; i < count / 2; i++) {
      call.run();
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      call.run();
      millis.add((System.nanoTime() - start) / 1_000_000.0);
    }
    return Stats.of(millis).median();
  }

  /** A seeding step for {@link io.lambdaguard.replay.ReplayDriver#invoke}. */
  Runnable encryptingLogGroupOf(String functionName) {
    return () -> encryptLogGroup(functionName);
  }

  @Override
  public void close() {
    lambda.close();
    logs.close();
    http.close();
  }
}
