package io.lambdaguard.replay;

import java.util.LinkedHashMap;
import java.util.List;
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
 * The real AWS account of the default credential chain. Nothing is seeded, and the functions run in report mode, so
 * that a replay reads the account but never changes it.
 */
final class RealAws implements AwsBackend {

    private final AwsTarget target;
    private final AwsCredentials credentials;
    private final AwsClients aws;

    private RealAws(AwsTarget target, AwsCredentials credentials, DefaultCredentialsProvider provider) {
        this.target = target;
        this.credentials = credentials;
        this.aws = new AwsClients(target, null, provider);
    }

    /** Resolves credentials, region ({@code region}, else the SDK's default chain) and account (STS). */
    static RealAws connect(String region) {
        DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
        try {
            String resolvedRegion = region != null ? region : new DefaultAwsRegionProviderChain().getRegion().id();
            AwsCredentials credentials = provider.resolveCredentials();
            try (var http = UrlConnectionHttpClient.builder().build();
                 StsClient sts = StsClient.builder().region(Region.of(resolvedRegion)).credentialsProvider(provider)
                         .httpClient(http).build()) {
                String account = sts.getCallerIdentity().account();
                String partition = Region.of(resolvedRegion).metadata() == null ? "aws"
                        : Region.of(resolvedRegion).metadata().partition().id();
                return new RealAws(new AwsTarget(resolvedRegion, account, partition), credentials, provider);
            }
        } catch (SdkException e) {
            throw new ReplaySetupException("--aws: no usable AWS credentials or region (" + e.getMessage()
                    + "); configure the default credential chain and AWS_REGION, or pass --region", e);
        }
    }

    @Override
    public String description() {
        return "real AWS, account " + target.accountId() + " in " + target.region() + " (report mode, nothing seeded)";
    }

    @Override
    public AwsTarget target() {
        return target;
    }

    @Override
    public Map<String, String> functionEnvironment() {
        // Lambda hands its functions the role's temporary credentials in these variables; here they are the user's.
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
    public void startRecording() {
        // AWS keeps no call log the replay could read at once (CloudTrail lags by minutes).
    }

    @Override
    public List<AwsCall> recordedCalls() {
        return null;
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
