package io.lambdaguard.deadletters;

import dagger.Module;
import io.lambdaguard.tickets.TicketsModule;

/** The ticket service and its clients; this function reads no function and runs no rule. */
@Module(includes = TicketsModule.class)
abstract class DeadLettersModule {}
