package io.lambdaguard.encryption;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.lambdaguard.aws.KmsModule;
import io.lambdaguard.aws.LambdaModule;
import io.lambdaguard.rules.EnvVarsHoldNoCredentials;
import io.lambdaguard.rules.EnvVarsUseCustomerManagedKey;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.tickets.TicketsModule;

/** The rules this function runs and the clients they need. */
@Module(includes = {LambdaModule.class, KmsModule.class, TicketsModule.class})
abstract class EncryptionModule {
  @Binds
  @IntoSet
  abstract Rule envVarsUseCustomerManagedKey(EnvVarsUseCustomerManagedKey rule);

  /** Ticket-only; here because this function reads the variables anyway. */
  @Binds
  @IntoSet
  abstract Rule envVarsHoldNoCredentials(EnvVarsHoldNoCredentials rule);
}
