package io.lambdaguard.encryption;

import io.lambdaguard.config.Config;
import io.lambdaguard.config.DataProtectionSettings.XRayEncryption;
import io.lambdaguard.encryption.keys.KeyLookup;
import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.AccountRule;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.FixNotVerifiedException;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.EncryptionConfig;
import software.amazon.awssdk.services.xray.model.EncryptionStatus;
import software.amazon.awssdk.services.xray.model.EncryptionType;
import software.amazon.awssdk.services.xray.model.XRayException;

/**
 * X-Ray encrypts the traces of actively traced functions with the configured customer managed key.
 * X-Ray's encryption is one setting per account and region, so its ticket is one per account and
 * region too: the ticket's subject is {@code
 * arn:<partition>:xray:<region>:<account>:encryption-config}, which the ticket ledger dedups across
 * every traced function.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}, {@code UpdateFunctionConfiguration}; only functions with
 *       {@code TracingConfig.Mode = Active} are checked (others send X-Ray nothing). Account-level
 *       triggers check the setting itself, whatever the functions: X-Ray's {@code
 *       PutEncryptionConfig} (someone changed it; the service's own change is skipped as
 *       self-caused) and the sweep, once per run (its account-level message; a function's sweep
 *       message does not wake this rule). A compliant setting there forgets the setting's ticket,
 *       so that moving X-Ray off the key again raises a new one.
 *   <li>Check: {@code GetEncryptionConfig} is {@code Type=KMS} with the configured key (strictly
 *       that key: another key would need its own key policy review, so it is reported). The answer
 *       is cached per container for {@link #CACHE_FOR}, so a burst of traced functions costs one
 *       call; a fix and an account-level check refresh it.
 *   <li>Fix, with {@code XRayEncryption=fix}: {@code PutEncryptionConfig Type=KMS KeyId=<key>},
 *       then reads until the status leaves {@code UPDATING} (bounded by the invocation's deadline),
 *       then verifies the key. With {@code ticket} (default) a ticket: an account-wide change the
 *       owner decides. With {@code off} the rule is not in the catalogue.
 *   <li>Permissions: {@code xray:GetEncryptionConfig}, {@code xray:PutEncryptionConfig} (fix only),
 *       {@code kms:DescribeKey}.
 *   <li>Sample: {@code events/lambda/create_function_with_active_tracing.json}, {@code
 *       events/xray/put_encryption_config.json}.
 * </ul>
 */
@Singleton // one cache per container
public final class XRayUsesCustomerManagedKey implements AccountRule {
  public static final String ID = "xray-customer-key";

  /** How long a GetEncryptionConfig answer serves other functions of the same container. */
  static final Duration CACHE_FOR = Duration.ofSeconds(60);

  private static final int MAX_POLLS = 900;

  static final String NOT_ON_KEY =
      "X-Ray is not encrypted with the configured customer managed key";
  static final String ON_KEY = "X-Ray is encrypted with the configured customer managed key";
  static final String WHY_TICKET =
      "XRayEncryption is 'ticket': X-Ray's encryption is an account-wide setting, the owner decides";

  private final XRayClient xray;
  private final KeyLookup keys;
  private final String keyArn;
  private final boolean fixes;
  private final Clock clock;
  private final Duration pollInterval;
  private EncryptionConfig cached;
  private Instant cachedUntil = Instant.MIN;

  @Inject
  public XRayUsesCustomerManagedKey(XRayClient xray, KeyLookup keys, Config config) {
    this(xray, keys, config, Clock.systemUTC());
  }

