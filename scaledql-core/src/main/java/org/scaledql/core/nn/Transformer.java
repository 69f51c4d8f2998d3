package org.scaledql.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Transformer layers on SameDiff, composed from basic ops (the fused {@code layerNorm} op normalises
 * differently, and each composed op has a backward pass the project has checked): layer normalization, the tanh
 * GELU, causal multi-head self-attention and the pre-layer-norm block of GPT-2 (Radford et al. 2019), the
 * architecture of the Decision Transformer (Chen et al. 2021) and the multi-game Decision Transformer (Lee et al.
 * 2022). Sequences are laid out as {@code [B * T, D]} rows (sample-major), so that dense layers stay matrix
 * products; the attention reshapes to {@code [B * H, T, D / H]} for its batched products.
 *
 * <p>Checked against numpy (scripts/reference/transformer_golden.py) and by central differences
 * ({@code TransformerTest}).
 */
public final class Transformer {

    /** Layer norm's epsilon (PyTorch's {@code nn.LayerNorm} and GPT-2's default). */
    public static final double LAYER_NORM_EPS = 1e-5;

    /**
     * The additive score of a masked attention entry: {@code exp(-1e9 - max)} is 0 in float and double, and unlike
     * negative infinity it keeps a row whose every key is masked finite (uniform weights instead of NaN).
     */
    public static final double MASKED = -1e9;

    private Transformer() {
    }

    /**
     * One pre-layer-norm block's parameters: {@code x + attention(ln1(x))}, then {@code x + mlp(ln2(x))}.
     *
     * @param ln1Gamma {@code [D]}
     * @param ln1Beta  {@code [D]}
     * @param wq       {@code [D, D]} query projection
     * @param bq       {@code [D]}
     * @param wk       {@code [D, D]} key projection
     * @param bk       {@code [D]}
     * @param wv       {@code [D, D]} value projection
     * @param bv       {@code [D]}
     * @param wo       {@code [D, D]} output projection
     * @param bo       {@code [D]}
     * @param ln2Gamma {@code [D]}
     * @param ln2Beta  {@code [D]}
     * @param w1       {@code [D, M]} first MLP layer
     * @param b1       {@code [M]}
     * @param w2       {@code [M, D]} second MLP layer
     * @param b2       {@code [D]}
     */
    public record Block(SDVariable ln1Gamma, SDVariable ln1Beta, SDVariable wq, SDVariable bq, SDVariable wk,
            SDVariable bk, SDVariable wv, SDVariable bv, SDVariable wo, SDVariable bo, SDVariable ln2Gamma,
            SDVariable ln2Beta, SDVariable w1, SDVariable b1, SDVariable w2, SDVariable b2) {

        /**
         * Creates a block's parameters under {@code prefix}: weights uniform on {@code +-1/sqrt(fanIn)} (PyTorch's
         * {@code nn.Linear} default), biases 0, layer-norm scales 1 and shifts 0.
         *
         * @param f      the parameter factory
         * @param prefix the names' prefix, e.g. {@code dt/block0}
         * @param d      the model width {@code D}
         * @param mlp    the MLP's hidden width {@code M} (GPT-2: {@code 4 D})
         * @return the parameters
         */
        public static Block create(ParameterFactory f, String prefix, int d, int mlp) {
            ParameterFactory.Init u = ParameterFactory.Init.UNIFORM_FAN_IN;
            ParameterFactory.Init zeros = ParameterFactory.Init.ZEROS;
            ParameterFactory.Init ones = ParameterFactory.Init.ONES;
            return new Block(f.create(prefix + "/ln1/gamma", ones, 1, d), f.create(prefix + "/ln1/beta", zeros, 1, d),
                    f.create(prefix + "/attn/wq", u, d, d, d), f.create(prefix + "/attn/bq", zeros, 1, d),
                    f.create(prefix + "/attn/wk", u, d, d, d), f.create(prefix + "/attn/bk", zeros, 1, d),
                    f.create(prefix + "/attn/wv", u, d, d, d), f.create(prefix + "/attn/bv", zeros, 1, d),
                    f.create(prefix + "/attn/wo", u, d, d, d), f.create(prefix + "/attn/bo", zeros, 1, d),
                    f.create(prefix + "/ln2/gamma", ones, 1, d), f.create(prefix + "/ln2/beta", zeros, 1, d),
                    f.create(prefix + "/mlp/w1", u, d, d, mlp), f.create(prefix + "/mlp/b1", zeros, 1, mlp),
                    f.create(prefix + "/mlp/w2", u, mlp, mlp, d), f.create(prefix + "/mlp/b2", zeros, 1, d));
        }
    }

