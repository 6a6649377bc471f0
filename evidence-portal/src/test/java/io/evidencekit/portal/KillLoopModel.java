package io.evidencekit.portal;

import io.evidencekit.tck.crash.VisibleBlobs;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What the kill loop's client was told, and so may rely on after any crash: every upload's acknowledged
 * offset and recorded item, the draft it works in, every receipt and every issued reference. Each
 * restart's dump of the database is checked against it ({@link #check}). Not thread-safe: the workload
 * thread and the test thread take turns (the test thread only reads it once the workload has stopped).
 */
final class KillLoopModel {
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** One tus upload the client created (its creation was answered 201). */
  static final class Upload {
    /** Its path on the portal (the port changes with every restart). */
    final String url;
    final long length;
    final long seed;
    final String sha256;
    /** The highest offset a 204 acknowledged. */
    long acknowledged;
    /** The item a response named as recorded for it, once one did. */
    String item;

    Upload(String url, long length, long seed) {
      this.url = url;
      this.length = length;
      this.seed = seed;
      this.sha256 = sha256(content(seed, length));
    }

    byte[] slice(long offset, int n) {
      byte[] all = content(seed, length);
      byte[] out = new byte[n];
      System.arraycopy(all, (int) offset, out, 0, n);
      return out;
    }
  }

  /** A draft submission the client started (its start was answered). */
  static final class Draft {
    final String id;
    final int files;
    final List<Upload> uploads = new ArrayList<>();
    /** Empty files recorded at creation whose 201 never arrived: the draft holds them all the same. */
    final List<String> adopted = new ArrayList<>();

    Draft(String id, int files) {
      this.id = id;
      this.files = files;
    }

    int itemCount() {
      return uploads.size() + adopted.size();
    }
  }

  Draft draft;
  final Map<String, List<String>> receipts = new HashMap<>();
  final Map<String, String> references = new HashMap<>();
  final List<Upload> uploads = new ArrayList<>();
  long logSize;
  int unacknowledgedSubmits;
  int unacknowledgedItems;

  /**
   * Checks a restarted child's dump against everything acknowledged, and takes in what it committed
   * without acknowledging (a reference issued at start, a submission sent just before the kill). Returns
   * the problems found, empty if none.
   */
  List<String> check(List<String> dump, VisibleBlobs blobs) {
    List<String> problems = new ArrayList<>();
    Map<String, String> requests = new HashMap<>();
    Map<String, String> states = new HashMap<>();
    Map<String, List<String[]>> items = new HashMap<>();
    Map<String, Integer> shaCount = new TreeMap<>();
    String issuedAtStart = null;
    for (String line : dump) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "REF" -> issuedAtStart = f[1] + " " + f[2];
        case "REQ" -> requests.put(f[1], f[2]);
        case "SUB" -> states.put(f[1], f[2]);
        case "ITEM" -> {
          items.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new String[] {f[2], f[3]});
          shaCount.merge(f[3], 1, Integer::sum);
          if (!blobs.has(f[3])) {
            problems.add("item " + f[2] + " has no stored blob " + f[3]);
          }
        }
        case "AUDIT" -> {
          if (!f[1].equals("true")) {
            problems.add("custody log audit failed: " + line);
          }
          long size = Long.parseLong(f[2]);
          if (size < logSize) {
            problems.add("the custody log shrank from " + logSize + " to " + size + " events");
          }
          logSize = Math.max(logSize, size);
        }
        default -> { }
      }
    }
    references.forEach((reference, id) -> {
      if (!id.equals(requests.get(reference))) {
        problems.add("reference " + reference + " was issued to request " + id + " but now names "
            + requests.get(reference));
      }
    });
    if (issuedAtStart != null) {
      String[] r = issuedAtStart.split(" ");
      String earlier = references.putIfAbsent(r[0], r[1]);
      if (earlier != null && !earlier.equals(r[1])) {
        problems.add("reference " + r[0] + " issued again");
      }
    }
    shaCount.forEach((sha, n) -> {
      if (n > 1 && !sha.equals(EMPTY_SHA256)) {
        problems.add("the same upload (" + sha + ") was recorded " + n + " times");
      }
    });
    for (Upload u : uploads) {
      if (u.item != null && items.values().stream().flatMap(List::stream)
          .noneMatch(i -> i[0].equals(u.item) && i[1].equals(u.sha256))) {
        problems.add("acknowledged item " + u.item + " (" + u.sha256 + ") is gone");
      }
    }
    receipts.forEach((submission, hashes) -> {
      if (!"SUBMITTED".equals(states.get(submission))) {
        problems.add("submission " + submission + " had a receipt but is " + states.get(submission));
      } else if (!hashes.equals(sortedHashes(items.get(submission)))) {
        problems.add("submission " + submission + " holds " + sortedHashes(items.get(submission))
            + ", its receipt listed " + hashes);
      }
    });
    if (draft != null) {
      String state = states.get(draft.id);
      if (state == null) {
        problems.add("draft " + draft.id + ", started with an acknowledgement, is gone");
      } else {
        for (String[] item : items.getOrDefault(draft.id, List.of())) {
          boolean known = draft.uploads.stream().anyMatch(u -> item[0].equals(u.item)
              || (u.item == null && item[1].equals(u.sha256))) || draft.adopted.contains(item[0]);
          if (!known && item[1].equals(EMPTY_SHA256)) {
            draft.adopted.add(item[0]); // an empty file recorded at creation, the 201 lost with the kill
            unacknowledgedItems++;
          } else if (!known) {
            problems.add("draft " + draft.id + " holds item " + item[0] + " (" + item[1] + ") nobody uploaded");
          }
        }
        if (state.equals("SUBMITTED")) {
          unacknowledgedSubmits++; // sent just before the kill; its receipt never arrived
          draft = null;
        }
      }
    }
    return problems;
  }

  private static List<String> sortedHashes(List<String[]> items) {
    return items == null ? List.of() : items.stream().map(i -> i[1]).sorted().toList();
  }

  static byte[] content(long seed, long length) {
    byte[] b = new byte[(int) length];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
