package io.audiojobs.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** One figure measured in several runs: its median, and the lowest and highest run. */
final class Spread {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return sorted().getFirst();
    }

    double max() {
        return sorted().getLast();
    }

    String format(String unit, int decimals) {
        List<Double> sorted = sorted();
        String number = "%." + decimals + "f";
        return String.format(Locale.ROOT, number + " %s (" + number + "–" + number + ", %d runs)",
                median(), unit, sorted.getFirst(), sorted.getLast(), sorted.size());
    }

    /** "12.3 (10.1–14.2)": for table cells whose column names the unit and the number of runs. */
    String compact(int decimals) {
        List<Double> sorted = sorted();
        String number = "%." + decimals + "f";
        return String.format(Locale.ROOT, number + " (" + number + "–" + number + ")", median(), sorted.getFirst(), sorted.getLast());
    }

    private List<Double> sorted() {
        if (values.isEmpty()) {
            throw new IllegalStateException("no runs measured");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
