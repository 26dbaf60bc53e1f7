package io.lambdaguard.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * Real SDK v2 clients against one {@link MotoServer}, and the fixtures a Lambda function needs
 * there.
 */
final class Aws implements AutoCloseable {

  final MotoServer moto;
  final LambdaClient lambda;
  final KmsClient kms;
  final CloudWatchLogsClient logs;
  final XRayClient xray;
  private final IamClient iam;

  Aws(MotoServer moto) {
    this.moto = moto;
    this.lambda = configure(LambdaClient.builder()).build();
    this.kms = configure(KmsClient.builder()).build();
    this.logs = configure(CloudWatchLogsClient.builder()).build();
    this.xray = configure(XRayClient.builder()).build();
    this.iam = configure(IamClient.builder()).build();
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    return builder
        .endpointOverride(moto.endpoint())
        .region(Region.of(MotoServer.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  /**
   * A KMS client acting in another account: moto files what it creates under the account of the
   * assumed role.
   */
  KmsClient kmsOf(String account) {
    try (StsClient sts = configure(StsClient.builder()).build()) {
      Credentials session =
          sts.assumeRole(
                  assume ->
                      assume
                          .roleArn("arn:aws:iam::" + account + ":role/KeyOwner")
                          .roleSessionName("key-owner"))
              .credentials();
      return configure(KmsClient.builder())
          .credentialsProvider(
              StaticCredentialsProvider.create(
                  AwsSessionCredentials.create(
                      session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
          .build();
    }
  }

  /** moto only creates functions whose execution role exists in IAM. */
  String executionRole(String name) {
    return iam.createRole(
            role ->
                role.roleName(name)
                    .assumeRolePolicyDocument(
                        """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""))
        .role()
        .arn();
  }

  /**
   * Creates a Java function named {@code name}; {@code options} may set or override anything else.
   */
  CreateFunctionResponse createFunction(
      String name, Consumer<CreateFunctionRequest.Builder> options) {
    String role = executionRole(name + "-role");
    return lambda.createFunction(
        create ->
            options.accept(
                create
                    .functionName(name)
                    .role(role)
                    .runtime(Runtime.JAVA21)
                    .handler("example.Handler::handleRequest")
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(zip())))));
  }

  CreateFunctionResponse createFunction(String name) {
    return createFunction(name, options -> {});
  }

  /** Any zip will do: moto never runs the code unless the function is invoked. */
  static byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("example/Handler.class"));
      zip.write("not a class".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    lambda.close();
    kms.close();
    logs.close();
    xray.close();
    iam.close();
  }
}
