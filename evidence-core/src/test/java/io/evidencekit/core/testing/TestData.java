package io.evidencekit.core.testing;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The people and files the engine tests use. */
public final class TestData {
  public static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  public static final Actor.Officer OTHER_OFFICER = Actor.Officer.of("pc-9001", "Jones, A.");
  public static final Actor.Officer SUPERVISOR = Actor.Officer.of("sgt-120", "Patel, R.", "supervisor");
  /** May read the whole custody log (the default policy grants it to auditors), nothing else. */
  public static final Actor.Officer AUDITOR = Actor.Officer.of("aud-7", "Khan, S.", "auditor");
  public static final RequestingOfficer WRIGHT_CONTACT = new RequestingOfficer("pc-4471", "Wright, D.",
      new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690"));

  private TestData() {}

  public static NewEvidenceRequest burglaryRequest() {
    return new NewEvidenceRequest("Burglary, 14 High Street",
        "CCTV from the shop front camera between 01:00 and 03:00 on 3 May, showing the street.",
        WRIGHT_CONTACT,
        new Recipient("D Smith", Optional.of(new EmailAddress("d.smith@example.org")), Optional.empty()));
  }

  public static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
