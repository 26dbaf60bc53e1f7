package io.lambdaguard.pseudonyms;

import dagger.Lazy;
import io.lambdaguard.config.Config;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The stack's pseudonym key: the secret the template generates ({@code PSEUDONYM_SECRET_ARN}), read
 * with one {@code GetSecretValue} the first time a pseudonym is needed in a container and kept for
 * the container's life. A container that never needs one never builds the client nor makes the
 * call. A failed read is not cached: the next pseudonym tries again.
 */
@Singleton
public final class PseudonymSecret {
  /**
   * IAM actions of the one read: the secret, and decrypting it with the stack's key through Secrets
   * Manager ({@code kms:ViaService}).
   */
  public static final Set<String> PERMISSIONS =
      Set.of("secretsmanager:GetSecretValue", "kms:Decrypt");

  /** Shorter secrets are refused: the template generates 64 characters. */
  static final int MIN_LENGTH = 32;

  private final Lazy<SecretsManagerClient> secrets;
  private final Config config;
  private volatile SecretKeySpec key;

  @Inject
  public PseudonymSecret(Lazy<SecretsManagerClient> secrets, Config config) {
    this.secrets = secrets;
    this.config = config;
  }

  /** The HMAC key, read on first use. */
  SecretKeySpec key() {
    SecretKeySpec known = key;
    if (known == null) {
      synchronized (this) {
        if (key == null) {
          key = read();
        }
        known = key;
      }
    }
    return known;
  }

  private SecretKeySpec read() {
    String arn = config.requirePseudonymSecretArn();
    String value;
    try {
      value = secrets.get().getSecretValue(g -> g.secretId(arn)).secretString();
    } catch (AwsServiceException e) {
      throw new PseudonymUnavailableException(
          "the pseudonym secret could not be read ("
              + (e.awsErrorDetails() == null
                  ? e.getClass().getSimpleName()
                  : e.awsErrorDetails().errorCode())
              + ")");
    } catch (SdkException e) {
      throw new PseudonymUnavailableException(
          "the pseudonym secret could not be read (" + e.getClass().getSimpleName() + ")");
    }
    if (value == null || value.length() < MIN_LENGTH) {
      // Never echo the secret, not even its length.
      throw new PseudonymUnavailableException(
          "the pseudonym secret must be a string of at least " + MIN_LENGTH + " characters");
    }
    return new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), Pseudonyms.ALGORITHM);
  }
}
