package io.lambdaguard.remediation;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.RuleBasedDetector;
import jakarta.inject.Singleton;

/**
 * The detector {@link FunctionLabels} reads names with, for functions that run no personal-data
 * rule (encryption, tickets, sweep): rule-based only, built on first use.
 */
@Module
public final class NameDetectionModule {
  private NameDetectionModule() {}

  @Provides
  @Singleton
  static PersonalDataDetector nameDetector(Config config) {
    return new RuleBasedDetector(config.phoneRegions());
  }
}
