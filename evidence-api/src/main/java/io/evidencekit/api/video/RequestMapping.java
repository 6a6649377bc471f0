package io.evidencekit.api.video;

import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.RequestId;
import io.evidencekit.spi.Consultation;
import java.util.Objects;
import java.util.function.Function;

/**
 * How an imported consultation finds the evidence request its recordings belong to. Asked once per
 * consultation, when it is first listed; the answer is kept.
 */
public sealed interface RequestMapping permits RequestMapping.Existing, RequestMapping.PerCallReference {

  /**
   * The host names an existing request (e.g. found by the call reference in its own case system). The
   * function is called on the importing thread; {@code NOT_FOUND} or any failure leaves the consultation for
   * the next pass.
   */
  static RequestMapping existing(Function<Consultation, RequestId> requestFor) {
    return new Existing(requestFor);
  }

  /**
   * The engine creates one request per platform and call reference, from the host's template, the first
   * time a consultation with that call reference is listed, as the consultation's officer; later
   * consultations with the same call reference go to the same request. No link is issued.
   */
  static RequestMapping perCallReference(Function<Consultation, NewEvidenceRequest> template) {
    return new PerCallReference(template);
  }

  /** See {@link #existing}. */
  record Existing(Function<Consultation, RequestId> requestFor) implements RequestMapping {
    public Existing {
      Objects.requireNonNull(requestFor, "requestFor");
    }
  }

  /** See {@link #perCallReference}. */
  record PerCallReference(Function<Consultation, NewEvidenceRequest> template) implements RequestMapping {
    public PerCallReference {
      Objects.requireNonNull(template, "template");
    }
  }
}
