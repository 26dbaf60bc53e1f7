package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The launcher's record of AWS requests, and the resets. */
class CallLogTest extends MotoTest {

  /** service, operation and method, without the path, for comparing whole sequences. */
  private static List<String> operations(List<ApiCall> calls) {
    return calls.stream().map(c -> c.service() + " " + c.operation() + " " + c.method()).toList();
  }

  @Test
  void awsRequests_shouldBeRecordedInOrderWithServiceAndOperation() {
    String arn = aws.createFunction("fn").functionArn();
    String keyArn =
        aws.kms
            .createKey(
                create ->
                    create.policy(
                        """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"logs.us-east-1.amazonaws.com"},"Action":"kms:*","Resource":"*"},
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}"""))
            .keyMetadata()
            .arn();
    aws.lambda.getFunction(get -> get.functionName("fn"));
    aws.lambda.getFunctionConfiguration(get -> get.functionName("fn"));
    aws.lambda.updateFunctionConfiguration(update -> update.functionName("fn").kmsKeyArn(keyArn));
    aws.lambda.tagResource(tag -> tag.resource(arn).tags(Map.of("owner", "me")));
    aws.lambda.listTags(list -> list.resource(arn));
    aws.lambda.untagResource(untag -> untag.resource(arn).tagKeys("owner"));
    aws.kms.describeKey(describe -> describe.keyId("alias/aws/lambda"));
    aws.logs.createLogGroup(create -> create.logGroupName("/aws/lambda/fn"));
    aws.logs.associateKmsKey(
        associate -> associate.logGroupName("/aws/lambda/fn").kmsKeyId(keyArn));
    aws.lambda.deleteFunction(delete -> delete.functionName("fn"));

    assertEquals(
        List.of(
            "iam CreateRole POST",
            "lambda CreateFunction POST",
            "kms CreateKey POST",
            "lambda GetFunction GET",
            "lambda GetFunctionConfiguration GET",
            "lambda UpdateFunctionConfiguration PUT",
            "lambda TagResource POST",
            "lambda ListTags GET",
            "lambda UntagResource DELETE",
            "kms DescribeKey POST",
            "logs CreateLogGroup POST",
            "logs AssociateKmsKey POST",
            "lambda DeleteFunction DELETE"),
        operations(moto.calls()));
  }

  @Test
  void lambdaCalls_shouldRecordTheRequestPath() {
    String arn = aws.createFunction("fn").functionArn();
    moto.resetCalls();

    aws.lambda.updateFunctionConfiguration(update -> update.functionName("fn").description("d"));
    aws.lambda.listTags(list -> list.resource(arn));

    assertEquals(
        List.of(
            new ApiCall(
                "lambda",
                "UpdateFunctionConfiguration",
                "PUT",
                "/2015-03-31/functions/fn/configuration",
                "testing"),
            new ApiCall("lambda", "ListTags", "GET", "/2017-03-31/tags/" + arn, "testing")),
        moto.calls());
  }

  @Test
  void callsOfOneService_shouldLeaveOutTheOthers() {
    aws.createFunction("fn");

    assertEquals(List.of("lambda CreateFunction POST"), operations(moto.calls("lambda")));
    assertEquals(List.of("iam CreateRole POST"), operations(moto.calls("iam")));
  }

  @Test
  void controlEndpoints_shouldNotBeRecorded() {
    String arn = aws.createFunction("fn").functionArn();
    moto.resetCalls();

    moto.markInProgress("fn", 1);
    moto.setSystemTags(arn, Map.of("aws:cloudformation:stack-name", "s"));

    assertEquals(List.of(), moto.calls());
  }

  @Test
  void calls_shouldNameTheirSignerSoAFunctionsOwnCallsStandApart() {
    FunctionPrincipal principal = new FunctionPrincipal("EncryptionRole", "sns");
    aws.createFunction("fn");
    LambdaClient asFunction =
        LambdaClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(principal.credentials())
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    moto.resetCalls();

    asFunction.getFunction(get -> get.functionName("fn"));
    aws.lambda.getFunction(get -> get.functionName("fn"));

    List<ApiCall> calls = moto.calls();
    assertEquals(
        List.of("EncryptionRole.sns", "testing"),
        calls.stream().map(ApiCall::accessKeyId).toList());
    assertEquals(Optional.of(principal), FunctionPrincipal.signerOf(calls.get(0)));
    assertEquals(Optional.empty(), FunctionPrincipal.signerOf(calls.get(1)));
    assertEquals(
        Map.of(principal, Set.of("lambda:GetFunction")), RecordedCalls.actionsByPrincipal(calls));
  }

  @Test
  void callLogFile_shouldKeepEveryCallAcrossResets() {
    aws.lambda.listFunctions();
    moto.reset();
    aws.lambda.listFunctions(list -> list.maxItems(1));

    // then: both, although the reset emptied the in-memory log (the parent pom turns recording on)
    List<ApiCall> recorded =
        RecordedCalls.ofThisJvm().stream()
            .filter(call -> "ListFunctions".equals(call.operation()))
            .toList();
    assertEquals(1, moto.calls().size());
    assertTrue(recorded.size() >= 2, () -> "recorded: " + recorded);
  }

  @Test
  void resetCalls_shouldForgetCallsButKeepResources() {
    aws.createFunction("fn");

    moto.resetCalls();

    assertEquals(List.of(), moto.calls());
    aws.lambda.getFunction(get -> get.functionName("fn"));
  }

  @Test
  void reset_shouldDropResourcesPatchStateAndCalls() {
    aws.createFunction("fn");
    moto.markInProgress("fn", 5);

    moto.reset();

    assertEquals(List.of(), moto.calls());
    assertThrows(
        ResourceNotFoundException.class,
        () -> aws.lambda.getFunction(get -> get.functionName("fn")));
    aws.createFunction("fn");
    assertEquals(
        LastUpdateStatus.SUCCESSFUL,
        aws.lambda.getFunction(get -> get.functionName("fn")).configuration().lastUpdateStatus());
  }
}
