package io.lambdaguard.benchmark;

import io.lambdaguard.replay.ReplayFunction;

/**
 * One thing the benchmark measures: a floor or a function of the template.
 *
 * @param label how the report names it
 * @param function how the replay runs it
 */
record Subject(String label, Kind kind, ReplayFunction function) {

  /** What the subject is, which decides the rows it gets and what it is compared with. */
  enum Kind {
    /** Floor 0: a hello-world stream handler. */
    JVM_FLOOR,
    /** Floor 1: one SDK client and the one GetFunction a compliant event costs. */
    SDK_FLOOR,
    /**
     * A function of the template, routed by EventBridge: it gets the compliant and the
     * non-compliant event.
     */
    FUNCTION,
    /** A function of the template that an SQS queue invokes: it gets the sample SQS event. */
    QUEUE_FUNCTION
  }

  String logicalId() {
    return function.logicalId();
  }

  boolean isFloor() {
    return kind == Kind.JVM_FLOOR || kind == Kind.SDK_FLOOR;
  }
}
