package io.lambdaguard.strip;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.lambdaguard.aws.LambdaModule;
import io.lambdaguard.aws.SecretsManagerModule;
import io.lambdaguard.aws.SqsModule;
import io.lambdaguard.remediation.RunnerModule;
import io.lambdaguard.remediation.SnapshotPrefetch;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.strip.detector.ComprehendDetector;
import io.lambdaguard.strip.detector.PersonalDataModule;
import java.util.Optional;

/** The personal-data rules, the detector and the clients they need. */
@Module(
    includes = {
      LambdaModule.class,
      PersonalDataModule.class,
      SqsModule.class,
      SecretsManagerModule.class,
      RunnerModule.class
    })
abstract class StripPersonalDataModule {
  @Binds
  @IntoSet
  abstract Rule tags(TagsHoldNoPersonalData rule);

  @Binds
  @IntoSet
  abstract Rule description(DescriptionHoldsNoPersonalData rule);

  @Binds
  @IntoSet
  abstract Rule name(NameHoldsNoPersonalData rule);

  /** Ticket-only: published versions keep the description they were published with. */
  @Binds
  @IntoSet
  abstract Rule versionDescriptions(PublishedVersionDescriptionsHoldNoPersonalData rule);

  /**
   * With Comprehend on, all strings of a function go to it in one call when the function is read;
   * the rules' checks then find the answers waiting. Off, it does nothing.
   */
  @Provides
  static SnapshotPrefetch prefetch(Optional<ComprehendDetector> comprehend) {
    return snapshot -> comprehend.ifPresent(c -> c.prefetch(PersonalDataStrings.of(snapshot)));
  }
}
