package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one bench run, printed as a table and written as JSON with the details behind them. */
final class BenchReport {

    private static final String[] HEADER = {"benchmark", "figure", "median", "min", "max", "n", "unit", "reference", "target", "result"};

    private final List<Figure> figures = new ArrayList<>();
    private final ObjectNode details = Json.object();
    private final List<String> notes = new ArrayList<>();

    void add(Figure figure) {
        figures.add(figure);
    }

    List<Figure> figures() {
        return figures;
    }

    /** Where a benchmark puts its raw data (per-run samples, request counts, prices) for the JSON file. */
    ObjectNode details(String benchmark) {
        return details.with(benchmark);
    }

    /** A sentence printed under the table and kept in the JSON (how a figure was measured, what was skipped). */
    void note(String text) {
        notes.add(text);
    }

    void printTable(PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Figure f : figures) {
            Stats v = f.value();
            rows.add(new String[] {f.benchmark(), f.name(), format(v.median()), v.runs() > 1 ? format(v.min()) : "",
                    v.runs() > 1 ? format(v.max()) : "", Integer.toString(v.runs()), f.unit(), f.reference(), f.target(), f.verdict()});
        }
        int[] widths = new int[HEADER.length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(rows.get(r), widths));
            if (r == 0) {
                out.println(separator(widths));
            }
        }
        long met = figures.stream().filter(f -> Boolean.TRUE.equals(f.met())).count();
        long checked = figures.stream().filter(f -> f.met() != null).count();
        out.printf("targets met: %d of %d%n", met, checked);
        notes.forEach(note -> out.println("  * " + note));
    }

    void writeJson(Path file, ObjectNode machine, String command, double elapsedSeconds) throws IOException {
        ObjectNode root = Json.object();
        root.set("machine", machine);
        root.put("command", command);
        root.put("elapsed_s", Math.round(elapsedSeconds * 10) / 10.0);
        var list = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode node = list.addObject().put("benchmark", f.benchmark()).put("figure", f.name()).put("unit", f.unit());
            putNumber(node, "median", f.value().median());
            putNumber(node, "min", f.value().min());
            putNumber(node, "max", f.value().max());
            node.put("runs", f.value().runs()).put("reference", f.reference()).put("target", f.target());
            if (f.met() != null) {
                node.put("met", f.met());
            }
            if (!f.note().isEmpty()) {
                node.put("note", f.note());
            }
        }
        root.putPOJO("notes", notes);
        root.set("details", details);
        Files.writeString(file, Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** Enough digits to compare, whatever the magnitude (dollars per job are around 1e-5). */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs == 0) {
            return "0";
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (abs >= 0.01) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", cells[i]));
        }
        return line.toString().stripTrailing();
    }

    private static String separator(int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            line.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        return line.toString();
    }
}
