// Opens a store N times in one JVM and prints each open's time, checked bytes and /proc/self/io deltas.
// java -cp "$(ls scaledql-examples/target/scaledql-examples-*.jar | grep -v tests):$(cat scaledql-examples/target/classpath.txt)" \
//      scripts/scale-out/OpenProbe.java STORE [INCREMENTAL|FULL|VALUES_ONLY] [N]
import java.nio.file.*;
import org.scaledql.core.data.store.DiskTransitionStore;
public class OpenProbe {
    static long[] io() throws Exception {
        long rchar = 0, rb = 0;
        for (String l : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (l.startsWith("rchar:")) rchar = Long.parseLong(l.split("\\s+")[1]);
            if (l.startsWith("read_bytes:")) rb = Long.parseLong(l.split("\\s+")[1]);
        }
        return new long[] {rchar, rb};
    }
    public static void main(String[] a) throws Exception {
        Path p = Path.of(a[0]);
        DiskTransitionStore.Verification v = DiskTransitionStore.Verification.valueOf(a.length > 1 ? a[1] : "INCREMENTAL");
        for (int k = 0; k < (a.length > 2 ? Integer.parseInt(a[2]) : 1); k++) {
        long[] i0 = io();
        long t0 = System.nanoTime();
        try (DiskTransitionStore s = DiskTransitionStore.open(p, v)) {
            long t1 = System.nanoTime();
            long[] i1 = io();
            System.out.printf("open %s: %.1f ms, checkedBytes %d, rchar %d, read_bytes %d, rows %d%n", v, (t1 - t0) / 1e6,
                    s.checkedBytes(), i1[0] - i0[0], i1[1] - i0[1], s.records(s.games().get(0).name()).size());
        }
        }
    }
}
