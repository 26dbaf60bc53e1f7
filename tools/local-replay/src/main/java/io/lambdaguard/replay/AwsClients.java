package io.lambdaguard.replay;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The replay's own SDK clients: to seed an emulator and to read a function's state back. */
final class AwsClients implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    final LambdaClient lambda;
    final KmsClient kms;
    final IamClient iam;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();

    /** @param endpoint the emulator, or null for AWS's own endpoints */
    AwsClients(AwsTarget target, URI endpoint, AwsCredentialsProvider credentials) {
        ClientOverrideConfiguration bounded = ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build();
        var lambdaBuilder = LambdaClient.builder().region(Region.of(target.region()));
        var kmsBuilder = KmsClient.builder().region(Region.of(target.region()));
        var iamBuilder = IamClient.builder().region(Region.AWS_GLOBAL);
        if (endpoint != null) {
            lambdaBuilder.endpointOverride(endpoint);
            kmsBuilder.endpointOverride(endpoint);
            iamBuilder.endpointOverride(endpoint);
        }
        this.lambda = lambdaBuilder.httpClient(http).credentialsProvider(credentials).overrideConfiguration(bounded).build();
        this.kms = kmsBuilder.httpClient(http).credentialsProvider(credentials).overrideConfiguration(bounded).build();
        this.iam = iamBuilder.httpClient(http).credentialsProvider(credentials).overrideConfiguration(bounded).build();
    }

    /** GetFunction: the key and tags the function has now. */
    FunctionState readState(String functionName) {
        try {
            GetFunctionResponse function = lambda.getFunction(get -> get.functionName(functionName));
            String key = function.configuration().kmsKeyArn();
            return new FunctionState(functionName, true, key == null || key.isEmpty() ? null : key,
                    function.hasTags() ? Map.copyOf(function.tags()) : Map.of());
        } catch (ResourceNotFoundException e) {
            return FunctionState.absent(functionName);
        }
    }

    @Override
    public void close() {
        lambda.close();
        kms.close();
        iam.close();
        http.close();
    }
}
