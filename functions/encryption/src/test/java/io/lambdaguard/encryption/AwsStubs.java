package io.lambdaguard.encryption;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Realistic AWS answers for the calls the encryption function makes, per protocol: Lambda speaks
 * REST-JSON (errors in {@code x-amzn-ErrorType} and a {@code {"Type", "message"}} body), KMS and
 * CloudWatch Logs speak awsJson1_1 ({@code X-Amz-Target} requests, errors as {@code __type}).
 */
final class AwsStubs {
  static final String ACCOUNT = "123456789012";
  static final String FUNCTION = "orders-api";
  static final String FUNCTION_ARN =
      "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + FUNCTION;
  static final String KEY_ID = "0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";
  static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + KEY_ID;
  static final String LOG_GROUP = "/aws/lambda/" + FUNCTION;

  private static final String AWS_JSON = "application/x-amz-json-1.1";

  private AwsStubs() {}

  /** Every AWS API call the encryption function makes. */
  enum Api {
    GET_FUNCTION("lambda", "GetFunction", false),
    UPDATE_FUNCTION_CONFIGURATION("lambda", "UpdateFunctionConfiguration", true),
    DESCRIBE_KEY("kms", "DescribeKey", false),
    DESCRIBE_LOG_GROUPS("logs", "DescribeLogGroups", false),
    CREATE_LOG_GROUP("logs", "CreateLogGroup", true),
    PUT_RETENTION_POLICY("logs", "PutRetentionPolicy", true),
    ASSOCIATE_KMS_KEY("logs", "AssociateKmsKey", true);

    private static final Pattern FUNCTION_PATH = Pattern.compile("/2015-03-31/functions/[^/]+");
    private static final Pattern CONFIGURATION_PATH =
        Pattern.compile("/2015-03-31/functions/[^/]+/configuration");

    final String service;
    final String operation;
    final boolean write;

    Api(String service, String operation, boolean write) {
      this.service = service;
      this.operation = operation;
      this.write = write;
    }

    String label() {
      return service + ":" + operation;
    }

    private String target() {
      return ("kms".equals(service) ? "TrentService." : "Logs_20140328.") + operation;
    }

    /** The request pattern of this call. */
    MappingBuilder request() {
      return switch (this) {
        case GET_FUNCTION -> get(urlPathMatching(FUNCTION_PATH.pattern()));
        case UPDATE_FUNCTION_CONFIGURATION -> put(urlPathMatching(CONFIGURATION_PATH.pattern()));
        default -> post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(target()));
      };
    }