    /**
     * Layer normalization (Ba et al. 2016) over the last axis, biased variance plus {@link #LAYER_NORM_EPS}, then
     * a per-feature scale and shift.
     *
     * @param sd    the graph
     * @param x     {@code [N, D]}
     * @param gamma {@code [D]}
     * @param beta  {@code [D]}
     * @return {@code [N, D]}
     */
    public static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta) {
        SDVariable centred = x.sub(x.mean(true, 1));
        SDVariable variance = centred.mul(centred).mean(true, 1);
        return centred.mul(sd.math().rsqrt(variance.add(LAYER_NORM_EPS))).mul(gamma).add(beta);
    }

    /**
     * GELU in GPT-2's tanh form: {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}.
     *
     * @param sd the graph
     * @param x  any shape
     * @return the same shape
     */
    public static SDVariable gelu(SameDiff sd, SDVariable x) {
        SDVariable inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(0.5).mul(sd.math().tanh(inner).add(1.0));
    }

    /**
     * {@return the causal mask {@code [T, T]}: 0 where a query at position i may read key j ({@code j <= i}), {@link
     * #MASKED} above the diagonal}
     *
     * @param t    the sequence length {@code T}
     * @param type the floating type
     */
    public static INDArray causalMask(int t, DataType type) {
        double[] m = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                m[i * t + j] = MASKED;
            }
        }
        return Nd4j.createFromArray(m).reshape(t, t).castTo(type);
    }

    /**
     * Causal multi-head self-attention (Vaswani et al. 2017): per head, {@code softmax(q k^T / sqrt(D / H) + mask)
     * v}, heads concatenated and projected.
     *
     * @param sd      the graph
     * @param x       {@code [B * T, D]}, sample-major
     * @param keyBias {@code [B, T]} added to every other query's score of each key (0 for a real token, {@link
     *                #MASKED} for padding; a padded query still reads itself), or null
     * @param p       the block holding the projections
     * @param t       {@code T}
     * @param heads   {@code H}; must divide {@code D}
     * @param d       {@code D}
     * @return {@code [B * T, D]}
     */
    public static SDVariable causalSelfAttention(SameDiff sd, SDVariable x, SDVariable keyBias, Block p, int t,
            int heads, int d) {
        checkArgument(heads >= 1 && d % heads == 0, "attention heads must divide the width; got %s heads, width %s",
                heads, d);
        checkArgument(d >= 2, "the model width must be >= 2 (layer norm over one feature is constant); got %s", d);
        int dh = d / heads;
        SDVariable q = splitHeads(Layers.dense(sd, x, p.wq(), p.bq()), t, heads, dh);
        SDVariable k = splitHeads(Layers.dense(sd, x, p.wk(), p.bk()), t, heads, dh);
        SDVariable v = splitHeads(Layers.dense(sd, x, p.wv(), p.bv()), t, heads, dh);
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(dh)); // [B*H, T, T]
        scores = scores.add(sd.constant(causalMask(t, x.dataType())));
        if (keyBias != null) {
            // Off the diagonal only: a padded query still reads itself, so no row is masked entirely (an all-masked
            // row would spread its weight over every key, the future's included).
            SDVariable offDiagonal = sd.constant(Nd4j.ones(x.dataType(), t, t).subi(Nd4j.eye(t).castTo(x.dataType())));
            scores = scores.reshape(-1, heads, t, t).add(keyBias.reshape(-1, 1, 1, t).mul(offDiagonal))
                    .reshape(-1, t, t);
        }
        SDVariable weights = sd.nn().softmax(scores); // over the last axis: the keys
        SDVariable out = sd.mmul(weights, v); // [B*H, T, dh]
        out = out.reshape(-1, heads, t, dh).permute(0, 2, 1, 3).reshape(-1, d);
        return Layers.dense(sd, out, p.wo(), p.bo());
    }

    private static SDVariable splitHeads(SDVariable x, int t, int heads, int dh) {
        return x.reshape(-1, t, heads, dh).permute(0, 2, 1, 3).reshape(-1, t, dh);
    }

    /**
     * One pre-layer-norm block (GPT-2): {@code x + attention(ln1(x))}, then {@code x + w2 gelu(w1 ln2(x) + b1) +
     * b2}.
     *
     * @param sd      the graph
     * @param x       {@code [B * T, D]}
     * @param keyBias see {@link #causalSelfAttention}, or null
     * @param p       the block's parameters
     * @param t       {@code T}
     * @param heads   {@code H}
     * @param d       {@code D}
     * @return {@code [B * T, D]}
     */
    public static SDVariable block(SameDiff sd, SDVariable x, SDVariable keyBias, Block p, int t, int heads, int d) {
        Objects.requireNonNull(p, "block parameters");
        SDVariable a = x.add(causalSelfAttention(sd, layerNorm(sd, x, p.ln1Gamma(), p.ln1Beta()), keyBias, p, t,
                heads, d));
        SDVariable h = gelu(sd, Layers.dense(sd, layerNorm(sd, a, p.ln2Gamma(), p.ln2Beta()), p.w1(), p.b1()));
        return a.add(Layers.dense(sd, h, p.w2(), p.b2()));
    }
}