  XRayUsesCustomerManagedKey(XRayClient xray, KeyLookup keys, Config config, Clock clock) {
    this.xray = xray;
    this.keys = keys;
    this.keyArn = config.requireKmsKeyArn();
    this.fixes = config.dataProtection().xrayEncryption() == XRayEncryption.FIX;
    this.clock = clock;
    this.pollInterval = config.waiterPollInterval();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<LambdaOperation> triggers() {
    return Set.of(
        LambdaOperation.CREATE_FUNCTION,
        LambdaOperation.UPDATE_FUNCTION_CONFIGURATION,
        LambdaOperation.PUT_ENCRYPTION_CONFIG);
  }

  @Override
  public Set<String> permissions() {
    return fixes
        ? Set.of("xray:GetEncryptionConfig", "xray:PutEncryptionConfig", "kms:DescribeKey")
        : Set.of("xray:GetEncryptionConfig");
  }

  @Override
  public String ticketSubject(FunctionSnapshot function) {
    Arn arn = Arn.fromString(function.arn());
    return subject(arn.partition(), arn.region().orElseThrow(), arn.accountId().orElseThrow());
  }

  @Override
  public String accountSubject(String account, String region) {
    return subject(PartitionMetadata.of(Region.of(region)).id(), region, account);
  }

  private static String subject(String partition, String region, String account) {
    return "arn:" + partition + ":xray:" + region + ":" + account + ":encryption-config";
  }

  /**
   * Whatever the account's functions are: the setting is checked itself, fresh (its trigger may be
   * its change).
   */
  @Override
  public Verdict checkAccount() {
    EncryptionConfig config = fresh();
    return onKey(config) ? new Verdict.Compliant(ON_KEY) : notOnKey(config);
  }

  @Override
  public String fixAccount(Verdict.NonCompliant violation) {
    return fix(violation);
  }

  @Override
  public List<FixStep> manualFixForAccount() {
    return List.of(
        FixStep.of(
            "Let X-Ray use the key: its key policy must allow the account's principals kms:Decrypt, "
                + "kms:GenerateDataKey* and kms:DescribeKey with the condition kms:ViaService xray.<region>.amazonaws.com."),
        FixStep.withCommand(
            "Encrypt X-Ray's traces in this account and region with the key.",
            "aws xray put-encryption-config --type KMS --key-id " + keyArn));
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    if (!function.activeTracing()) {
      return new Verdict.Compliant("function does not use active tracing");
    }
    EncryptionConfig config = current();
    return onKey(config) ? new Verdict.Compliant(ON_KEY) : notOnKey(config);
  }

  private static Verdict notOnKey(EncryptionConfig config) {
    return new Verdict.NonCompliant(NOT_ON_KEY + " (type " + config.typeAsString() + ")");
  }

  private boolean onKey(EncryptionConfig config) {
    return config.type() == EncryptionType.KMS && keyArn.equals(config.keyId());
  }

  /** The cached answer while fresh, else a new read. */
  private synchronized EncryptionConfig current() {
    Instant now = clock.instant();
    if (cached == null || now.isAfter(cachedUntil)) {
      cached = xray.getEncryptionConfig(r -> {}).encryptionConfig();
      cachedUntil = now.plus(CACHE_FOR);
    }
    return cached;
  }

  /** A new read, which the next checks of other functions reuse. */
  private synchronized EncryptionConfig fresh() {
    cached = null;
    return current();
  }

  private synchronized void forget() {
    cached = null;
  }

  @Override
  public String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    return fix(violation);
  }

  private String fix(Verdict.NonCompliant violation) {
    if (!fixes) {
      throw new CannotFixException(WHY_TICKET);
    }
    keys.describe(keyArn)
        .unusableBecause()
        .ifPresent(
            problem -> {
              throw new CannotFixException("configured key unusable: " + problem);
            });
    try {
      xray.putEncryptionConfig(p -> p.type(EncryptionType.KMS).keyId(keyArn));
    } catch (XRayException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      forget();
      throw new CannotFixException(
          "X-Ray refused the key (" + code + "); the key policy must allow X-Ray to use it");
    }
    forget();
    EncryptionConfig after = awaitSettled();
    if (!onKey(after) || after.status() != EncryptionStatus.ACTIVE) {
      throw new FixNotVerifiedException(
          new Evidence(
              "",
              NOT_ON_KEY
                  + " after PutEncryptionConfig (type "
                  + after.typeAsString()
                  + ", status "
                  + after.statusAsString()
                  + ")"));
    }
    return "put X-Ray's encryption on the configured key";
  }

  /**
   * Reads until the status leaves UPDATING. Every read is capped by the invocation's deadline (the
   * SDK clients' deadline interceptor ends it with DeadlineExceededException, and the event is
   * retried); {@link #MAX_POLLS} bounds it where no deadline is set.
   */
  private EncryptionConfig awaitSettled() {
    for (int poll = 0; ; poll++) {
      EncryptionConfig config = current();
      if (config.status() != EncryptionStatus.UPDATING || poll >= MAX_POLLS) {
        return config;
      }
      forget();
      try {
        Thread.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return config;
      }
    }
  }

  @Override
  public String plannedFix() {
    return fixes
        ? "would put X-Ray's encryption on the configured key"
        : "would open a ticket: " + WHY_TICKET;
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return manualFixForAccount();
  }

  @Override
  public boolean fixNeedsCurrentRevision() {
    return false;
  }
}
