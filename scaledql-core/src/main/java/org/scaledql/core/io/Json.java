package org.scaledql.core.io;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.ResNetConfig;

/**
 * The one Jackson setup for scaledql's config records. The api module stays free of Jackson: polymorphic
 * configs get their type tags here through mix-ins ({@code "type": "resnet"}, {@code "c51"}, ...).
 * Unknown and missing JSON fields are errors, so a misspelt key is reported instead of silently ignored or
 * defaulted.
 */
public final class Json {

    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    /** A shared, thread-safe mapper configured for scaledql records. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a config record from a JSON file, turning Jackson's errors into one line that names the file, the
     * field path and what was wrong (including the record's own validation message).
     *
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
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("(top level)");
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
                    ? root.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(file + ": field " + path + ": " + why, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper create() {
        ObjectMapper m = new ObjectMapper();
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
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
