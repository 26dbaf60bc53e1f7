package io.lambdaguard.remediation;

/**
 * How logs, metrics and results name a function. The function name is part of its ARN, so where a name can hold
 * personal data, a function binds a redacting implementation; elsewhere the ARN is used as it is.
 */
@FunctionalInterface
public interface FunctionLabels {
  /** The label of the function with this ARN (or {@code -}). */
  String label(String functionArn);
}
