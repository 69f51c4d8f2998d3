package org.scaledql.core.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/** One libnd4j op call with its arrays and arguments bound, as {@link CompiledGraph}'s kernels run them. */
record NativeCall(CustomOp op, OpContext context) {

    /** A call of {@code opName} reading {@code inputs} and writing {@code outputs}. */
    static NativeCall of(String opName, INDArray[] inputs, INDArray... outputs) {
        OpContext oc = Nd4j.getExecutioner().buildContext();
        oc.setInputArrays(inputs);
        for (int i = 0; i < outputs.length; i++) {
            oc.setOutputArray(i, outputs[i]);
        }
        return new NativeCall(DynamicCustomOp.builder(opName).build(), oc);
    }

    /** {@code output = reduce_sum(input)} over {@code axes}, keeping them as unit axes if {@code keepDims}. */
    static NativeCall sum(INDArray input, INDArray output, boolean keepDims, long... axes) {
        NativeCall c = of("reduce_sum", new INDArray[] {input}, output);
        c.context().setIArguments(axes);
        c.context().setBArguments(keepDims);
        return c;
    }

    void run() {
        Nd4j.exec(op, context);
    }
}
