package io.audiojobs.api.docs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a record's Java types cannot say and its schema should: which request fields a client must
 * send (the handlers check them), which response fields of a reference type may be null (boxed
 * numbers are nullable anyway), the values a String field takes, and a word on a field. Every hint
 * names a record component; {@link #unknownComponents()} lists those that name none.
 */
public final class SchemaHints {
    private final Map<Class<?>, Set<String>> required = new HashMap<>();
    private final Map<Class<?>, Set<String>> nullable = new HashMap<>();
    private final Map<Class<?>, Set<String>> omittable = new HashMap<>();
    private final Map<Class<?>, Map<String, List<String>>> values = new HashMap<>();
    private final Map<Class<?>, Map<String, String>> descriptions = new HashMap<>();
    private final Map<Class<?>, String> names = new HashMap<>();

    public SchemaHints required(Class<? extends Record> type, String... components) {
        required.computeIfAbsent(type, t -> new HashSet<>()).addAll(List.of(components));
        return this;
    }

    public SchemaHints nullable(Class<? extends Record> type, String... components) {
        nullable.computeIfAbsent(type, t -> new HashSet<>()).addAll(List.of(components));
        return this;
    }

    /** Response fields left out of the JSON when they do not apply (not required in the schema). */
    public SchemaHints omittable(Class<? extends Record> type, String... components) {
        omittable.computeIfAbsent(type, t -> new HashSet<>()).addAll(List.of(components));
        return this;
    }

    public SchemaHints values(Class<? extends Record> type, String component, String... allowed) {
        values.computeIfAbsent(type, t -> new HashMap<>()).put(component, List.of(allowed));
        return this;
    }

    /** The names of an enum's constants, as the handlers write them ({@code status().name()}). */
    public SchemaHints values(Class<? extends Record> type, String component, Class<? extends Enum<?>> allowed) {
        return values(type, component, Arrays.stream(allowed.getEnumConstants()).map(Enum::name).toArray(String[]::new));
    }

    public SchemaHints describe(Class<? extends Record> type, String component, String description) {
        descriptions.computeIfAbsent(type, t -> new HashMap<>()).put(component, description);
        return this;
    }

    /** The component name of a record whose own name says too little ("Request"). */
    public SchemaHints name(Class<? extends Record> type, String name) {
        names.put(type, name);
        return this;
    }

    String nameOf(Class<?> type) {
        return names.get(type);
    }

    boolean isRequired(Class<?> type, String component) {
        return required.getOrDefault(type, Set.of()).contains(component);
    }

    boolean isNullable(Class<?> type, String component) {
        return nullable.getOrDefault(type, Set.of()).contains(component);
    }

    boolean isOmittable(Class<?> type, String component) {
        return omittable.getOrDefault(type, Set.of()).contains(component);
    }

    List<String> valuesOf(Class<?> type, String component) {
        return values.getOrDefault(type, Map.of()).getOrDefault(component, List.of());
    }

    String descriptionOf(Class<?> type, String component) {
        return descriptions.getOrDefault(type, Map.of()).get(component);
    }

    /** "Type.component" of every hint whose component the record does not have (a rename the hints missed). */
    public List<String> unknownComponents() {
        Set<String> unknown = new TreeSet<>();
        for (var hinted : List.of(required, nullable, omittable)) {
            hinted.forEach((type, names) -> names.forEach(n -> check(type, n, unknown)));
        }
        for (var hinted : List.of(values, descriptions)) {
            hinted.forEach((type, byName) -> byName.keySet().forEach(n -> check(type, n, unknown)));
        }
        return List.copyOf(unknown);
    }

    private static void check(Class<?> type, String component, Set<String> unknown) {
        boolean exists = Arrays.stream(type.getRecordComponents()).anyMatch(c -> c.getName().equals(component));
        if (!exists) {
            unknown.add(type.getSimpleName() + "." + component);
        }
    }
}
