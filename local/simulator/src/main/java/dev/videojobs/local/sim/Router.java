package dev.videojobs.local.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one HTTP handler: sends {@code /api/v3/} to WaveSpeed, {@code /v1/} to Kling, {@code /__sim/} to the control
 * API, and applies latency and injected errors to the provider calls.
 */
final class Router implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final FaultPlan faults;
    private final FaultInjector injector;
    private final FaultSubjects subjects;
    private final WaveSpeedApi waveSpeed;
    private final KlingApi kling;
    private final ControlApi control;

    Router(FaultPlan faults, FaultInjector injector, FaultSubjects subjects, WaveSpeedApi waveSpeed, KlingApi kling,
            ControlApi control) {
        this.faults = faults;
        this.injector = injector;
        this.subjects = subjects;
        this.waveSpeed = waveSpeed;
        this.kling = kling;
        this.control = control;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        SimResponse response;
        SimRequest request;
        try {
            request = SimRequest.read(exchange);
            response = route(exchange, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "simulator failed on " + exchange.getRequestURI(), e);
            request = null;
            response = SimResponse.json(500, Json.object().put("error", "simulator bug: " + e));
        }
        if (response == null) {
            exchange.close(); // no answer at all: the client sees the connection closed
            return;
        }
        // Write errors propagate on purpose: the JDK server then drops the connection (truncated downloads).
        write(exchange, request != null && request.method().equals("HEAD"), response);
    }

    /** The answer to send, or null to close the connection without one. */
    private SimResponse route(HttpExchange exchange, SimRequest request) throws IOException, InterruptedException {
        String path = request.path();
        String provider = path.startsWith(WaveSpeedApi.PREFIX) ? SimTask.WAVESPEED
                : path.startsWith(KlingApi.PREFIX) ? SimTask.KLING : null;
        if (provider == null) {
            return path.startsWith(ControlApi.PREFIX) ? control.handle(request)
                    : SimResponse.json(404, Json.object().put("error", "not found: " + path));
        }
        long latency = faults.getLatencyMs();
        if (latency > 0) {
            Thread.sleep(latency);
        }
        String fault = faults.pickError(provider, request.isSubmit(), subjects.of(request));
        if (fault == null) {
            return api(provider, request);
        }
        LOG.fine(() -> "injecting " + fault + " into " + request.method() + " " + path);
        return switch (fault) {
            case "connection_reset" -> null;
            case "timeout" -> {
                Thread.sleep(Math.min(FaultPlan.MAX_TIMEOUT_MS, faults.getTimeoutMs()));
                yield null;
            }
            // The call really happens (a task may be created); only its answer is cut, or lost altogether.
            case "truncated_json" -> api(provider, request).cutInHalf();
            case "answer_lost" -> {
                api(provider, request);
                yield null;
            }
            default -> injector.cannedAnswer(fault, provider);
        };
    }

    private SimResponse api(String provider, SimRequest request) {
        return provider.equals(SimTask.KLING) ? kling.handle(request) : waveSpeed.handle(request);
    }

    private static void write(HttpExchange exchange, boolean headOnly, SimResponse response) throws IOException {
        response.headers().forEach(exchange.getResponseHeaders()::set);
        if (headOnly) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(response.declaredLength()));
            exchange.sendResponseHeaders(response.status(), -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(response.status(), response.declaredLength() == 0 ? -1 : response.declaredLength());
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(response.body());
        }
    }
}
