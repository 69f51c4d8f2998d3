package org.scaledql.core.io;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.ResNetConfig;

/**
 * The one Jackson setup for scaledql's config records. The api module stays free of Jackson: polymorphic
 * configs get their type tags here through mix-ins ({@code "type": "resnet"}, {@code "c51"}, ...).
 * Unknown, missing and duplicate JSON keys are errors (an unknown one is named with the nearest known key), and
 * nothing is coerced ({@code "32"} or {@code 32.5} for an int fails), so a mistake in a config file is reported
 * instead of silently ignored, defaulted or rounded.
 */
public final class Json {

    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    /** {@return a shared, thread-safe mapper configured for scaledql records} Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a config record from a JSON file, turning Jackson's errors into one line that names the file, the
     * field path and what was wrong (including the record's own validation message).
     *
     * @param file the JSON file
     * @param type the record class
     * @param <T>  the record type
     * @return the record
     * @throws java.io.IOException if the file is missing or unreadable
     * @throws IllegalArgumentException if the JSON is malformed or a value is invalid
     */
    public static <T> T read(java.nio.file.Path file, Class<T> type) throws java.io.IOException {
        if (!java.nio.file.Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file + " (config file not found)");
        }
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String path = pathOf(e.getPath());
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // A misspelt key is reported by Jackson as the correct key missing; name the misspelling instead.
            String unknown = unknownKeyBesideMissing(file, e);
            if (unknown != null) {
                throw new IllegalArgumentException(file + ": " + unknown, e);
            }
            if (e instanceof UnrecognizedPropertyException u) {
                throw new IllegalArgumentException(file + ": unknown key '" + u.getPropertyName() + "' in "
                        + pathOf(e.getPath().subList(0, e.getPath().size() - 1))
                        + closest(u.getPropertyName(), u.getKnownPropertyIds()), e);
            }
            String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
                    ? root.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(file + ": field " + path + ": " + why, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * For a "missing creator property" error in a record: the first key of the same JSON object that is no
     * component of that record, described with the nearest known key; null when there is none.
     */
    private static String unknownKeyBesideMissing(java.nio.file.Path file,
            com.fasterxml.jackson.databind.JsonMappingException e) {
        java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs = e.getPath();
        if (!(e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) || refs.isEmpty()
                || e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Missing creator property")) {
            return null;
        }
        Object from = refs.get(refs.size() - 1).getFrom();
        Class<?> type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
        if (type == null || !type.isRecord()) {
            return null;
        }
        java.util.Set<Object> known = new java.util.TreeSet<>();
        for (var component : type.getRecordComponents()) {
            known.add(component.getName());
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = MAPPER.readTree(file.toFile());
            var parent = refs.subList(0, refs.size() - 1);
            for (var r : parent) {
                node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
                if (node == null) {
                    return null;
                }
            }
            if (node.has("type") && !known.contains("type")) {
                known.add("type"); // the polymorphic configs' type tag (the mix-ins below)
            }
            for (var it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    return "unknown key '" + key + "' in " + pathOf(parent) + closest(key, known);
                }
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            return null; // keep Jackson's own message
        }
        return null;
    }

    /** A JSON path as {@code a.b[2].c}, or {@code (top level)} when empty. */
    private static String pathOf(java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        return refs.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("(top level)");
    }

    /** "; did you mean 'x'? (known keys: ...)" for the known key nearest to {@code key} by edit distance. */
    static String closest(String key, java.util.Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        java.util.List<String> names = known.stream().map(String::valueOf).sorted().toList();
        String best = names.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = editDistance(key.toLowerCase(java.util.Locale.ROOT), n.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        return "; did you mean '" + best + "'? (known keys: " + String.join(", ", names) + ")";
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static ObjectMapper create() {
        ObjectMapper m = new ObjectMapper();
        // A duplicate key would otherwise silently keep the last value.
        m.configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        // No coercion: "32" or 32.5 for an int, "true" for a boolean are errors, not 32 and true.
        m.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        m.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        m.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        // A missing or misspelt key must not silently become 0 or false in a record.
        m.configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);
        m.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        m.configure(SerializationFeature.INDENT_OUTPUT, true);
        m.addMixIn(EncoderConfig.class, EncoderConfigMixin.class);
        m.addMixIn(HeadConfig.class, HeadConfigMixin.class);
        return m;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = NatureCnnConfig.class, name = "nature"),
        @JsonSubTypes.Type(value = ImpalaConfig.class, name = "impala"),
        @JsonSubTypes.Type(value = ResNetConfig.class, name = "resnet"),
    })
    private interface EncoderConfigMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = HeadConfig.C51.class, name = "c51"),
        @JsonSubTypes.Type(value = HeadConfig.Scalar.class, name = "scalar"),
    })
    private interface HeadConfigMixin {
    }
}
