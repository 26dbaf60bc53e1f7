package io.lambdaguard.strip.detector;

import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TagAction;
import io.lambdaguard.personaldata.CompositeDetector;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.RuleBasedDetector;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.comprehend.ComprehendClient;

/**
 * The detector, built once per container at init (libphonenumber's metadata load is the costly
 * part).
 */
@Module(includes = ComprehendModule.class)
public final class PersonalDataModule {
  private PersonalDataModule() {}

  /** The IAM actions the detector's calls need with this configuration. */
  public static Set<String> permissions(Config config) {
    return config.comprehendPii().enabled() ? ComprehendDetector.PERMISSIONS : Set.of();
  }

  /** Present only when {@code COMPREHEND_PII=on}; the client is not even built otherwise. */
  @Provides
  @Singleton
  static Optional<ComprehendDetector> comprehend(Config config, Lazy<ComprehendClient> client) {
    return config.comprehendPii().enabled()
        ? Optional.of(new ComprehendDetector(client.get(), config.comprehendPii().minScore()))
        : Optional.empty();
  }

  @Provides
  @Singleton
  static PersonalDataDetector detector(Config config, Optional<ComprehendDetector> comprehend) {
    RuleBasedDetector rules = new RuleBasedDetector(config.phoneRegions());
    return comprehend.<PersonalDataDetector>map(c -> CompositeDetector.of(rules, c)).orElse(rules);
  }

  @Provides
  static TagAction tagAction(Config config) {
    return config.tagAction();
  }
}
