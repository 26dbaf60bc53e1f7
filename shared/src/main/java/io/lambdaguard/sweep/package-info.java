/**
 * The sweep message: what the sweep function puts on the sweep queue for each function of the account, and what
 * the functions that check rules read back from it. A small versioned JSON document, so producer and consumers can
 * be deployed apart.
 */
package io.lambdaguard.sweep;
