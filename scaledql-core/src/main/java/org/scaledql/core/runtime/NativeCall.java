package org.scaledql.core.runtime;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One libnd4j op call (a declarable op, or a legacy transform, scalar or pairwise op) with its arrays and arguments
 * bound, as {@link CompiledGraph}'s kernels run them.
 */
record NativeCall(DifferentialFunction op, OpContext context) {

    /** A call of {@code opName} reading {@code inputs} and writing {@code outputs}. */
    static NativeCall of(String opName, INDArray[] inputs, INDArray... outputs) {
        return new NativeCall(DynamicCustomOp.builder(opName).build(), context(inputs, outputs));
    }

    /** A call of the legacy op {@code op} (its scalar or other arguments set on it) from {@code input} to {@code output}. */
    static NativeCall legacy(Op op, INDArray input, INDArray output) {
        return new NativeCall((DifferentialFunction) op, context(new INDArray[] {input}, output));
    }

    /** {@code output = reduce_sum(input)} over {@code axes}, keeping them as unit axes if {@code keepDims}. */
    static NativeCall sum(INDArray input, INDArray output, boolean keepDims, long... axes) {
        NativeCall c = of("reduce_sum", new INDArray[] {input}, output);
        c.context().setIArguments(axes);
        c.context().setBArguments(keepDims);
        return c;
    }

    private static OpContext context(INDArray[] inputs, INDArray... outputs) {
        OpContext oc = Nd4j.getExecutioner().buildContext();
        oc.setInputArrays(inputs);
        for (int i = 0; i < outputs.length; i++) {
            oc.setOutputArray(i, outputs[i]);
        }
        return oc;
    }

    void run() {
        if (op instanceof CustomOp c) {
            Nd4j.exec(c, context);
        } else {
            Nd4j.exec((Op) op, context);
        }
    }
}
