package io.evidencekit.core.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.Rfc6962;
import io.evidencekit.verify.SignedCheckpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The custody log on PostgreSQL as production runs it (a main, not a timed test): the embedded
 * PostgreSQL binaries the tests use, started with {@code fsync=on} and {@code synchronous_commit=on}
 * (the embedded server's own default is {@code synchronous_commit=off}; the test suite's server sets it
 * on as well), one pooled-style connection kept open as a pool would. It measures, in alternating rounds
 * against a baseline timed in the same run, every round printed with wall and CPU seconds (this JVM's,
 * and the PostgreSQL server processes' from /proc):
 *
 * <ul>
 *   <li>batched appends through {@link CustodyLog#append} (one transaction per batch), against plain JDBC
 *       batch INSERTs of the same rows into a table with the same columns and indexes, one commit per batch,
 *       plus plain SHA-256 of the same bodies and leaves: the physical limit of storing those rows durably;
 *   <li>single-event appends (one transaction each), against single-row INSERTs committed one by one;
 *   <li>inclusion and consistency proofs from the stored tiles, against a one-row primary-key SELECT;
 *   <li>a checkpoint, then the audit of the whole log ({@link LogAuditor}), against reading the same rows
 *       and SHA-256 of their bodies.
 * </ul>
 *
 * <p>Run: {@code mvn -q -pl evidence-core -am -Pbench-log-pg process-test-classes}
 * ({@code -Dbench.events=1000000 -Dbench.batch=2000 -Dbench.rounds=5 -Dbench.singles=2000}).
 */
public final class CustodyLogPostgresBenchmark {
  private static final HexFormat HEX = HexFormat.of();

  private final Database db;
  private final DataSource connection;
  private final CustodyLog custody = new CustodyLog(new ObjectMapper());
  private final ServerCpu server;

  private CustodyLogPostgresBenchmark(DataSource connection, ServerCpu server) {
    this.connection = connection;
    this.db = Database.migrateAndOpen(connection);
    this.server = server;
  }

  public static void main(String[] args) throws Exception {
    int events = Integer.getInteger("bench.events", 1_000_000);
    int batch = Integer.getInteger("bench.batch", 2_000);
    int rounds = Integer.getInteger("bench.rounds", 5);
    int singles = Integer.getInteger("bench.singles", 2_000);
    Path target = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target")));
    Path data = target.resolve("custody-pg-bench");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(true)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE custody");
      }
      DataSource source = pg.getDatabase("postgres", "custody");
      try (Connection kept = source.getConnection()) {
        Database.migrateAndOpen(source);
        CustodyLogPostgresBenchmark bench = new CustodyLogPostgresBenchmark(KeptConnection.of(kept, source),
            ServerCpu.of(data));
        bench.run(source, events, batch, rounds, singles);
      }
    }
  }

  private void run(DataSource source, int events, int batch, int rounds, int singles) throws Exception {
    System.out.printf(Locale.ROOT, "custody log on PostgreSQL: %,d events in batches of %,d, %d alternating rounds; "
            + "%,d single events; %d CPUs, load average %.2f%n", events, batch, rounds, singles,
        Runtime.getRuntime().availableProcessors(), loadAverage());
    try (Connection c = source.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'),"
            + " current_setting('full_page_writes'), current_setting('wal_sync_method'), current_setting('shared_buffers'),"
            + " current_setting('max_wal_size')")) {
      rs.next();
      System.out.printf("baseline:   %s%n", "batch".equals(System.getProperty("bench.baseline"))
        ? "a JDBC batch of single-row INSERTs per transaction" : "INSERTs of up to 250 rows each (as the log's), one commit per batch");
    System.out.printf("server:     %s; fsync=%s synchronous_commit=%s full_page_writes=%s wal_sync_method=%s"
              + " shared_buffers=%s max_wal_size=%s%n", rs.getString(1).replaceAll(" on .*", ""), rs.getString(2),
          rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7));
    }
    db.inTransaction(h -> h.execute("CREATE TABLE baseline_event (LIKE custody_event INCLUDING ALL)"));

    Random random = new Random(42);
    Instant start = Instant.parse("2024-05-03T09:00:00Z");
    // Warm-up, outside the timing and the log: the JIT compiles the append and insert paths.
    appendRound(random, start, 0, 20_000, batch, false);
    appendRound(random, start, 0, 20_000, batch, true);
    db.inTransaction(h -> h.execute("TRUNCATE baseline_event"));

    long perRound = events / rounds;
    long done = db.read(custody::size);
    double logWall = 0;
    double baseWall = 0;
    for (int round = 1; round <= rounds; round++) {
      long n = round == rounds ? events - perRound * (rounds - 1) : perRound;
      // The same rows for both, generated from the same seed; the order alternates from round to round.
      long seed = random.nextLong();
      Timed log = null;
      Timed base = null;
      for (int side = 0; side < 2; side++) {
        boolean logNow = (side == 0) == (round % 2 == 1);
        Random rows = new Random(seed);
        if (logNow) {
          log = appendRound(rows, start, done, n, batch, true);
        } else {
          base = appendRound(rows, start, done, n, batch, false);
        }
      }
      done += n;
      logWall += log.wallSeconds();
      baseWall += base.wallSeconds();
      System.out.printf(Locale.ROOT, "round %d batched (%,d events): log %s = %,.0f events/s | baseline %s = %,.0f rows/s"
              + " | ratio %.2f | load %.2f%n", round, n, log, n / log.wallSeconds(), base, n / base.wallSeconds(),
          log.wallSeconds() / base.wallSeconds(), loadAverage());
    }
    long timed = events;
    System.out.printf(Locale.ROOT, "append batched: %,d events in %.2f s = %,.0f events/s (goal >= 20,000); baseline %,.0f rows/s;"
            + " append_ratio=%.2f%n", timed, logWall, timed / logWall, timed / baseWall, logWall / baseWall);
    db.inTransaction(h -> h.execute("TRUNCATE baseline_event"));

    // Single events, each its own transaction: what a lone portal act costs the log.
    long size = db.read(custody::size);
    double singleLog = 0;
    double singleBase = 0;
    int singleRounds = 2;
    for (int round = 1; round <= singleRounds; round++) {
      int n = singles / singleRounds;
      long seed = random.nextLong();
      Timed log = null;
      Timed base = null;
      for (int side = 0; side < 2; side++) {
        boolean logNow = (side == 0) == (round % 2 == 1);
        if (logNow) {
          log = appendRound(new Random(seed), start, size, n, 1, true);
        } else {
          base = appendRound(new Random(seed), start, size, n, 1, false);
        }
      }
      size += n;
      singleLog += log.wallSeconds();
      singleBase += base.wallSeconds();
      System.out.printf(Locale.ROOT, "round %d single (%,d events): log %s = %,.0f events/s | baseline %s = %,.0f commits/s"
              + " | ratio %.2f%n", round, n, log, n / log.wallSeconds(), base, n / base.wallSeconds(),
          log.wallSeconds() / base.wallSeconds());
    }
    System.out.printf(Locale.ROOT, "append single: %,.0f events/s; baseline %,.0f commits/s; single_ratio=%.2f%n",
        singles / singleLog, singles / singleBase, singleLog / singleBase);

    long treeSize = db.read(custody::size);
    Ed25519CheckpointSigner signer = Ed25519CheckpointSigner.generate("evidencekit.bench/custody", new SecureRandom());
    Checkpoints checkpoints = new Checkpoints(db, new EngineClock(Clock.systemUTC()), custody, signer.keyName(), signer,
        Optional.empty());
    long c0 = System.nanoTime();
    SignedCheckpoint checkpoint = checkpoints.make();
    System.out.printf(Locale.ROOT, "checkpoint: tree of %,d signed and stored in %.1f ms%n", treeSize,
        (System.nanoTime() - c0) / 1e6);

    proofs(random, treeSize, checkpoint);
    audit(source, treeSize, signer);
  }

  /** Appends {@code n} events at sequence {@code first} through the log, or inserts the same rows into the baseline. */
  private Timed appendRound(Random random, Instant start, long first, long n, int batch, boolean log) throws Exception {
    Meter meter = new Meter(server);
    for (long done = 0; done < n; ) {
      int size = (int) Math.min(batch, n - done);
      List<PendingEvent> pending = CustodyLogBenchmark.generate(random, start, (int) (first + done), size);
      long seq = first + done;
      if (log) {
        meter.start();
        db.inTransaction(h -> custody.append(h, pending));
        meter.stop();
      } else {
        List<Row> rows = rows(seq, pending);
        meter.start();
        insertBaseline(rows);
        meter.stop();
      }
      done += size;
    }
    return meter.result();
  }

  /** The rows the log would store, with the bytes the baseline hashes: made outside the timing. */
  private static List<Row> rows(long first, List<PendingEvent> events) {
    EventEncoder encoder = new EventEncoder();
    List<Row> rows = new ArrayList<>(events.size());
    long seq = first;
    for (PendingEvent e : events) {
      EventEncoder.Encoded encoded = encoder.encode(seq, e);
      byte[] leafBytes = new CustodyLeaf(seq, e.at(), e.action().name(), e.actor().id(), e.requestId().map(RequestId::value),
          e.itemId().map(ItemId::value), new Sha256(encoded.bodyHashHex())).bytes();
      rows.add(new Row(seq, e, encoded.body(), encoded.body().getBytes(StandardCharsets.UTF_8), leafBytes));
      seq++;
    }
    return rows;
  }

  private record Row(long seq, PendingEvent event, String body, byte[] bodyBytes, byte[] leafBytes) {}

  /**
   * Plain SHA-256 of each body and leaf, then the rows in INSERTs of up to 250 rows (the statements the log
   * uses; {@code -Dbench.baseline=batch}: a JDBC batch of single-row INSERTs) and one commit: no head row, no
   * encoding, no tree.
   */
  private void insertBaseline(List<Row> rows) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    Rfc6962 tree = new Rfc6962();
    boolean batch = "batch".equals(System.getProperty("bench.baseline"));
    int perStatement = batch ? 1 : 250;
    Connection c = connection.getConnection();
    c.setAutoCommit(false);
    try {
      for (int from = 0; from < rows.size(); from += perStatement) {
        int n = Math.min(perStatement, rows.size() - from);
        StringBuilder sql = new StringBuilder("INSERT INTO baseline_event (seq, occurred_at, actor_id, action, request_id,"
            + " item_id, body, body_sha256, leaf_hash) VALUES ");
        for (int i = 0; i < n; i++) {
          sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?)");
        }
        try (PreparedStatement insert = c.prepareStatement(sql.toString())) {
          List<Row> part = batch ? rows : rows.subList(from, from + n);
          int p = 1;
          for (Row row : part) {
            PendingEvent e = row.event();
            if (batch) {
              p = 1;
            }
            insert.setLong(p++, row.seq());
            insert.setObject(p++, Database.utc(e.at()));
            insert.setString(p++, e.actor().id());
            insert.setString(p++, e.action().name());
            uuid(insert, p++, e.requestId().map(RequestId::value));
            uuid(insert, p++, e.itemId().map(ItemId::value));
            insert.setString(p++, row.body());
            insert.setString(p++, HEX.formatHex(sha256.digest(row.bodyBytes())));
            insert.setBytes(p++, tree.leafHash(row.leafBytes()));
            if (batch) {
              insert.addBatch();
            }
          }
          if (batch) {
            insert.executeBatch();
            break;
          }
          insert.executeUpdate();
        }
      }
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void uuid(PreparedStatement statement, int index, Optional<UUID> value) throws Exception {
    if (value.isPresent()) {
      statement.setObject(index, value.get());
    } else {
      statement.setNull(index, Types.OTHER);
    }
  }

  private void proofs(Random random, long size, SignedCheckpoint checkpoint) throws Exception {
    int count = Integer.getInteger("bench.proofs", 2_000);
    for (int i = 0; i < 1_000; i++) { // warm-up
      long leaf = Math.floorMod(random.nextLong(), size);
      db.read(h -> custody.inclusionProof(h, leaf, size));
    }
    for (int round = 1; round <= 2; round++) {
      long[] inclusion = new long[count];
      long[] consistency = new long[count];
      long[] lookup = new long[count];
      Meter inc = new Meter(server);
      Meter con = new Meter(server);
      Meter base = new Meter(server);
      for (int i = 0; i < count; i++) {
        long leaf = Math.floorMod(random.nextLong(), size);
        inc.start();
        long t0 = System.nanoTime();
        InclusionProof proof = db.read(h -> custody.inclusionProof(h, leaf, size));
        inclusion[i] = System.nanoTime() - t0;
        inc.stop();
        if (i % 1_000 == 0 && !(proof.verify().valid() && Arrays.equals(proof.root(), checkpoint.checkpoint().root()))) {
          throw new AssertionError("proof for leaf " + leaf + " does not verify");
        }
        long older = 1 + Math.floorMod(random.nextLong(), size - 1);
        con.start();
        t0 = System.nanoTime();
        ConsistencyProof consistent = db.read(h -> custody.consistencyProof(h, older, size));
        consistency[i] = System.nanoTime() - t0;
        con.stop();
        if (consistent.proof().isEmpty() && older < size) {
          throw new AssertionError("empty consistency proof from " + older);
        }
        long tile = Math.floorMod(random.nextLong(), size / 256);
        base.start();
        t0 = System.nanoTime();
        db.read(h -> h.createQuery("SELECT hashes FROM custody_tile WHERE tile_level = 0 AND idx = :i").bind("i", tile)
            .mapTo(byte[].class).one());
        lookup[i] = System.nanoTime() - t0;
        base.stop();
      }
      System.out.printf(Locale.ROOT, "round %d proofs (%,d each, interleaved): inclusion %s = %,.0f/s, median %.3f ms, p99 %.3f ms"
              + " | consistency %s = %,.0f/s, median %.3f ms, p99 %.3f ms | baseline one-row SELECT %s = %,.0f/s, median %.3f ms"
              + " | inclusion_ratio=%.2f consistency_ratio=%.2f%n", round, count,
          inc.result(), count / inc.result().wallSeconds(), median(inclusion), p99(inclusion),
          con.result(), count / con.result().wallSeconds(), median(consistency), p99(consistency),
          base.result(), count / base.result().wallSeconds(), median(lookup),
          inc.result().wallSeconds() / base.result().wallSeconds(), con.result().wallSeconds() / base.result().wallSeconds());
    }
  }

  private void audit(DataSource source, long size, Ed25519CheckpointSigner signer) throws Exception {
    double auditWall = 0;
    double baseWall = 0;
    for (int round = 1; round <= 2; round++) {
      Timed audit = null;
      Timed base = null;
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == (round % 2 == 1)) {
          Meter m = new Meter(server);
          m.start();
          AuditReport report = LogAuditor.of(source).audit(Optional.of(signer.verifierKey()));
          m.stop();
          if (!report.intact() || report.treeSize() != size) {
            throw new AssertionError("the audit found problems: " + report);
          }
          audit = m.result();
        } else {
          base = readAndHash(source);
        }
      }
      auditWall += audit.wallSeconds();
      baseWall += base.wallSeconds();
      System.out.printf(Locale.ROOT, "round %d audit (%,d events): audit %s = %,.0f events/s | baseline read + SHA-256 of"
              + " the bodies %s | ratio %.2f | load %.2f%n", round, size, audit, size / audit.wallSeconds(), base,
          audit.wallSeconds() / base.wallSeconds(), loadAverage());
    }
    System.out.printf(Locale.ROOT, "audit: %,d events in %.2f s (mean of 2); audit_ratio=%.2f%n", size, auditWall / 2,
        auditWall / baseWall);
  }

  /** Reads every event row's columns the audit needs in one streaming query and hashes every body. */
  private Timed readAndHash(DataSource source) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    Meter m = new Meter(server);
    m.start();
    try (Connection c = source.getConnection()) {
      c.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
      try (PreparedStatement q = c.prepareStatement("SELECT seq, occurred_at, action, actor_id, request_id, item_id,"
          + " body, body_sha256, leaf_hash FROM custody_event ORDER BY seq")) {
        q.setFetchSize(4_096);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            rs.getLong(1);
            rs.getObject(2, java.time.OffsetDateTime.class);
            rs.getString(3);
            rs.getString(4);
            rs.getObject(5, UUID.class);
            rs.getObject(6, UUID.class);
            sha256.digest(rs.getString(7).getBytes(StandardCharsets.UTF_8));
            rs.getString(8);
            rs.getBytes(9);
          }
        }
      }
      c.commit();
    }
    m.stop();
    return m.result();
  }

  private static double median(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }

  private static double p99(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[s.length * 99 / 100] / 1e6;
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Wall seconds, this JVM's CPU seconds and the database server's CPU seconds of the timed sections. */
  record Timed(double wallSeconds, double jvmCpuSeconds, double serverCpuSeconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f s wall, CPU %.2f s JVM + %.2f s server", wallSeconds, jvmCpuSeconds,
          serverCpuSeconds);
    }
  }

  /** Adds up timed sections. Not thread-safe. */
  static final class Meter {
    private final ServerCpu server;
    private long wall;
    private long jvm;
    private long srv;
    private long wall0;
    private long jvm0;
    private long srv0;

    Meter(ServerCpu server) {
      this.server = server;
    }

    void start() {
      srv0 = server.nanos();
      jvm0 = processCpuNanos();
      wall0 = System.nanoTime();
    }

    void stop() {
      wall += System.nanoTime() - wall0;
      jvm += processCpuNanos() - jvm0;
      srv += server.nanos() - srv0;
    }

    Timed result() {
      return new Timed(wall / 1e9, jvm / 1e9, srv / 1e9);
    }

    private static long processCpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
  }

  /**
   * CPU time of the PostgreSQL server from /proc: the postmaster's own and its reaped children's (a backend
   * that exited, such as the audit's, is counted there), plus its live children's (backends, WAL writer,
   * checkpointer).
   */
  record ServerCpu(long postmaster) {
    static ServerCpu of(Path dataDirectory) throws Exception {
      return new ServerCpu(Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim()));
    }

    long nanos() {
      try {
        String[] own = fields(postmaster);
        long ticks = Long.parseLong(own[11]) + Long.parseLong(own[12]) + Long.parseLong(own[13]) + Long.parseLong(own[14]);
        String children = Files.readString(Path.of("/proc", Long.toString(postmaster), "task", Long.toString(postmaster),
            "children")).trim();
        for (String child : children.isEmpty() ? new String[0] : children.split(" ")) {
          try {
            String[] f = fields(Long.parseLong(child));
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          } catch (java.io.IOException exited) {
            // reaped meanwhile: counted in the postmaster's children's time from now on
          }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
      } catch (java.io.IOException e) {
        return 0;
      }
    }

    /** The fields of /proc/PID/stat after the command name: [0] is the state, [11] utime, [12] stime. */
    private static String[] fields(long pid) throws java.io.IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
  }

  /** One connection handed out again and again, never closed by its users: a pool of one. */
  static final class KeptConnection {
    private KeptConnection() {}

    static DataSource of(Connection connection, DataSource source) {
      Connection kept = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
              return null;
            }
            try {
              return method.invoke(connection, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
          new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
              return kept;
            }
            try {
              return method.invoke(source, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }
}
