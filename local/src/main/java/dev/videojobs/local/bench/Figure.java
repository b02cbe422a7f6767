package dev.videojobs.local.bench;

/**
 * One reported figure: its measurement, the reference it is compared with (measured in the same run, or a fixed
 * budget), the target, and whether the target is met (null: no target, the figure is informative).
 */
record Figure(String benchmark, String name, Stats value, String unit, String reference, String target, Boolean met,
        String note) {

    static Figure info(String benchmark, String name, Stats value, String unit, String note) {
        return new Figure(benchmark, name, value, unit, "", "", null, note);
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
