package io.lambdaguard.personaldata;

/** A kind of personal data that a {@link PersonalDataDetector} can report. */
public enum PersonalDataKind {
  EMAIL("email"),
  PHONE_NUMBER("phone-number"),
  PAYMENT_CARD("payment-card"),
  IBAN("iban"),
  US_SSN("us-ssn"),
  UK_NINO("uk-nino"),
  /**
   * Found by Amazon Comprehend only ({@code ComprehendDetector}, strip-personal-data): rules cannot
   * tell a name from a word.
   */
  PERSON_NAME("person-name"),
  /** Found by Amazon Comprehend only ({@code ComprehendDetector}, strip-personal-data). */
  POSTAL_ADDRESS("postal-address");

  private final String label;

  PersonalDataKind(String label) {
    this.label = label;
  }

  /**
   * Returns a short, lower-case name for markers, tickets and metrics; it uses only characters that
   * AWS tag values accept.
   */
  public String label() {
    return label;
  }
}
