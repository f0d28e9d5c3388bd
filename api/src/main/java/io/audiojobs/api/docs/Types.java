package io.audiojobs.api.docs;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Types of bodies that are not a single record: {@code List<T>}, {@code Map<String, T>}, one of several records. */
public final class Types {
    private Types() {}

    /** {@code List<T>}: a JSON array. */
    public static Type listOf(Type item) {
        return new Generic(List.class, new Type[] {item});
    }

    /** {@code Map<String, T>}: a JSON object with free keys. */
    public static Type mapOf(Type value) {
        return new Generic(Map.class, new Type[] {String.class, value});
    }

    /** One of several records (e.g. a single PUT plan or a multipart plan). */
    public static Type oneOf(Type... alternatives) {
        return new OneOf(List.of(alternatives));
    }

    record OneOf(List<Type> alternatives) implements Type {
        @Override
        public String getTypeName() {
            return "oneOf" + alternatives;
        }
    }

    private record Generic(Class<?> raw, Type[] args) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public String getTypeName() {
            return raw.getName() + Arrays.stream(args).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">"));
        }
    }
}
