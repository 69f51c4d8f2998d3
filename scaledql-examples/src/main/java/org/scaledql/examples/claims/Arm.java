package org.scaledql.examples.claims;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.train.TrainConfig;

/**
 * One arm of the claims matrix: what is trained (or scored) once per seed.
 *
 * @param id     a short name, also the run directory's ({@code runs/ID/seed-S})
 * @param label  the name in the report
 * @param kind   how it is run
 * @param train  the training config (seed set per run) for {@link Kind#OFFLINE} and the offline fine-tuning kinds;
 *               null otherwise
 * @param family the capacity study's encoder family ({@code ResNet} or {@code IMPALA}) or null
 */
public record Arm(String id, String label, Kind kind, TrainConfig train, String family) {

    /** How an arm is run. */
    public enum Kind {
        /** The behaviour data's own trajectories, scored as the demo scores them (no training). */
        BEHAVIOR,
        /** Offline training on the training games' data, then evaluation on them. */
        OFFLINE,
        /** Offline fine-tuning on the held-out games' small data: from the baseline's encoder or from scratch. */
        FINETUNE_PRETRAINED,
        /** {@link #FINETUNE_PRETRAINED}'s counterpart from a fresh network. */
        FINETUNE_SCRATCH,
        /** {@link #FINETUNE_PRETRAINED} from the seed's masked-autoencoder encoder, everything fine-tuned. */
        FINETUNE_MAE,
        /** {@link #FINETUNE_MAE} with the encoder frozen (the paper's MAE protocol). */
        FROZEN_MAE,
        /** Online fine-tuning on a game variant from the baseline's encoder. */
        ONLINE_PRETRAINED,
        /** {@link #ONLINE_PRETRAINED}'s counterpart from a fresh network. */
        ONLINE_SCRATCH,
        /** The multi-game Decision Transformer on the training games' data ({@link Budget#dtConfig()}). */
        DECISION_TRANSFORMER;

        /** {@return whether a run of this kind starts from the baseline Scaled QL network of its seed} */
        public boolean needsPretrained() {
            return this == FINETUNE_PRETRAINED || this == ONLINE_PRETRAINED;
        }

        /** {@return whether a run of this kind starts from the seed's masked-autoencoder network} */
        public boolean needsMae() {
            return this == FINETUNE_MAE || this == FROZEN_MAE;
        }

        /** {@return whether a run of this kind trains on the held-out games' data} */
        public boolean needsHeldOutData() {
            return this == FINETUNE_PRETRAINED || this == FINETUNE_SCRATCH || needsMae();
        }
    }

    /** Validates. */
    public Arm {
        checkArgument(id != null && id.matches("[a-z0-9][a-z0-9.-]*"), "arm id must be lower-case letters, digits, '.' "
                + "and '-'; got '%s'", id);
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        checkArgument((train != null) == (kind == Kind.OFFLINE || kind.needsHeldOutData()), "arm %s of kind %s: train config given=%s", id, kind, train != null);
    }
}
