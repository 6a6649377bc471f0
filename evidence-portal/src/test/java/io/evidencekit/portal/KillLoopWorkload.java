package io.evidencekit.portal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * The kill loop's client at work between two kills, as a browser with the portal's page would be: it
 * starts a draft, uploads one to three files of 0 to 1.5 MB over tus in PATCH requests of 16 to 512 KiB,
 * resumes an unfinished upload from where HEAD says it stands (never below what was acknowledged), completes
 * an upload whose bytes were all acknowledged but not recorded with an empty PATCH at its end, and submits
 * once every file is ticked. It records in the {@link KillLoopModel} only what the portal answered, and
 * stops at the first failed connection (the portal was killed). Problems (a lost upload, a refused step)
 * are collected for the test thread. Runs on its own thread.
 */
final class KillLoopWorkload implements Runnable {
  private final KillLoopClient client;
  private final KillLoopModel model;
  private final Random random;
  private final boolean signalAfterItem;
  private final boolean signalMidPatch;
  final CountDownLatch killNow = new CountDownLatch(1);
  /** Counted down once the first step got its answers: the portal is warm, the random clock may start. */
  final CountDownLatch working = new CountDownLatch(1);
  final List<String> problems = new ArrayList<>();
  int patches;
  int resumedAfterKill;
  int replayed;
  private volatile boolean stopped;

  KillLoopWorkload(KillLoopClient client, KillLoopModel model, Random random, boolean signalAfterItem,
      boolean signalMidPatch) {
    this.client = client;
    this.model = model;
    this.random = random;
    this.signalAfterItem = signalAfterItem;
    this.signalMidPatch = signalMidPatch;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    try {
      while (!stopped && problems.isEmpty()) {
        step();
        working.countDown();
      }
    } catch (IOException e) {
      // The portal is gone: whatever it answered before is in the model.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      problems.add("workload failed: " + e);
    }
  }

  private void step() throws IOException, InterruptedException {
    KillLoopModel.Draft draft = model.draft;
    if (draft == null) {
      Optional<String> id = client.start();
      if (id.isEmpty()) {
        problems.add("starting a submission was refused");
        return;
      }
      model.draft = new KillLoopModel.Draft(id.get(), 1 + random.nextInt(3));
      return;
    }
    Optional<KillLoopModel.Upload> unfinished = draft.uploads.stream().filter(u -> u.item == null).findFirst();
    if (unfinished.isPresent()) {
      resume(unfinished.get());
    } else if (draft.itemCount() < draft.files) {
      create(draft);
    } else {
      submit(draft);
    }
  }

  private void create(KillLoopModel.Draft draft) throws IOException, InterruptedException {
    long length = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(1_500_000);
    long seed = random.nextLong();
    KillLoopClient.Answer created = client.create(draft.id, length, "clip" + model.uploads.size() + ".bin");
    if (created.status() != 201 || created.location().isEmpty()) {
      problems.add("creating an upload answered " + created.status());
      return;
    }
    KillLoopModel.Upload upload = new KillLoopModel.Upload(created.location().get(), length, seed);
    model.uploads.add(upload);
    draft.uploads.add(upload);
    if (length == 0) {
      recorded(upload, created, "creation of an empty upload");
    } else {
      send(upload, 0);
    }
  }

  /** Carries on with an upload after a kill: HEAD says where it stands. */
  private void resume(KillLoopModel.Upload upload) throws IOException, InterruptedException {
    KillLoopClient.Answer head = client.head(upload.url);
    if (head.status() != 200) {
      problems.add("upload " + upload.url + " with " + upload.acknowledged + " bytes acknowledged answered HEAD "
          + head.status());
      return;
    }
    if (head.offset() < upload.acknowledged) {
      problems.add("upload " + upload.url + " stands at " + head.offset() + " after " + upload.acknowledged
          + " bytes were acknowledged");
      return;
    }
    resumedAfterKill++;
    if (head.item().isPresent()) {
      recorded(upload, head, "HEAD");
      return;
    }
    send(upload, head.offset());
  }

  private void send(KillLoopModel.Upload upload, long from) throws IOException, InterruptedException {
    long offset = from;
    if (offset == upload.length) {
      // Every byte acknowledged, nothing recorded yet (a kill in between): an empty PATCH at the end records it.
      replayed++;
      KillLoopClient.Answer done = client.patch(upload.url, offset, new byte[0], () -> { });
      if (done.status() != 204 || done.item().isEmpty()) {
        problems.add("completing " + upload.url + " with an empty PATCH answered " + done.status());
        return;
      }
      recorded(upload, done, "empty PATCH at the end");
      return;
    }
    while (offset < upload.length && !stopped) {
      int n = (int) Math.min(upload.length - offset, (16 << 10) + random.nextInt(496 << 10));
      boolean watch = signalMidPatch && n >= (64 << 10);
      KillLoopClient.Answer answer = client.patch(upload.url, offset, upload.slice(offset, n),
          watch ? killNow::countDown : () -> { });
      patches++;
      if (answer.status() != 204) {
        problems.add("PATCH at " + offset + " of " + upload.url + " answered " + answer.status());
        return;
      }
      offset = answer.offset();
      upload.acknowledged = Math.max(upload.acknowledged, offset);
      if (answer.item().isPresent()) {
        recorded(upload, answer, "final PATCH");
        return;
      }
    }
  }

  private void recorded(KillLoopModel.Upload upload, KillLoopClient.Answer answer, String how) {
    if (answer.item().isEmpty() || !answer.sha256().orElse("").equals(upload.sha256)) {
      problems.add(how + " of " + upload.url + " named item " + answer.item() + " with SHA-256 " + answer.sha256()
          + ", expected " + upload.sha256);
      return;
    }
    upload.item = answer.item().get();
    upload.acknowledged = upload.length;
    if (signalAfterItem) {
      killNow.countDown();
    }
  }

  private void submit(KillLoopModel.Draft draft) throws IOException, InterruptedException {
    Optional<List<String>> receipt = client.submit(draft.id, draft.itemCount());
    if (receipt.isEmpty()) {
      problems.add("submitting " + draft.id + " with " + draft.itemCount() + " files was refused");
      return;
    }
    List<String> expected = new ArrayList<>();
    draft.uploads.forEach(u -> expected.add(u.sha256));
    draft.adopted.forEach(a -> expected.add(KillLoopModel.EMPTY_SHA256));
    List<String> listed = receipt.get().stream().sorted().toList();
    if (!listed.equals(expected.stream().sorted().toList())) {
      problems.add("the receipt for " + draft.id + " lists " + listed + ", sent " + expected);
    }
    model.receipts.put(draft.id, listed);
    model.draft = null;
  }
}
