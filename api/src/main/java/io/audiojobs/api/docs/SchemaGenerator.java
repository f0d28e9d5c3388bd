package io.audiojobs.api.docs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * JSON Schema (as OpenAPI 3.1 uses it) of Java types, by reflection: a record becomes a component
 * schema with one property per record component, referenced by {@code $ref}. In a response every
 * property is required, because the API's JSON mapper writes nulls too; boxed numbers and booleans,
 * {@code Optional}s and the fields {@link SchemaHints} names are nullable. A request record refuses
 * unknown properties (as the mapper does) and requires the fields the hints name.
 *
 * <p>Component names are the record's simple name; a record nested in another record, or one whose
 * simple name another record has too, is named with its enclosing class first ({@code ErrorBodyDetail});
 * {@link SchemaHints#name} names a record whose own name says too little.
 */
public final class SchemaGenerator {
    public enum Direction { REQUEST, RESPONSE }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String REFS = "#/components/schemas/";
    private static final Map<Class<?>, ObjectNode> SCALARS = new HashMap<>();

    static {
        scalar("string", null, String.class);
        scalar("integer", "int32", int.class, Integer.class, short.class, Short.class, byte.class, Byte.class);
        scalar("integer", "int64", long.class, Long.class);
        scalar("integer", null, BigInteger.class);
        scalar("number", "double", double.class, Double.class);
        scalar("number", "float", float.class, Float.class);
        scalar("number", null, BigDecimal.class);
        scalar("boolean", null, boolean.class, Boolean.class);
        scalar("string", "date-time", Instant.class, OffsetDateTime.class, ZonedDateTime.class);
        scalar("string", "date", LocalDate.class);
        scalar("string", "duration", Duration.class);
        scalar("string", "uuid", UUID.class);
        scalar("string", "uri", URI.class, URL.class);
    }

    private final SchemaHints hints;
    private final Map<Class<?>, Direction> directions = new LinkedHashMap<>();
    private final Map<Class<?>, ObjectNode> schemas = new LinkedHashMap<>();
    private final List<Map.Entry<ObjectNode, Class<?>>> refs = new ArrayList<>();

    public SchemaGenerator(SchemaHints hints) {
        this.hints = hints;
    }

    /** The schema of a body or parameter; records in it are registered as components. */
    public ObjectNode schema(Type type, Direction direction) {
        return switch (type) {
            case Class<?> c -> classSchema(c, direction);
            case ParameterizedType p -> parameterizedSchema(p, direction);
            case WildcardType w -> schema(w.getUpperBounds()[0], direction);
            case GenericArrayType a -> array(schema(a.getGenericComponentType(), direction));
            case Types.OneOf o -> {
                ObjectNode schema = JSON.objectNode();
                ArrayNode alternatives = schema.putArray("oneOf");
                o.alternatives().forEach(t -> alternatives.add(schema(t, direction)));
                yield schema;
            }
            default -> throw new IllegalArgumentException("No JSON schema for " + type.getTypeName());
        };
    }

    /** components.schemas: every record met so far, by name; resolves the {@code $ref}s handed out. */
    public ObjectNode components() {
        Map<Class<?>, String> names = names();
        refs.forEach(ref -> ref.getKey().put("$ref", REFS + names.get(ref.getValue())));
        ObjectNode components = JSON.objectNode();
        new TreeMap<>(invert(names)).forEach((name, type) -> components.set(name, schemas.get(type)));
        return components;
    }

    /** The record each component schema was made from, by component name. */
    public Map<String, Class<?>> componentTypes() {
        return new TreeMap<>(invert(names()));
    }

    private ObjectNode classSchema(Class<?> c, Direction direction) {
        if (c.isArray()) {
            return array(schema(c.getComponentType(), direction));
        }
        if (c.isEnum()) {
            ArrayNode values = JSON.arrayNode();
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            ObjectNode schema = type("string");
            schema.set("enum", values);
            return schema;
        }
        if (c.isRecord()) {
            return ref(c, direction);
        }
        ObjectNode scalar = SCALARS.get(c);
        if (scalar != null) {
            return scalar.deepCopy();
        }
        if (c == Object.class) {
            return JSON.objectNode();
        }
        throw new IllegalArgumentException("No JSON schema for " + c.getName());
    }

    private ObjectNode parameterizedSchema(ParameterizedType p, Direction direction) {
        Class<?> raw = (Class<?>) p.getRawType();
        Type[] args = p.getActualTypeArguments();
        if (Collection.class.isAssignableFrom(raw)) {
            ObjectNode schema = array(schema(args[0], direction));
            return Set.class.isAssignableFrom(raw) ? schema.put("uniqueItems", true) : schema;
        }
        if (Map.class.isAssignableFrom(raw) && args[0] == String.class) {
            ObjectNode schema = type("object");
            schema.set("additionalProperties", schema(args[1], direction));
            return schema;
        }
        if (raw == Optional.class) {
            return nullable(schema(args[0], direction));
        }
        throw new IllegalArgumentException("No JSON schema for " + p.getTypeName());
    }

    private ObjectNode ref(Class<?> record, Direction direction) {
        Direction known = directions.putIfAbsent(record, direction);
        if (known != null && known != direction) {
            throw new IllegalStateException(record.getName() + " is both a request and a response body; give each its own record");
        }
        if (known == null) { // registered before its schema is made: a record may contain itself
            schemas.put(record, recordSchema(record, direction));
        }
        ObjectNode ref = JSON.objectNode();
        refs.add(Map.entry(ref, record));
        return ref;
    }

    private ObjectNode recordSchema(Class<?> record, Direction direction) {
        ObjectNode properties = JSON.objectNode();
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            ObjectNode property = schema(component.getGenericType(), direction);
            List<String> allowed = hints.valuesOf(record, name);
            if (!allowed.isEmpty()) {
                if (!"string".equals(property.path("type").asText())) {
                    throw new IllegalArgumentException(record.getSimpleName() + "." + name + " is not a string; it takes no list of values");
                }
                ArrayNode values = property.putArray("enum");
                allowed.forEach(values::add);
            }
            if (isNullable(record, component)) {
                property = nullable(property);
            }
            String description = hints.descriptionOf(record, name);
            if (description != null) {
                property.put("description", description);
            }
            properties.set(name, property);
            if (direction == Direction.RESPONSE && !hints.isOmittable(record, name) || hints.isRequired(record, name)) {
                required.add(name);
            }
        }
        ObjectNode schema = type("object");
        schema.set("properties", properties);
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        if (direction == Direction.REQUEST) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private boolean isNullable(Class<?> record, RecordComponent component) {
        Class<?> type = component.getType();
        boolean boxed = Number.class.isAssignableFrom(type) || type == Boolean.class || type == Character.class;
        return boxed || type == Optional.class || hints.isNullable(record, component.getName());
    }

    /** {@code type: [t, "null"]} (and null among the enum values), or {@code anyOf} for a {@code $ref}. */
    private ObjectNode nullable(ObjectNode schema) {
        if (schema.path("type").isTextual()) {
            String type = schema.get("type").asText();
            schema.putArray("type").add(type).add("null");
            if (schema.has("enum")) {
                ((ArrayNode) schema.get("enum")).addNull();
            }
            return schema;
        }
        boolean isRef = refs.stream().anyMatch(r -> r.getKey() == schema);
        if (schema.path("type").isArray() || schema.has("anyOf") || schema.isEmpty() && !isRef) {
            return schema; // already nullable, or any value at all
        }
        ObjectNode anyOf = JSON.objectNode();
        anyOf.putArray("anyOf").add(schema).add(type("null"));
        return anyOf;
    }

    private Map<Class<?>, String> names() {
        Map<String, List<Class<?>>> byName = new LinkedHashMap<>();
        for (Class<?> type : directions.keySet()) {
            byName.computeIfAbsent(preferredName(type), n -> new ArrayList<>()).add(type);
        }
        Map<Class<?>, String> names = new LinkedHashMap<>();
        byName.forEach((name, types) -> types.forEach(t -> names.put(t, types.size() == 1 ? name : qualifiedName(t))));
        if (names.values().stream().distinct().count() < names.size()) {
            names.replaceAll((type, name) -> type.getName().replace('$', '.'));
        }
        return names;
    }

    private String preferredName(Class<?> type) {
        if (hints.nameOf(type) != null) {
            return hints.nameOf(type);
        }
        Class<?> outer = type.getEnclosingClass();
        return outer != null && outer.isRecord() ? outer.getSimpleName() + type.getSimpleName() : type.getSimpleName();
    }

    private static String qualifiedName(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        if (outer != null) {
            return outer.getSimpleName() + type.getSimpleName();
        }
        String pkg = type.getPackageName();
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        return last.substring(0, 1).toUpperCase(Locale.ROOT) + last.substring(1) + type.getSimpleName();
    }

    private static void scalar(String type, String format, Class<?>... classes) {
        ObjectNode schema = type(type);
        if (format != null) {
            schema.put("format", format);
        }
        for (Class<?> c : classes) {
            SCALARS.put(c, schema);
        }
    }

    private static <K, V> Map<V, K> invert(Map<K, V> map) {
        Map<V, K> inverted = new LinkedHashMap<>();
        map.forEach((k, v) -> inverted.put(v, k));
        return inverted;
    }

    private static ObjectNode type(String type) {
        return JSON.objectNode().put("type", type);
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode schema = type("array");
        schema.set("items", items);
        return schema;
    }
}
