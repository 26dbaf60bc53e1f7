package io.lambdaguard.sweep;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The account a sweep runs against, in moto: functions, roles and the sweep queue, through real SDK
 * clients.
 */
final class SweepEmulator implements AutoCloseable {
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  final MotoServer moto;
  final LambdaClient lambda;
  final SqsClient sqs;
  final IamClient iam;

  SweepEmulator() {
    moto = MotoServer.start();
    lambda = configure(LambdaClient.builder()).build();
    sqs = configure(SqsClient.builder()).build();
    iam = configure(IamClient.builder()).build();
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    return builder
        .endpointOverride(moto.endpoint())
        .region(Region.of(MotoServer.REGION))
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  Config config(String serviceRoleArns) {
    return Config.from(
        Map.of(
            "AWS_REGION",
            MotoServer.REGION,
            "MODE",
            "report",
            "AWS_ENDPOINT_URL",
            moto.endpoint().toString(),
            "SERVICE_ROLE_ARNS",
            serviceRoleArns));
  }

  String role(String name) {
    return iam.createRole(
            role ->
                role.roleName(name)
                    .path("/lambdaguard/test/")
                    .assumeRolePolicyDocument(
                        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
         "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""))
        .role()
        .arn();
  }

  /**
   * Creates {@code count} functions named {@code prefix-0...} run by {@code role}; returns their
   * ARNs.
   */
  List<String> functions(String prefix, int count, String role) {
    byte[] zip = zip();
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      // The first one traced: the run then also makes its account-level check (X-Ray's encryption).
      TracingMode tracing = i == 0 ? TracingMode.ACTIVE : TracingMode.PASS_THROUGH;
      arns.add(
          lambda
              .createFunction(
                  create ->
                      create
                          .functionName(name)
                          .role(role)
                          .runtime(Runtime.JAVA21)
                          .handler("example.Handler::handleRequest")
                          .code(code -> code.zipFile(SdkBytes.fromByteArray(zip)))
                          .tracingConfig(config -> config.mode(tracing)))
              .functionArn());
    }
    return arns;
  }

  String queue(String name) {
    return sqs.createQueue(create -> create.queueName(name)).queueUrl();
  }

  /** Every message on the queue, received and deleted as a consumer would. */
  List<String> drain(String queueUrl) {
    List<String> bodies = new ArrayList<>();
    while (true) {
      List<Message> messages =
          sqs.receiveMessage(
                  r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(300))
              .messages();
      if (messages.isEmpty()) {
        return bodies;
      }
      for (Message message : messages) {
        bodies.add(message.body());
        sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
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
    sqs.close();
    iam.close();
    moto.close();
  }
}
