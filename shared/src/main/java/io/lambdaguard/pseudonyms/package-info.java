/**
 * Keyed pseudonyms: stand-ins for strings that hold personal data (a function name, a tag key) and
 * for the ticket ledger's dedup keys. HMAC-SHA-256 with the stack's own secret, so that they are
 * stable within one stack and cannot be reversed or linked by anyone who lacks the secret.
 */
package io.lambdaguard.pseudonyms;
