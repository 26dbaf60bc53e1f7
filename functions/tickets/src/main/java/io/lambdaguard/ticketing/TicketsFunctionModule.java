package io.lambdaguard.ticketing;

import dagger.Module;
import io.lambdaguard.remediation.NameDetectionModule;
import io.lambdaguard.tickets.TicketsModule;

/**
 * The ticket service (ledger, sink) and its clients, and the detector that labels the functions
 * dead letters name; this function reads no function and runs no rule.
 */
@Module(includes = {TicketsModule.class, NameDetectionModule.class})
abstract class TicketsFunctionModule {}
