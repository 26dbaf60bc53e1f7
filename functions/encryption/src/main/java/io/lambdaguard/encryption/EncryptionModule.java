package io.lambdaguard.encryption;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.lambdaguard.aws.LambdaModule;
import io.lambdaguard.remediation.NameDetectionModule;
import io.lambdaguard.remediation.RunnerModule;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.tickets.TicketsModule;

/** The rules this function runs, the clients they need, and the detector that labels function names. */
@Module(includes = {LambdaModule.class, KmsModule.class, LogsModule.class, TicketsModule.class, NameDetectionModule.class,
    RunnerModule.class})
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
}