    /** The call a journal entry was, if any of these. */
    static Optional<Api> of(LoggedRequest request) {
      String path = request.getUrl().split("\\?")[0];
      String target = request.getHeader("X-Amz-Target");
      for (Api api : values()) {
        boolean matches =
            switch (api) {
              case GET_FUNCTION ->
                  "GET".equals(request.getMethod().getName())
                      && FUNCTION_PATH.matcher(path).matches();
              case UPDATE_FUNCTION_CONFIGURATION ->
                  "PUT".equals(request.getMethod().getName())
                      && CONFIGURATION_PATH.matcher(path).matches();
              default -> api.target().equals(target);
            };
        if (matches) {
          return Optional.of(api);
        }
      }
      return Optional.empty();
    }
  }

  /** The faults injected. */
  enum FaultKind {
    THROTTLING,
    HTTP_500,
    HTTP_503,
    CONNECTION_RESET,
    SLOW;

    /** How the service answers {@code api} with this fault. */
    ResponseDefinitionBuilder response(Api api, ResponseDefinitionBuilder normal, int slowMillis) {
      boolean lambda = "lambda".equals(api.service);
      return switch (this) {
        case THROTTLING ->
            lambda
                // Lambda throttles with 429 TooManyRequestsException; KMS and Logs with 400
                // ThrottlingException.
                ? lambdaError(
                        429,
                        "TooManyRequestsException",
                        "{\"Reason\":\"CallerRateLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate exceeded\"}")
                    .withHeader("Retry-After", "1")
                : jsonError(400, "ThrottlingException", "Rate exceeded");
        case HTTP_500 ->
            switch (api.service) {
              case "lambda" ->
                  lambdaError(
                      500,
                      "ServiceException",
                      "{\"Type\":\"Service\",\"message\":\"An internal error occurred.\"}");
              case "kms" -> jsonError(500, "KMSInternalException", "An internal error occurred.");
              default ->
                  jsonError(
                      500,
                      "ServiceUnavailableException",
                      "The service cannot complete the request.");
            };
        case HTTP_503 ->
            lambda
                ? lambdaError(
                    503,
                    "ServiceUnavailableException",
                    "{\"Type\":\"Service\",\"message\":\"Service Unavailable\"}")
                : jsonError(503, "ServiceUnavailable", "Service Unavailable");
        case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
        case SLOW -> normal.withFixedDelay(slowMillis);
      };
    }
  }

  private static ResponseDefinitionBuilder lambdaError(int status, String type, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .withHeader("x-amzn-ErrorType", type)
        .withBody(body);
  }

  private static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", AWS_JSON)
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .withHeader("x-amzn-ErrorType", type)
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  private static ResponseDefinitionBuilder lambdaOk(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .withBody(body);
  }

  private static ResponseDefinitionBuilder jsonOk(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", AWS_JSON)
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .withBody(body);
  }

  /** The function configuration as Lambda returns it; {@code keyArn} null for aws/lambda. */
  private static String configuration(String keyArn, String revisionId, String lastUpdateStatus) {
    return "{\"FunctionName\":\""
        + FUNCTION
        + "\",\"FunctionArn\":\""
        + FUNCTION_ARN
        + "\",\"Runtime\":\"java21\","
        + "\"Role\":\"arn:aws:iam::"
        + ACCOUNT
        + ":role/orders-api-role\",\"Handler\":\"com.example.Handler::handleRequest\","
        + "\"CodeSize\":10719560,\"Description\":\"\",\"Timeout\":30,\"MemorySize\":1024,"
        + "\"LastModified\":\"2026-11-27T10:00:03.412+0000\",\"CodeSha256\":\"k3V9rKkq0Xb4m2l1YfQe8v3cN7pZs6Wd5uTj2hRgA1E=\","
        + "\"Version\":\"$LATEST\",\"Environment\":{\"Variables\":{\"STAGE\":\"prod\"}},"
        + (keyArn == null ? "" : "\"KMSKeyArn\":\"" + keyArn + "\",")
        + "\"TracingConfig\":{\"Mode\":\"PassThrough\"},\"RevisionId\":\""
        + revisionId
        + "\",\"State\":\"Active\","
        + "\"LastUpdateStatus\":\""
        + lastUpdateStatus
        + "\",\"PackageType\":\"Zip\",\"Architectures\":[\"x86_64\"],"
        + "\"EphemeralStorage\":{\"Size\":512},\"SnapStart\":{\"ApplyOn\":\"None\",\"OptimizationStatus\":\"Off\"},"
        + "\"LoggingConfig\":{\"LogFormat\":\"Text\",\"LogGroup\":\""
        + LOG_GROUP
        + "\"}}";
  }

  /** GetFunction: configuration, code location and tags. */
  static ResponseDefinitionBuilder getFunction(String keyArn) {
    return lambdaOk(
        "{\"Configuration\":"
            + configuration(keyArn, "a1b2c3d4-0000-4000-8000-000000000001", "Successful")
            + ",\"Code\":{\"RepositoryType\":\"S3\",\"Location\":\"https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/"
            + "snapshots/"
            + ACCOUNT
            + "/orders-api-abc\"},\"Tags\":{\"team\":\"payments\"}}");
  }

  /** UpdateFunctionConfiguration: the new configuration, update in progress. */
  static ResponseDefinitionBuilder updateFunctionConfiguration() {
    return lambdaOk(configuration(KEY_ARN, "a1b2c3d4-0000-4000-8000-000000000002", "InProgress"));
  }

  /** DescribeKey of the configured key: symmetric, enabled, customer managed. */
  static ResponseDefinitionBuilder describeKey() {
    return jsonOk(
        "{\"KeyMetadata\":{\"AWSAccountId\":\""
            + ACCOUNT
            + "\",\"KeyId\":\""
            + KEY_ID
            + "\",\"Arn\":\""
            + KEY_ARN
            + "\","
            + "\"CreationDate\":1.764237603E9,\"Enabled\":true,\"Description\":\"lambdaguard\",\"KeyUsage\":\"ENCRYPT_DECRYPT\","
            + "\"KeyState\":\"Enabled\",\"Origin\":\"AWS_KMS\",\"KeyManager\":\"CUSTOMER\",\"CustomerMasterKeySpec\":\"SYMMETRIC_DEFAULT\","
            + "\"KeySpec\":\"SYMMETRIC_DEFAULT\",\"EncryptionAlgorithms\":[\"SYMMETRIC_DEFAULT\"],\"MultiRegion\":false}}");
  }

  /** DescribeLogGroups: the function's group with or without a key, or none. */
  static ResponseDefinitionBuilder describeLogGroups(boolean exists, String keyArn) {
    if (!exists) {
      return jsonOk("{\"logGroups\":[]}");
    }
    String arn = "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + LOG_GROUP;
    return jsonOk(
        "{\"logGroups\":[{\"logGroupName\":\""
            + LOG_GROUP
            + "\",\"creationTime\":1764237603412,\"metricFilterCount\":0,"
            + "\"arn\":\""
            + arn
            + ":*\",\"storedBytes\":0,\"logGroupClass\":\"STANDARD\",\"logGroupArn\":\""
            + arn
            + "\""
            + (keyArn == null ? "" : ",\"kmsKeyId\":\"" + keyArn + "\"")
            + "}]}");
  }

  /** CreateLogGroup, PutRetentionPolicy, AssociateKmsKey: 200 with an empty body. */
  static ResponseDefinitionBuilder empty() {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", AWS_JSON)
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
  }
}
