package org.scaledql.core.data.npy;

import java.util.Locale;

/** The NumPy element types this package reads and writes; the {@code descr} type code without byte order. */
public enum NpyDtype {
    /** {@code u1}: uint8. */
    U1("u1", 1),
    /** {@code i1}: int8. */
    I1("i1", 1),
    /** {@code b1}: bool, one byte, 0 or 1. */
    B1("b1", 1),
    /** {@code i4}: int32. */
    I4("i4", 4),
    /** {@code i8}: int64. */
    I8("i8", 8),
    /** {@code f4}: float32. */
    F4("f4", 4),
    /** {@code f8}: float64. */
    F8("f8", 8);

    private final String code;
    private final int itemSize;

    NpyDtype(String code, int itemSize) {
        this.code = code;
        this.itemSize = itemSize;
    }

    /** {@return the type code as in a {@code descr} string, e.g. {@code "f4"}} */
    public String code() {
        return code;
    }

    /** {@return bytes per element} */
    public int itemSize() {
        return itemSize;
    }

    /** {@return whether the type is a floating-point type} */
    public boolean isFloatingPoint() {
        return this == F4 || this == F8;
    }

    /**
     * The type with the given code.
     *
     * @param code a type code such as {@code "f4"}
     * @return the type, or {@code null} if the code is not supported
     */
    public static NpyDtype fromCode(String code) {
        String c = code.toLowerCase(Locale.ROOT);
        for (NpyDtype t : values()) {
            if (t.code.equals(c)) {
                return t;
            }
        }
        return null;
    }
}
