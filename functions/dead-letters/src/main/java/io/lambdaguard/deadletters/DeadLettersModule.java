package io.lambdaguard.deadletters;

import dagger.Module;
import io.lambdaguard.remediation.NameDetectionModule;
import io.lambdaguard.tickets.TicketsModule;

/**
 * The ticket service and its clients, and the detector that labels function names; this function reads no function
 * and runs no rule.
 */
@Module(includes = {TicketsModule.class, NameDetectionModule.class})
abstract class DeadLettersModule {}
