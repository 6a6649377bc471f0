package io.evidencekit.portal.postgresql;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.portal.LinkGuessBudget;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link-guessing budget every portal node shares, kept in PostgreSQL with Bucket4j (row locks,
 * {@code SELECT ... FOR UPDATE}): one bucket per client address and one for all addresses together, the
 * same rules as the portal's in-memory default, but a guesser spread over the nodes of a cluster gets one
 * budget, not one per node.
 *
 * <p>Addresses are stored only as a SHA-256 prefix (no address in the database); idle buckets
 * expire once full and are removed now and then. When the global bucket is refused, the
 * {@link GuessingListener} is told at most once per time the whole global budget takes to refill, across
 * all nodes; its counts are lower bounds (the budget plus one, and the distinct addresses this node saw).
 *
 * <p>Creates its table ({@code evidencekit_link_guess_budget} by default) if missing. If the database cannot
 * be reached, a failed look-up is answered as such (the link was not valid anyway) and a warning logged:
 * the budget never stops the portal. Thread-safe. Holds no connections between calls; the data source is
 * the host's and not closed here.
 */
public final class PostgresLinkGuessBudget implements LinkGuessBudget {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresLinkGuessBudget.class);
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final int MAX_COUNTED_ADDRESSES = 10_000;
  private static final int CLEAN_EVERY = 1_000;

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  private final BucketConfiguration perAddress;
  private final BucketConfiguration global;
  private final BucketConfiguration reports;
  private final Clock clock;
  private final @Nullable GuessingListener listener;
  private final long globalBurst;
  private final AtomicLong failures = new AtomicLong();
  private final Object episodeLock = new Object();
  private final Set<String> episodeAddresses = new HashSet<>();
  private @Nullable Instant episodeSince;

  private PostgresLinkGuessBudget(Builder b) {
    this.clock = b.clock;
    this.listener = b.listener;
    this.globalBurst = b.globalBurst;
    createTable(b.dataSource, b.table);
    TimeMeter time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
    Duration longest = max(b.burstRefill.multipliedBy(b.burst), b.globalRefill.multipliedBy(b.globalBurst));
    this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(b.dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table(b.table).idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
        .clientClock(time)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
        .requestTimeout(Duration.ofSeconds(5))
        .build();
    this.perAddress = config(b.burst, b.burstRefill);
    this.global = config(b.globalBurst, b.globalRefill);
    // One report per time the whole global budget takes to refill.
    this.reports = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(1).refillIntervally(1, longest).build()).build();
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public boolean failed(String address) {
    try {
      cleanNowAndThen();
      boolean addressOk = bucket("a:" + hash(address), perAddress).tryConsume(1);
      boolean globalOk = bucket("global", global).tryConsume(1);
      if (!globalOk) {
        noteEpisode(address);
      }
      return addressOk && globalOk;
    } catch (RuntimeException e) {
      LOG.warn("the shared link-guessing budget could not be consulted; answering as if within it: {}", e.toString());
      return true;
    }
  }

  @Override
  public long retryAfterSeconds(String address) {
    try {
      long nanos = Math.max(bucket("a:" + hash(address), perAddress).estimateAbilityToConsume(1).getNanosToWaitForRefill(),
          bucket("global", global).estimateAbilityToConsume(1).getNanosToWaitForRefill());
      return Math.max(1, Duration.ofNanos(nanos).toSeconds() + 1);
    } catch (RuntimeException e) {
      return 60;
    }
  }

  private void noteEpisode(String address) {
    long counted;
    int addresses;
    Instant since;
    synchronized (episodeLock) {
      if (episodeSince == null) {
        episodeSince = clock.instant();
      }
      if (episodeAddresses.size() < MAX_COUNTED_ADDRESSES) {
        episodeAddresses.add(hash(address));
      }
      if (listener == null || !bucket("report", reports).tryConsume(1)) {
        return;
      }
      counted = globalBurst + 1;
      addresses = episodeAddresses.size();
      since = episodeSince;
      episodeAddresses.clear();
      episodeSince = null;
    }
    try {
      listener.guessingSuspected(counted, addresses, since);
    } catch (RuntimeException e) {
      LOG.error("could not record suspected link guessing: {}", e.toString());
    }
  }

  private BucketProxy bucket(String key, BucketConfiguration config) {
    return buckets.builder().build(key, () -> config);
  }

  private void cleanNowAndThen() {
    if (failures.incrementAndGet() % CLEAN_EVERY == 0) {
      buckets.removeExpired(CLEAN_EVERY);
    }
  }

  private static BucketConfiguration config(int burst, Duration refillEvery) {
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(1, refillEvery).build()).build();
  }

  private static String hash(String address) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "no SHA-256", e);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void createTable(DataSource dataSource, String table) {
    String ddl = "CREATE TABLE IF NOT EXISTS " + table
        + " (id VARCHAR(80) PRIMARY KEY, state BYTEA, expires_at BIGINT)";
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute(ddl);
        return;
      } catch (SQLException e) {
        // Two nodes creating it at once: one wins (a unique violation in the catalogue for the other); look again.
        if (attempt >= 3) {
          throw new EvidenceException(ErrorCode.DATABASE_FAILURE, "could not create the link-guessing budget table", e);
        }
      }
    }
  }

  /** Builds a {@link PostgresLinkGuessBudget}. Not thread-safe; use from one thread. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = "evidencekit_link_guess_budget";
    private int burst = 10;
    private Duration burstRefill = Duration.ofSeconds(30);
    private int globalBurst = 100;
    private Duration globalRefill = Duration.ofSeconds(3);
    private Clock clock = Clock.systemUTC();
    private @Nullable GuessingListener listener;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Failed look-ups per client address in a burst and how fast one is given back (default 10, one per 30 s). */
    public Builder perAddress(int burst, Duration refillEvery) {
      check(burst, refillEvery);
      this.burst = burst;
      this.burstRefill = refillEvery;
      return this;
    }

    /** Failed look-ups from all addresses together (default 100, one per 3 s). */
    public Builder global(int burst, Duration refillEvery) {
      check(burst, refillEvery);
      this.globalBurst = burst;
      this.globalRefill = refillEvery;
      return this;
    }

    /** Where the buckets live (default {@code evidencekit_link_guess_budget}); created if missing. */
    public Builder table(String name) {
      if (!TABLE.matcher(name).matches()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "a table name is lower-case letters, digits and _");
      }
      this.table = name;
      return this;
    }

    /** Tests pass a clock that moves when told; every node should run on synchronised clocks (NTP). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Told when the global budget runs dry, e.g. {@code engine.publicSide()::recordLinkGuessing}. */
    public Builder onGuessing(GuessingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public PostgresLinkGuessBudget build() {
      return new PostgresLinkGuessBudget(this);
    }

    private static void check(int burst, Duration refillEvery) {
      if (burst < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "a guessing limit needs a burst >= 1 and a positive refill");
      }
    }
  }
}
