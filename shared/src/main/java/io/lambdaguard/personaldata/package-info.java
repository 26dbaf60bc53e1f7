/**
 * Finds personal data in short free-form strings (tag keys and values, descriptions, function
 * names) and rewrites only the spans it finds.
 *
 * <p>Entry points: {@link io.lambdaguard.personaldata.RuleBasedDetector} (local patterns confirmed
 * by checksums and validators), {@link io.lambdaguard.personaldata.CompositeDetector} (to add other
 * detectors behind the same interface), {@link io.lambdaguard.personaldata.FunctionNames} and
 * {@link io.lambdaguard.personaldata.Redaction}. Findings carry positions, never text, so that
 * nothing in this package can put a value into a log line, a ticket, a metric or an exception
 * message.
 *
 * <p>Why this is in {@code shared/} while the personal-data rules are not: every function names the
 * functions it logs and tickets through {@code FunctionLabels}, which redacts personal data from
 * names with this very detector. Binding a detector interface per function would not remove it from
 * the engine, only copy the same rule-based detector into each function. So the engine keeps the
 * detector (no AWS client, no rule); the personal-data rules, their configuration (tag action) and
 * the optional Amazon Comprehend detector live in {@code functions/strip-personal-data}, the only
 * function that acts on what is found.
 */
package io.lambdaguard.personaldata;
