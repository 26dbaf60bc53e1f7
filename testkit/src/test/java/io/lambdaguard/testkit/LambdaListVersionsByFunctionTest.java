package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ListVersionsByFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Patch lambda_list_versions_by_function: ListVersionsByFunction takes a name, ARN or partial ARN,
 * returns each version's own configuration, 50 per call at most with a NextMarker, and fails for a
 * function that does not exist.
 */
class LambdaListVersionsByFunctionTest extends MotoTest {

  /**
   * A function with variables, versions 1 and 2 published without a key, then $LATEST given one.
   */
  private String publishedTwiceThenKeyed() {
    String key = aws.kms.createKey(k -> {}).keyMetadata().arn();
    String arn =
        aws.createFunction(
                "mailer",
                f -> f.description("first").environment(e -> e.variables(Map.of("STAGE", "prod"))))
            .functionArn();
    aws.lambda.publishVersion(p -> p.functionName("mailer"));
    aws.lambda.updateFunctionConfiguration(u -> u.functionName("mailer").description("second"));
    aws.lambda.publishVersion(p -> p.functionName("mailer"));
    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName("mailer").description("fixed").kmsKeyArn(key));
    return arn;
  }

  @Test
  void byArn_shouldListLatestAndEveryVersionWithTheConfigurationItWasPublishedWith() {
    String arn = publishedTwiceThenKeyed();

    List<FunctionConfiguration> versions =
        aws.lambda.listVersionsByFunction(l -> l.functionName(arn)).versions();

    assertEquals(
        List.of("$LATEST", "1", "2"),
        versions.stream().map(FunctionConfiguration::version).toList());
    assertEquals(
        List.of("fixed", "first", "second"),
        versions.stream().map(FunctionConfiguration::description).toList());
    assertEquals(arn + ":1", versions.get(1).functionArn());
    assertNull(versions.get(1).kmsKeyArn(), "a version keeps the key it was published with");
    assertNull(versions.get(2).kmsKeyArn());
    assertEquals(Map.of("STAGE", "prod"), versions.get(1).environment().variables());
    assertEquals(
        aws.lambda.getFunctionConfiguration(g -> g.functionName("mailer")).kmsKeyArn(),
        versions.get(0).kmsKeyArn());
  }

  @Test
  void byNameAndPartialArn_shouldListTheSameVersions() {
    publishedTwiceThenKeyed();

    assertEquals(
        3, aws.lambda.listVersionsByFunction(l -> l.functionName("mailer")).versions().size());
    assertEquals(
        3,
        aws.lambda
            .listVersionsByFunction(l -> l.functionName(MotoServer.ACCOUNT + ":function:mailer"))
            .versions()
            .size());
  }

  @Test
  void deletedVersion_shouldNoLongerBeListed() {
    String arn = publishedTwiceThenKeyed();

    aws.lambda.deleteFunction(d -> d.functionName(arn).qualifier("1"));

    assertEquals(
        List.of("$LATEST", "2"),
        aws.lambda.listVersionsByFunction(l -> l.functionName(arn)).versions().stream()
            .map(FunctionConfiguration::version)
            .toList());
  }

  @Test
  void paginator_shouldListEveryVersionExactlyOnce_fiftyPerCall() {
    aws.createFunction("busy");
    IntStream.rangeClosed(1, 60)
        .forEach(
            i -> {
              aws.lambda.updateFunctionConfiguration(
                  u -> u.functionName("busy").description("release " + i));
              aws.lambda.publishVersion(p -> p.functionName("busy"));
            });
    moto.resetCalls();

    List<String> listed =
        aws.lambda.listVersionsByFunctionPaginator(l -> l.functionName("busy")).versions().stream()
            .map(FunctionConfiguration::version)
            .toList();

    assertEquals(61, listed.size());
    assertEquals(61, listed.stream().distinct().count());
    assertEquals(
        2,
        moto.calls("lambda").stream()
            .filter(c -> c.operation().equals("ListVersionsByFunction"))
            .count(),
        "calls");
  }

  @Test
  void maxItems_shouldBoundThePage() {
    publishedTwiceThenKeyed();

    ListVersionsByFunctionResponse page =
        aws.lambda.listVersionsByFunction(l -> l.functionName("mailer").maxItems(2));

    assertEquals(2, page.versions().size());
    assertEquals(
        1,
        aws.lambda
            .listVersionsByFunction(l -> l.functionName("mailer").marker(page.nextMarker()))
            .versions()
            .size());
  }

  @Test
  void unknownFunction_shouldFailWithResourceNotFound() {
    assertThrows(
        ResourceNotFoundException.class,
        () -> aws.lambda.listVersionsByFunction(l -> l.functionName("missing")));
  }

  @Test
  void markerNotIssuedByLambda_shouldFailWithInvalidParameterValue() {
    aws.createFunction("mailer");
    assertThrows(
        InvalidParameterValueException.class,
        () -> aws.lambda.listVersionsByFunction(l -> l.functionName("mailer").marker("made-up")));
  }
}
