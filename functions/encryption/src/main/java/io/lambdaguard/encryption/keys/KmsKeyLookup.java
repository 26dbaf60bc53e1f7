package io.lambdaguard.encryption.keys;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * {@link KeyLookup} backed by KMS {@code DescribeKey}, cached per container for a few minutes: key
 * metadata rarely changes, and a container that handles a burst of events should pay one call, yet
 * a key that is fixed (or disabled) is seen again soon. The KMS client is built on the first
 * lookup: a compliant function (the common case) needs none, so no cold start pays for it.
 */
@Singleton
public final class KmsKeyLookup implements KeyLookup {
  /** IAM actions this lookup needs. */
  public static final Set<String> PERMISSIONS = Set.of("kms:DescribeKey");

  static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

  private record Cached(KeyInfo key, Instant fetched) {}

  private final Provider<KmsClient> kms;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  @Inject
  public KmsKeyLookup(Provider<KmsClient> kms) {
    this(kms, Clock.systemUTC());
  }

  KmsKeyLookup(Provider<KmsClient> kms, Clock clock) {
    this.kms = kms;
    this.clock = clock;
  }

  @Override
  public KeyInfo describe(String keyId) {
    Instant now = clock.instant();
    Cached cached = cache.get(keyId);
    if (cached == null || cached.fetched().plus(TIME_TO_LIVE).isBefore(now)) {
      cached = new Cached(fetch(keyId), now);
      cache.put(keyId, cached);
    }
    return cached.key();
  }

  private KeyInfo fetch(String keyId) {
    try {
      KeyMetadata key =
          kms.get().describeKey(DescribeKeyRequest.builder().keyId(keyId).build()).keyMetadata();
      return new KeyInfo(
          keyId,
          KeyInfo.Availability.FOUND,
          key.keyManagerAsString(),
          key.keyStateAsString(),
          key.keySpecAsString(),
          key.keyUsageAsString());
    } catch (NotFoundException e) {
      return KeyInfo.notFound(keyId);
    } catch (KmsException e) {
      if (e.statusCode() == 400
          && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
        return KeyInfo.accessDenied(keyId);
      }
      throw e;
    }
  }
}
