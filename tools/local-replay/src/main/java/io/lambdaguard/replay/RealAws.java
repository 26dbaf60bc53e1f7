package io.lambdaguard.replay;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The real AWS account of the default credential chain. Nothing is seeded, and the functions run in
 * report mode, so that a replay reads the account but never changes it.
 */
final class RealAws implements AwsBackend {

  private final AwsTarget target;
  private final AwsCredentials credentials;
  private final AwsClients aws;

  private RealAws(
      AwsTarget target, AwsCredentials credentials, DefaultCredentialsProvider provider) {
    this.target = target;
    this.credentials = credentials;
    this.aws = new AwsClients(target, null, provider);
  }

  /**
   * Resolves the region ({@code region}, else the SDK's default chain), the credentials and the
   * account (STS).
   */
  static RealAws connect(String region) {
    String resolvedRegion = region;
    if (resolvedRegion == null) {
      try {
        resolvedRegion = new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (SdkException e) {
        throw new ReplaySetupException(
            "--aws: no AWS region configured: set AWS_REGION or pass --region", e);
      }
    }
    DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
    AwsCredentials credentials;
    try {
      credentials = provider.resolveCredentials();
    } catch (SdkException e) {
      throw new ReplaySetupException(
          "--aws: the default credential chain found no AWS credentials "
              + "(environment, profile, SSO, container or instance role)",
          e);
    }
    Region awsRegion = Region.of(resolvedRegion);
    try (var http = UrlConnectionHttpClient.builder().build();
        StsClient sts =
            StsClient.builder()
                .region(awsRegion)
                .credentialsProvider(provider)
                .httpClient(http)
                .build()) {
      String account = sts.getCallerIdentity().account();
      String partition =
          awsRegion.metadata() == null ? "aws" : awsRegion.metadata().partition().id();
      return new RealAws(new AwsTarget(resolvedRegion, account, partition), credentials, provider);
    } catch (SdkException e) {
      throw new ReplaySetupException(
          "--aws: STS GetCallerIdentity failed in "
              + resolvedRegion
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  @Override
  public String description() {
    return "real AWS, account "
        + target.accountId()
        + " in "
        + target.region()
        + " (report mode, nothing seeded)";
  }

  @Override
  public AwsTarget target() {
    return target;
  }

  @Override
  public Map<String, String> functionEnvironment() {
    // Lambda hands its functions the role's temporary credentials in these variables; here they are
    // the user's.
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
    environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    if (credentials instanceof AwsSessionCredentials session) {
      environment.put("AWS_SESSION_TOKEN", session.sessionToken());
    }
    return environment;
  }

  @Override
  public String seededKeyArn() {
    return null;
  }

  @Override
  public void prepare(SeedPlan plan) {
    // Real accounts are read, never seeded.
  }

  @Override
  public FunctionState readState(String functionName) {
    try {
      return aws.readState(functionName);
    } catch (SdkException e) {
      return null;
    }
  }

  @Override
  public void close() {
    aws.close();
  }
}
