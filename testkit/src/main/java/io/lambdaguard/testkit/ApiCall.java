package io.lambdaguard.testkit;

import java.util.Map;
import java.util.Optional;

/**
 * One AWS request as the emulator served it.
 *
 * @param service the signing name from the SigV4 credential scope ({@code lambda}, {@code kms},
 *     {@code logs}, ...)
 * @param operation the API operation ({@code UpdateFunctionConfiguration}); {@code null} when it
 *     could not be resolved
 * @param method the HTTP method
 * @param path the URL-decoded request path
 * @param accessKeyId who signed it (the SigV4 credential's key id); {@code null} for an unsigned
 *     request
 */
public record ApiCall(
    String service, String operation, String method, String path, String accessKeyId) {
  /**
   * Operations whose IAM action is not named after them. The services lambdaguard calls name their
   * actions after their operations; these are the exceptions of the same services (and S3's, which
   * the replay tools touch), from the Service Authorization Reference.
   */
  private static final Map<String, String> IAM_ACTIONS =
      Map.of(
          "lambda:Invoke", "lambda:InvokeFunction",
          "lambda:InvokeWithResponseStream", "lambda:InvokeFunction",
          "s3:ListObjectsV2", "s3:ListBucket",
          "s3:HeadObject", "s3:GetObject",
          "s3:HeadBucket", "s3:ListBucket");

  /** A request without its signer (tests that compare what was called, whoever called it). */
  public ApiCall(String service, String operation, String method, String path) {
    this(service, operation, method, path, null);
  }

  /**
   * The IAM action that authorizes this request ({@code lambda:GetFunction}); empty when the
   * emulator could not resolve the service or the operation, which a least-privilege check must
   * treat as unknown, not as allowed.
   */
  public Optional<String> iamAction() {
    if (service == null || operation == null) {
      return Optional.empty();
    }
    String action = service + ":" + operation;
    return Optional.of(IAM_ACTIONS.getOrDefault(action, action));
  }
}
