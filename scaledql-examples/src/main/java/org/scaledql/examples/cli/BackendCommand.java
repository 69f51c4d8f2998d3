package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scaledql.core.io.Json;
import org.scaledql.cuda.BackendDecision;
import org.scaledql.cuda.BackendReport;
import org.scaledql.cuda.BackendRequest;
import org.scaledql.cuda.Backends;
import org.scaledql.cuda.GpuDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./scaledql backend}: which ND4J backend this build runs on and why, and what ND4J reports about it
 * (devices, memory, compute capability, cuDNN). {@code ./scaledql --backend cuda backend} shows the GPU side.
 */
@Command(name = "backend", description = "Show the ND4J backend (CPU or CUDA), the devices it sees, and why it was chosen.")
final class BackendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object with keys decision and report")
    boolean json;

    @Override
    public Integer call() throws Exception {
        // The launcher exports SCALEDQL_BACKEND (already resolved from --backend); run directly, auto applies.
        BackendDecision decision = Backends.select(BackendRequest.resolve(null, System.getenv(), BackendRequest.AUTO));
        Backends.verify(decision);
        BackendReport report = Backends.describe();
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.set("decision", Json.mapper().valueToTree(decision));
            root.set("report", Json.mapper().valueToTree(report));
            w.println(Json.mapper().writeValueAsString(root));
        } else {
            w.printf("backend   %s (%s)%n", report.backend(), decision.reason());
            w.printf("nd4j      %s, blas %s %s%n", report.nd4jBackendClass(), report.blasVendor(), report.blasVersion());
            w.printf("cuda      %s, cuDNN %s, platform helpers %s%n", report.cudaAvailable() ? "available" : "not available",
                    report.cudnnAvailable() ? "available" : "not available", report.helpersAllowed() ? "on" : "off");
            for (GpuDevice d : report.devices()) {
                w.printf(Locale.ROOT, "device %d  %s, compute capability %s, %.1f GiB (%.1f GiB free)%s%n", d.index(), d.name(),
                        d.computeCapability(), d.totalMemoryBytes() / (double) (1L << 30), d.freeMemoryBytes() / (double) (1L << 30),
                        d.nd4jKernelArchitecture().map(sm -> ", runs ND4J's sm_" + sm + " kernels")
                                .orElse(", NO ND4J 1.0.0-M2.1 kernels for this GPU (docs/cuda.md)"));
            }
            w.printf("build     %s%n", String.join(" ", report.buildFlags()));
        }
        w.flush();
        return 0;
    }
}
