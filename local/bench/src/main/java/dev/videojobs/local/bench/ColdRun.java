package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;

/**
 * One cold start, as the parent saw it: wall time from starting the process to the response line, when the JVM
 * reached main, what the child measured itself (handler construction, first event), peak RSS and classes loaded.
 */
record ColdRun(double wallMs, double mainMs, double initMs, double handleMs, double peakRssMiB, double classes, String response,
        boolean ok, String problem) {

    static ColdRun from(ChildJvm.Result child, boolean didWork) {
        String response = child.value(ChildMarkers.RESPONSE);
        boolean answered = child.ok() && response != null && (response.startsWith("status 2")
                || response.equals("batch_item_failures 0") || response.equals("returned null") || response.startsWith("put "));
        String problem = !child.ok() ? child.failure() : !answered ? "unexpected response: " + response
                : !didWork ? "the handler answered but did not do the work (state unchanged)" : "";
        return new ColdRun(child.arrival(ChildMarkers.RESPONSE), child.arrival(ChildMarkers.MAIN), child.number(ChildMarkers.INIT_MS),
                child.number(ChildMarkers.HANDLE_MS), child.peakRssMiB(), child.number(ChildMarkers.CLASSES), response,
                problem.isEmpty(), problem);
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        BenchReport.putNumber(node, "wall_ms", wallMs);
        BenchReport.putNumber(node, "jvm_to_main_ms", mainMs);
        BenchReport.putNumber(node, "init_ms", initMs);
        BenchReport.putNumber(node, "first_event_ms", handleMs);
        BenchReport.putNumber(node, "peak_rss_mib", peakRssMiB);
        BenchReport.putNumber(node, "classes_loaded", classes);
        node.put("response", response).put("ok", ok);
        if (!ok) {
            node.put("problem", problem);
        }
        return node;
    }
}
