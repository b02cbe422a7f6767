package dev.videojobs.local.bench;

/**
 * One reported figure: its measurement, the reference it is compared with (measured in the same run, or a fixed
 * budget), the target, and whether the target is met (null: no target, the figure is informative).
 */
record Figure(String benchmark, String name, Stats value, String unit, String reference, String target, Boolean met,
        String note) {

    /** A figure without a target; {@code context} (how it compares, what it covers) goes in the reference column. */
    static Figure info(String benchmark, String name, Stats value, String unit, String context) {
        return new Figure(benchmark, name, value, unit, context, "", null, "");
    }

    static Figure checked(String benchmark, String name, Stats value, String unit, String reference, String target, boolean met) {
        return new Figure(benchmark, name, value, unit, reference, target, value.known() && met, "");
    }

    Figure withNote(String text) {
        return new Figure(benchmark, name, value, unit, reference, target, met, text);
    }

    String verdict() {
        return met == null ? "" : met ? "met" : "NOT met";
    }
}
