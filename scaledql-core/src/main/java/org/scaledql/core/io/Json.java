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
 * Unknown JSON fields are errors, so a misspelt key is reported instead of silently ignored.
 */
public final class Json {

    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    /** A shared, thread-safe mapper configured for scaledql records. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        ObjectMapper m = new ObjectMapper();
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
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
