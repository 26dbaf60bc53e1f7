package io.lambdaguard.personaldata;

import dagger.Module;
import dagger.Provides;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TagAction;
import jakarta.inject.Singleton;

/** The detector, built once per container at init (libphonenumber's metadata load is the costly part). */
@Module
public final class PersonalDataModule {
  private PersonalDataModule() {}

  @Provides
  @Singleton
  static PersonalDataDetector detector(Config config) {
    return new RuleBasedDetector(config.phoneRegions());
  }

  @Provides
  static TagAction tagAction(Config config) {
    return config.tagAction();
  }
}
