package io.lambdaguard.lambda;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EnvironmentResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Reads a function's published versions with {@code ListVersionsByFunction}, every page (Lambda
 * returns at most 50 per call). A version keeps the configuration it was published with: what a
 * rule fixes on {@code $LATEST} never reaches it.
 */
@Singleton
public final class PublishedVersions {
  /** The IAM action this reader needs. */
  public static final String PERMISSION = "lambda:ListVersionsByFunction";

  private final LambdaClient lambda;

  @Inject
  public PublishedVersions(LambdaClient lambda) {
    this.lambda = lambda;
  }

  /**
   * The published versions of the function, oldest first, without {@code $LATEST}; throws {@link
   * FunctionGoneException} when the function does not exist.
   */
  public List<Version> of(FunctionSnapshot function) {
    try {
      return lambda
          .listVersionsByFunctionPaginator(list -> list.functionName(function.arn()))
          .versions()
          .stream()
          .filter(c -> !"$LATEST".equals(c.version()))
          .map(PublishedVersions::version)
          .toList();
    } catch (ResourceNotFoundException e) {
      throw new FunctionGoneException(function.arn());
    }
  }

  private static Version version(FunctionConfiguration c) {
    EnvironmentResponse env = c.environment();
    boolean hasVariables =
        env != null
            && (env.variables() != null && !env.variables().isEmpty() || env.error() != null);
    return new Version(
        c.version(),
        Optional.ofNullable(c.kmsKeyArn()).filter(k -> !k.isBlank()),
        hasVariables,
        c.description() == null ? "" : c.description());
  }

  /**
   * One published version, as rules check it. {@link #toString()} leaves the description out: it
   * may hold the data the service protects.
   *
   * @param number the version number, e.g. {@code 3}
   * @param kmsKeyArn the key encrypting its environment variables; empty means the AWS managed
   *     {@code aws/lambda}
   * @param hasEnvironment it has environment variables, whether or not this caller may decrypt them
   * @param description its description, possibly empty
   */
  public record Version(
      String number, Optional<String> kmsKeyArn, boolean hasEnvironment, String description) {
    @Override
    public String toString() {
      return "Version[number="
          + number
          + ", kmsKeyArn="
          + kmsKeyArn.orElse("(aws/lambda)")
          + ", hasEnvironment="
          + hasEnvironment
          + "]";
    }
  }
}
