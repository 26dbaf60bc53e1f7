package io.lambdaguard.replay;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The replay's own SDK clients: to seed an emulator and to read a function's state back. */
final class AwsClients implements AutoCloseable {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  final LambdaClient lambda;
  final KmsClient kms;
  final IamClient iam;
  final CloudWatchLogsClient logs;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();

  /**
   * @param endpoint the emulator, or null for AWS's own endpoints
   */
  AwsClients(AwsTarget target, URI endpoint, AwsCredentialsProvider credentials) {
    ClientOverrideConfiguration bounded =
        ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build();
    var lambdaBuilder = LambdaClient.builder().region(Region.of(target.region()));
    var kmsBuilder = KmsClient.builder().region(Region.of(target.region()));
    var iamBuilder = IamClient.builder().region(Region.AWS_GLOBAL);
    var logsBuilder = CloudWatchLogsClient.builder().region(Region.of(target.region()));
    if (endpoint != null) {
      lambdaBuilder.endpointOverride(endpoint);
      kmsBuilder.endpointOverride(endpoint);
      iamBuilder.endpointOverride(endpoint);
      logsBuilder.endpointOverride(endpoint);
    }
    this.lambda =
        lambdaBuilder
            .httpClient(http)
            .credentialsProvider(credentials)
            .overrideConfiguration(bounded)
            .build();
    this.kms =
        kmsBuilder
            .httpClient(http)
            .credentialsProvider(credentials)
            .overrideConfiguration(bounded)
            .build();
    this.iam =
        iamBuilder
            .httpClient(http)
            .credentialsProvider(credentials)
            .overrideConfiguration(bounded)
            .build();
    this.logs =
        logsBuilder
            .httpClient(http)
            .credentialsProvider(credentials)
            .overrideConfiguration(bounded)
            .build();
  }

  /**
   * GetFunction and DescribeLogGroups: the keys and tags the function and its log group have now.
   */
  FunctionState readState(String functionName) {
    GetFunctionResponse function;
    try {
      function = lambda.getFunction(get -> get.functionName(functionName));
    } catch (ResourceNotFoundException e) {
      return FunctionState.absent(functionName);
    }
    FunctionConfiguration configuration = function.configuration();
    String logGroupName =
        configuration.loggingConfig() != null && configuration.loggingConfig().logGroup() != null
            ? configuration.loggingConfig().logGroup()
            : "/aws/lambda/" + configuration.functionName();
    Optional<LogGroup> logGroup =
        logs
            .describeLogGroups(describe -> describe.logGroupNamePrefix(logGroupName))
            .logGroups()
            .stream()
            .filter(group -> group.logGroupName().equals(logGroupName))
            .findFirst();
    return new FunctionState(
        functionName,
        true,
        blankToNull(configuration.kmsKeyArn()),
        function.hasTags() ? function.tags() : Map.of(),
        logGroupName,
        logGroup.isPresent(),
        logGroup.map(LogGroup::kmsKeyId).map(AwsClients::blankToNull).orElse(null));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public void close() {
    lambda.close();
    kms.close();
    iam.close();
    logs.close();
    http.close();
  }
}
