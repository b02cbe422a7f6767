package dev.videojobs.local.stack.aws;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.pekko.actor.ActorSystem;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * Real emulators of the three AWS services video-jobs uses, inside this JVM, each on an ephemeral loopback port:
 * DynamoDB Local (in memory), ElasticMQ (SQS, in memory) and S3Proxy (S3, objects on disk under
 * {@code dataDir/s3}, so large objects never sit in memory). They start in parallel.
 *
 * <pre>
 * try (EmbeddedAws aws = EmbeddedAws.start(dir)) {
 *     DynamoDbClient ddb = AwsClients.dynamoDb(aws);
 * }
 * </pre>
 */
public final class EmbeddedAws implements AwsEndpoints, AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "localsecret";

    private static final String LOOPBACK = "127.0.0.1";
    /** Strong references: java.util.logging keeps loggers weakly, and would forget the level set here. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    static {
        quietLogging();
    }

    private final DynamoDBProxyServer dynamo;
    private final URI dynamoUri;
    private final SQSRestServer sqs;
    private final ActorSystem sqsActors;
    private final URI sqsUri;
    private final S3Proxy s3;
    private final URI s3Uri;
    private final Path dataDir;
    private final boolean deleteDataDir;
    private final Duration startupTime;
    private final Map<String, Duration> startupTimes;
    private volatile boolean closed;

    private EmbeddedAws(Started<DynamoDBProxyServer> dynamo, StartedSqs sqs, Started<S3Proxy> s3, Path dataDir,
                        boolean deleteDataDir, Duration startupTime) {
        this.dynamo = dynamo.server;
        this.dynamoUri = dynamo.uri;
        this.sqs = sqs.server;
        this.sqsActors = sqs.actors;
        this.sqsUri = sqs.uri;
        this.s3 = s3.server;
        this.s3Uri = s3.uri;
        this.dataDir = dataDir;
        this.deleteDataDir = deleteDataDir;
        this.startupTime = startupTime;
        Map<String, Duration> times = new LinkedHashMap<>();
        times.put("dynamodb", dynamo.took);
        times.put("sqs", sqs.took);
        times.put("s3", s3.took);
        this.startupTimes = Collections.unmodifiableMap(times);
    }

    /** Starts the three emulators in a fresh temporary directory, deleted again by {@link #close()}. */
    public static EmbeddedAws start() {
        try {
            return start(Files.createTempDirectory("video-jobs-aws"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the three emulators; S3 objects are stored under {@code dataDir/s3} (created if needed, kept on close). */
    public static EmbeddedAws start(Path dataDir) {
        return start(dataDir, false);
    }

    private static EmbeddedAws start(Path dataDir, boolean deleteDataDir) {
        long t0 = System.nanoTime();
        Path s3Dir = dataDir.resolve("s3");
        try {
            Files.createDirectories(s3Dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + s3Dir, e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService starters = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "embedded-aws-start-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<Started<DynamoDBProxyServer>> dynamo =
                    CompletableFuture.supplyAsync(EmbeddedAws::startDynamo, starters);
            CompletableFuture<StartedSqs> sqs = CompletableFuture.supplyAsync(EmbeddedAws::startSqs, starters);
            CompletableFuture<Started<S3Proxy>> s3 = CompletableFuture.supplyAsync(() -> startS3(s3Dir), starters);
            try {
                CompletableFuture.allOf(dynamo, sqs, s3).join();
            } catch (CompletionException e) {
                // Stop whichever did start, then report the first failure.
                dynamo.thenAccept(s -> quietly(() -> {
                    s.server.stop();
                    DynamoDbLocalInternals.stopBackgroundJobs(s.server);
                }));
                sqs.thenAccept(s -> quietly(() -> stopSqs(s.server, s.actors)));
                s3.thenAccept(s -> quietly(s.server::stop));
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("Embedded AWS failed to start: " + cause.getMessage(), cause);
            }
            return new EmbeddedAws(dynamo.join(), sqs.join(), s3.join(), dataDir, deleteDataDir,
                    Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            starters.shutdown();
        }
    }

    // ------------------------------------------------------------------ DynamoDB Local

    private static Started<DynamoDBProxyServer> startDynamo() {
        long t0 = System.nanoTime();
        SqliteNatives.ensureAvailable();
        try {
            // The command line insists on a port in 1..65535; the connector is switched to an ephemeral loopback
            // port before start, so nothing ever binds 8000.
            // ServerRunner.createServerFromCommandLineArgs without its configuration banner on stdout.
            CommandLineInput cli = new CommandLineInput(
                    new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", "8000"});
            if (!cli.init()) {
                throw new IllegalStateException("DynamoDB Local rejected its command line");
            }
            DynamoDBProxyServer server = ServerRunner.createServer(cli);
            Server jetty = DynamoDbLocalInternals.jettyOf(server);
            for (Connector c : jetty.getConnectors()) {
                if (c instanceof ServerConnector sc) {
                    sc.setHost(LOOPBACK);
                    sc.setPort(0);
                }
            }
            server.start();
            // DynamoDB Local sets sqlite4java's logger to WARNING; from a shaded jar sqlite4java then warns about its
            // "unknown jar version" on first use, which is harmless.
            QUIETED.forEach(l -> l.setLevel(Level.SEVERE));
            int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
            return new Started<>(server, URI.create("http://" + LOOPBACK + ":" + port),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local failed to start: " + e, e);
        }
    }

    // ------------------------------------------------------------------ ElasticMQ

    private static StartedSqs startSqs() {
        long t0 = System.nanoTime();
        ClassLoader cl = EmbeddedAws.class.getClassLoader();
        Config config = ConfigFactory.parseString(String.join("\n",
                        "pekko.loglevel = WARNING",
                        "pekko.stdout-loglevel = WARNING",
                        "pekko.log-dead-letters = off",
                        "pekko.log-dead-letters-during-shutdown = off",
                        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                        "pekko.jvm-shutdown-hooks = off"))
                .withFallback(ConfigFactory.load(cl));
        ActorSystem actors = ActorSystem.create("embedded-sqs", config, cl);
        try {
            SQSRestServer server = SQSRestServerBuilder
                    .withActorSystem(actors)
                    .withInterface(LOOPBACK)
                    .withDynamicPort()
                    .withAWSRegion(REGION)
                    .withAWSAccountId(ACCOUNT_ID)
                    .start();
            int port = server.waitUntilStarted().localAddress().getPort();
            return new StartedSqs(server, actors, URI.create("http://" + LOOPBACK + ":" + port),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            actors.terminate();
            throw new IllegalStateException("ElasticMQ failed to start: " + e, e);
        }
    }

    private static void stopSqs(SQSRestServer server, ActorSystem actors) throws Exception {
        try {
            server.stopAndWait();
        } finally {
            actors.terminate();
            actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ S3Proxy

    private static Started<S3Proxy> startS3(Path dir) {
        long t0 = System.nanoTime();
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()))
                    .endpoint(URI.create("http://" + LOOPBACK + ":0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                    .ignoreUnknownHeaders(true)
                    .stopTimeout(2_000)
                    .build();
            proxy.start();
            return new Started<>(proxy, URI.create("http://" + LOOPBACK + ":" + proxy.getPort()),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy failed to start: " + e, e);
        }
    }

    // ------------------------------------------------------------------ endpoints

    @Override
    public URI dynamoDbEndpoint() {
        return dynamoUri;
    }

    @Override
    public URI sqsEndpoint() {
        return sqsUri;
    }

    @Override
    public URI s3Endpoint() {
        return s3Uri;
    }

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    @Override
    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }

    @Override
    public String accountId() {
        return ACCOUNT_ID;
    }

    /** Directory holding the S3 objects (under {@code s3/}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Wall time of {@link #start}, the three emulators starting in parallel. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Start time of each emulator ("dynamodb", "sqs", "s3"). */
    public Map<String, Duration> startupTimes() {
        return startupTimes;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Own threads: the common pool has a single worker on a 2-core machine.
        ExecutorService stoppers = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "embedded-aws-stop");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<Void> d = CompletableFuture.runAsync(() -> quietly(() -> {
                dynamo.stop();
                DynamoDbLocalInternals.stopBackgroundJobs(dynamo);
            }), stoppers);
            CompletableFuture<Void> q = CompletableFuture.runAsync(() -> quietly(() -> stopSqs(sqs, sqsActors)), stoppers);
            CompletableFuture<Void> s = CompletableFuture.runAsync(() -> quietly(s3::stop), stoppers);
            CompletableFuture.allOf(d, q, s).join();
        } finally {
            stoppers.shutdown();
        }
        if (deleteDataDir) {
            deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedAws[dynamodb=" + dynamoUri + ", sqs=" + sqsUri + ", s3=" + s3Uri + ", data=" + dataDir + "]";
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Emulator logs at warn. slf4j-simple (S3Proxy, Jetty, ElasticMQ/Pekko): the default level and the emulators'
     * packages are set to warn, unless a simplelogger.properties is on the classpath or the properties are already
     * set (the per-package ones also work when slf4j was initialised before this class). DynamoDB Local's log4j2 is
     * configured by its own log4j2.xml (WARN); sqlite4java logs through java.util.logging.
     */
    private static void quietLogging() {
        if (EmbeddedAws.class.getClassLoader().getResource("simplelogger.properties") == null) {
            String prefix = "org.slf4j.simpleLogger.";
            System.setProperty(prefix + "defaultLogLevel",
                    System.getProperty(prefix + "defaultLogLevel", "warn"));
            for (String pkg : List.of("org.gaul", "org.eclipse.jetty", "org.elasticmq", "org.apache.pekko",
                    "com.amazonaws.services.dynamodbv2", "com.almworks")) {
                String key = prefix + "log." + pkg;
                if (System.getProperty(key) == null) {
                    System.setProperty(key, "warn");
                }
            }
        }
        for (String name : List.of("com.almworks.sqlite4java", "com.amazonaws.services.dynamodbv2")) {
            Logger logger = Logger.getLogger(name);
            // SEVERE: sqlite4java warns "unknown jar version" from a shaded jar, which is harmless.
            logger.setLevel(Level.SEVERE);
            QUIETED.add(logger);
        }
    }

    private static void quietly(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            System.err.println("[EmbeddedAws] stop failed: " + e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("[EmbeddedAws] could not delete " + root + ": " + e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private record Started<T>(T server, URI uri, Duration took) {
    }

    private record StartedSqs(SQSRestServer server, ActorSystem actors, URI uri, Duration took) {
    }
}
