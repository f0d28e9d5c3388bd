package io.audiojobs.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Runs of the scale-out parts, and the medians and spreads the report takes from them. */
record ScaleRuns(List<ScaleRun> all) {

    ScaleRuns of(String part, int workers) {
        return where(r -> r.part().equals(part) && r.workers() == workers);
    }

    ScaleRuns of(String part) {
        return where(r -> r.part().equals(part));
    }

    /** One group per part and worker count, in the order they ran first. */
    Collection<ScaleRuns> groups() {
        Map<String, List<ScaleRun>> groups = new LinkedHashMap<>();
        all.forEach(r -> groups.computeIfAbsent(r.part() + "/" + r.workers(), k -> new ArrayList<>()).add(r));
        return groups.values().stream().map(ScaleRuns::new).toList();
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    int size() {
        return all.size();
    }

    ScaleRun first() {
        return all.getFirst();
    }

    ScaleRun get(int i) {
        return all.get(i);
    }

    double median(ToDoubleFunction<ScaleRun> value) {
        return spread(value).median();
    }

    Spread spread(ToDoubleFunction<ScaleRun> value) {
        Spread spread = new Spread();
        all.forEach(r -> spread.add(value.applyAsDouble(r)));
        return spread;
    }

    /** The median of a span given in milliseconds, in seconds with one decimal. */
    String seconds(ToDoubleFunction<ScaleRun> millis) {
        return String.format(Locale.ROOT, "%.1f", median(millis) / 1000);
    }

    static String minutes(long audioMs) {
        return String.format(Locale.ROOT, "%.1f min", audioMs / 60_000.0);
    }

    private ScaleRuns where(Predicate<ScaleRun> filter) {
        return new ScaleRuns(all.stream().filter(filter).toList());
    }
}
