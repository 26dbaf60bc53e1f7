package io.lambdaguard.encryption;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import io.lambdaguard.aws.LambdaModule;
import io.lambdaguard.aws.SecretsManagerModule;
import io.lambdaguard.aws.SqsModule;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.DataProtectionSettings.XRayEncryption;
import io.lambdaguard.remediation.NameDetectionModule;
import io.lambdaguard.remediation.RunnerModule;
import io.lambdaguard.rules.Rule;
import jakarta.inject.Provider;
import java.util.Set;

/**
 * The rules this function runs, the clients they need, and the detector that labels function names.
 */
@Module(
    includes = {
      LambdaModule.class,
      KmsModule.class,
      LogsModule.class,
      XRayModule.class,
      SqsModule.class,
      SecretsManagerModule.class,
      NameDetectionModule.class,
      RunnerModule.class
    })
abstract class EncryptionModule {
  @Binds
  @IntoSet
  abstract Rule envVarsUseCustomerManagedKey(EnvVarsUseCustomerManagedKey rule);

  @Binds
  @IntoSet
  abstract Rule logGroupUsesCustomerManagedKey(LogGroupUsesCustomerManagedKey rule);

  /** Ticket-only; here because this function reads the variables anyway. */
  @Binds
  @IntoSet
  abstract Rule envVarsHoldNoCredentials(EnvVarsHoldNoCredentials rule);

  /** Ticket-only: published versions keep the key they were published with. */
  @Binds
  @IntoSet
  abstract Rule publishedVersionsUseCustomerManagedKey(PublishedVersionsUseCustomerManagedKey rule);

  /**
   * Only with {@code XRayEncryption} ticket or fix: with {@code off} the rule is not in the
   * catalogue.
   */
  @Provides
  @ElementsIntoSet
  static Set<Rule> xrayUsesCustomerManagedKey(
      Config config, Provider<XRayUsesCustomerManagedKey> rule) {
    return config.dataProtection().xrayEncryption() == XRayEncryption.OFF
        ? Set.of()
        : Set.of(rule.get());
  }

  /** Only with {@code LogDataProtection=on}: CloudWatch Logs charges for the data it scans. */
  @Provides
  @ElementsIntoSet
  static Set<Rule> logGroupDataProtection(Config config, Provider<LogGroupDataProtection> rule) {
    return config.dataProtection().logDataProtection() ? Set.of(rule.get()) : Set.of();
  }
}
