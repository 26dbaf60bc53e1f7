package io.lambdaguard.encryption;

import io.lambdaguard.testkit.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Test-side SDK clients on the emulator, and the fixtures the recorded events describe. */
final class Emulator {
  static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/EncryptionRole";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  final MotoServer moto;
  final LambdaClient lambda;
  final KmsClient kms;
  final IamClient iam;

  Emulator(MotoServer moto) {
    this.moto = moto;
    this.lambda = LambdaClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    this.kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    this.iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** A new symmetric customer managed key. */
  String createKey() {
    return kms.createKey(k -> k.description("lambdaguard test key")).keyMetadata().arn();
  }

  /** A function with environment variables and, when {@code keyArn} is not null, that key. */
  GetFunctionConfigurationResponse createFunction(String name, Map<String, String> env, String keyArn) {
    String role = iam.createRole(r -> r.roleName(name + "-role").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
        .role().arn();
    var created = lambda.createFunction(f -> {
      f.functionName(name).role(role).runtime(Runtime.JAVA21).handler("com.example.Handler::handleRequest")
          .code(c -> c.zipFile(SdkBytes.fromByteArray(zip())));
      if (!env.isEmpty()) {
        f.environment(e -> e.variables(env));
      }
      if (keyArn != null) {
        f.kmsKeyArn(keyArn);
      }
    });
    return lambda.getFunctionConfiguration(g -> g.functionName(created.functionArn()));
  }

  GetFunctionConfigurationResponse configuration(String name) {
    return lambda.getFunctionConfiguration(g -> g.functionName(name));
  }

  private static byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("com/example/Handler.class"));
      zip.write(new byte[] {0});
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
