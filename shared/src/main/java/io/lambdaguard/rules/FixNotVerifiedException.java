package io.lambdaguard.rules;

/**
 * A fix was written, but reading the function again still finds what it was meant to remove: the
 * fix cannot be called done, and the owner gets one ticket naming what is left (kinds and keys,
 * never values).
 */
public final class FixNotVerifiedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Evidence left;

  public FixNotVerifiedException(Evidence left) {
    super(left.found());
    this.left = left;
  }

  /** What the re-read still holds, as one ticket's evidence. */
  public Evidence left() {
    return left;
  }
}
