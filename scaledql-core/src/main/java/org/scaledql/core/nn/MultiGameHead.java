package org.scaledql.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.core.nn.ParameterFactory.Init;

/**
 * One linear projection per game from the shared features (Scaled QL Section 4: "separate linear projection
 * layers for each game"). All games' projections are one {@code [D, G * A * K]} matrix; each sample keeps
 * only its own game's slice (a one-hot product, so other games' weights get exactly zero gradient).
 */
public final class MultiGameHead {

    private final SameDiff sd;
    private final SDVariable w;
    private final SDVariable b;
    private final int games;
    private final int actions;
    private final int perAction;

    /**
     * @param p          creates the weights
     * @param prefix     parameter name prefix, e.g. {@code heads}
     * @param features   input width D
     * @param games      number of games G
     * @param actions    actions A
     * @param head       output type (K = atoms for C51, 1 for scalar)
     */
    public MultiGameHead(ParameterFactory p, String prefix, int features, int games, int actions, HeadConfig head) {
        this.sd = p.sameDiff();
        this.games = games;
        this.actions = actions;
        this.perAction = head.outputsPerAction();
        long outputs = (long) games * actions * perAction;
        this.w = p.create(prefix + "/w", Init.UNIFORM_FAN_IN, features, features, outputs);
        this.b = p.create(prefix + "/b", Init.ZEROS, 0, outputs);
    }

    /**
     * Adds the head's ops.
     *
     * @param features   {@code [B, D]}
     * @param taskOneHot {@code [B, G]}
     * @return {@code [B, A, K]} for C51 (K atoms) or {@code [B, A]} for a scalar head
     */
    public SDVariable apply(SDVariable features, SDVariable taskOneHot) {
        SDVariable all = Layers.dense(sd, features, w, b);
        SDVariable own = Layers.selectTask(sd, all, taskOneHot, games, actions * perAction);
        return perAction == 1 ? own : own.reshape(-1, actions, perAction);
    }
}
