package io.evidencekit.core;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a disclosure package is for and why, and who makes it.
 *
 * @param recipient the receiving organisation or person ("CPS Kent"); recorded in the custody log
 * @param reason why the evidence leaves the force; recorded in the custody log
 * @param sourceOrganization the force, as bag-info.txt's Source-Organization
 * @param exhibitPrefix the exhibit references' prefix ("DW" gives DW/1, DW/2...); empty: the exporting
 *     officer's initials
 * @param releaseQuarantined the explicit override: export items not known to be clean (malware detected,
 *     could not be scanned, not scanned yet). Only for an officer the access policy allows to release
 *     quarantined evidence; each such item's release is a custody event and the bag carries a warning. Without
 *     it, an export that would include such an item is refused and nothing is written.
 */
public record ExportOrder(String recipient, String reason, String sourceOrganization, Optional<String> exhibitPrefix,
    boolean releaseQuarantined) {
  public ExportOrder {
    line(recipient, "recipient", 200);
    line(reason, "reason", 500);
    line(sourceOrganization, "source organisation", 200);
    Objects.requireNonNull(exhibitPrefix, "exhibitPrefix");
    if (exhibitPrefix.isPresent() && !exhibitPrefix.get().matches("[A-Z0-9]{1,10}")) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an exhibit prefix is 1 to 10 capital letters or digits");
    }
  }

  /** An order that exports only evidence known to be clean. */
  public ExportOrder(String recipient, String reason, String sourceOrganization, Optional<String> exhibitPrefix) {
    this(recipient, reason, sourceOrganization, exhibitPrefix, false);
  }

  /** An order with exhibits numbered under the exporting officer's initials. */
  public ExportOrder(String recipient, String reason, String sourceOrganization) {
    this(recipient, reason, sourceOrganization, Optional.empty());
  }

  /** This order with the quarantine override (see {@link #releaseQuarantined()}). */
  public ExportOrder releasingQuarantined() {
    return new ExportOrder(recipient, reason, sourceOrganization, exhibitPrefix, true);
  }

  /** One line of text: it goes into bag-info.txt, whose values are lines. */
  private static void line(String value, String what, int max) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.length() > max) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the " + what + " is 1 to " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "the " + what + " is one line without control characters");
      }
    }
  }
}
