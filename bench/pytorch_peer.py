#!/usr/bin/env python3
"""PyTorch peer of `./scaledql bench --compare pytorch`.

Times one full Scaled QL training step per row, with the same networks, loss and optimizer as scaledql (and, for
the row `dt`, one training step of the multi-game Decision Transformer: see DecisionTransformer below):

* encoders: Nature CNN (VALID convs), IMPALA CNN (SAME convs, 3x3/2 SAME max-pool, residual blocks), ResNet
  with group norm (eps 1e-5, per-channel affine) in place of batch norm, TensorFlow-style SAME padding
  (asymmetric where needed, as ND4J pads), ImageNet or small stem;
* learned spatial embedding sum_{h,w} x[b,c,h,w] e[c,h,w], dense ReLU torso, L2 feature normalisation
  x / sqrt(sum x^2 + 1e-6), one linear head per game for all games at once, each sample's own game picked by a
  one-hot product, C51 logits [B, A, N] with log-softmax over atoms;
* loss: C51 cross-entropy against the C51-projected target computed without gradients from a target network
  (argmax of the target's Q on s'), plus CQL with alpha 0.05 (logsumexp_a Q - Q(s, a_data));
* Adam, lr 6.25e-5, betas (0.9, 0.999), eps 3.125e-4.

Group norm uses PyTorch's own F.group_norm (the same maths as scaledql's composed group norm: biased variance
plus 1e-5), since that is what a PyTorch user would write.

Usage: /usr/bin/python3 bench/pytorch_peer.py --spec rows.json [--warmup 20] [--reps 20] [--budget 180]
       [--threads 2]. Without --spec the standard rows are used. Prints one JSON document on stdout:
       {"torch": version, "threads": n, "rows": [{"network", "batch", "medianMs", "p10Ms", "p90Ms", "steps",
       "warmupSteps"}]}; progress goes to stderr.
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

GN_EPS = 1e-5
FEATURE_NORM_EPS = 1e-6


def same_pads(size, k, s):
    out = (size + s - 1) // s
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def conv_out(size, k, s, same):
    return (size + s - 1) // s if same else (size - k) // s + 1


class Conv(nn.Module):
    """Conv with ND4J/TensorFlow SAME or VALID padding; He-normal weights, zero bias."""

    def __init__(self, cin, cout, k, stride, same, bias, size):
        super().__init__()
        self.pad = None
        padding = 0
        if same:
            lo, hi = same_pads(size, k, stride)
            if lo == hi:
                padding = lo
            else:
                self.pad = (lo, hi, lo, hi)
        self.conv = nn.Conv2d(cin, cout, k, stride, padding=padding, bias=bias)
        nn.init.normal_(self.conv.weight, 0.0, math.sqrt(2.0 / (k * k * cin)))
        if bias:
            nn.init.zeros_(self.conv.bias)
        self.out_size = conv_out(size, k, stride, same)

    def forward(self, x):
        if self.pad is not None:
            x = F.pad(x, self.pad)
        return self.conv(x)


def max_pool_same(x, size, k=3, s=2):
    lo, hi = same_pads(size, k, s)
    if lo or hi:
        x = F.pad(x, (lo, hi, lo, hi), value=float("-inf"))
    return F.max_pool2d(x, k, s)


class GroupNorm(nn.Module):
    def __init__(self, groups, c):
        super().__init__()
        self.groups = groups
        self.gamma = nn.Parameter(torch.ones(c))
        self.beta = nn.Parameter(torch.zeros(c))

    def forward(self, x):
        return F.group_norm(x, self.groups, self.gamma, self.beta, GN_EPS)


class NatureCnn(nn.Module):
    def __init__(self, in_shape, width):
        super().__init__()
        c, size = in_shape[0], in_shape[1]
        layers = []
        for k, s, cout in ((8, 4, 32 * width), (4, 2, 64 * width), (3, 1, 64 * width)):
            conv = Conv(c, cout, k, s, False, True, size)
            layers.append(conv)
            size, c = conv.out_size, cout
        self.convs = nn.ModuleList(layers)
        self.out_shape = (c, size, size)

    def forward(self, x):
        for conv in self.convs:
            x = F.relu(conv(x))
        return x


class ImpalaCnn(nn.Module):
    def __init__(self, in_shape, channels, width, blocks):
        super().__init__()
        c, size = in_shape[0], in_shape[1]
        self.sections = nn.ModuleList()
        self.sizes = []
        for ch in channels:
            ch *= width
            sec = nn.Module()
            sec.conv = Conv(c, ch, 3, 1, True, True, size)
            self.sizes.append(size)
            size = conv_out(size, 3, 2, True)
            sec.blocks = nn.ModuleList(
                nn.ModuleList([Conv(ch, ch, 3, 1, True, True, size), Conv(ch, ch, 3, 1, True, True, size)])
                for _ in range(blocks))
            self.sections.append(sec)
            c = ch
        self.out_shape = (c, size, size)

    def forward(self, x):
        for sec, size in zip(self.sections, self.sizes):
            x = max_pool_same(sec.conv(x), size)
            for c1, c2 in sec.blocks:
                y = c1(F.relu(x))
                y = c2(F.relu(y))
                x = x + y
        return F.relu(x)


class Block(nn.Module):
    def __init__(self, cin, mid, cout, stride, size, groups, bottleneck):
        super().__init__()
        out = conv_out(size, 3, stride, True)
        if bottleneck:
            self.convs = nn.ModuleList([Conv(cin, mid, 1, 1, True, False, size), Conv(mid, mid, 3, stride, True, False, size),
                                        Conv(mid, cout, 1, 1, True, False, out)])
            self.norms = nn.ModuleList([GroupNorm(groups, mid), GroupNorm(groups, mid), GroupNorm(groups, cout)])
        else:
            self.convs = nn.ModuleList([Conv(cin, cout, 3, stride, True, False, size), Conv(cout, cout, 3, 1, True, False, out)])
            self.norms = nn.ModuleList([GroupNorm(groups, cout), GroupNorm(groups, cout)])
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = Conv(cin, cout, 1, stride, True, False, size)
            self.shortcut_norm = GroupNorm(groups, cout)
        self.out_size = out

    def forward(self, x):
        y = x
        n = len(self.convs)
        for i, (conv, norm) in enumerate(zip(self.convs, self.norms)):
            y = norm(conv(y))
            if i < n - 1:
                y = F.relu(y)
        skip = x if self.shortcut is None else self.shortcut_norm(self.shortcut(x))
        return F.relu(y + skip)


BLOCKS = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}


class GroupNormResNet(nn.Module):
    def __init__(self, in_shape, depth, width, groups, stem):
        super().__init__()
        scaled = lambda base: int(math.floor(base * width + 0.5))
        c, size = in_shape[0], in_shape[1]
        self.imagenet = stem == "IMAGENET"
        k, s = (7, 2) if self.imagenet else (3, 1)
        stem_c = scaled(64)
        self.stem_conv = Conv(c, stem_c, k, s, True, False, size)
        size = self.stem_conv.out_size
        self.stem_norm = GroupNorm(groups, stem_c)
        self.pool_size = size
        if self.imagenet:
            size = conv_out(size, 3, 2, True)
        bottleneck = depth >= 50
        cin = stem_c
        blocks = []
        for st, nb in enumerate(BLOCKS[depth]):
            mid = scaled(64 << st)
            cout = mid * (4 if bottleneck else 1)
            for b in range(nb):
                stride = 2 if (b == 0 and st > 0) else 1
                blk = Block(cin, mid, cout, stride, size, groups, bottleneck)
                blocks.append(blk)
                cin, size = cout, blk.out_size
        self.blocks = nn.ModuleList(blocks)
        self.out_shape = (cin, size, size)

    def forward(self, x):
        x = F.relu(self.stem_norm(self.stem_conv(x)))
        if self.imagenet:
            x = max_pool_same(x, self.pool_size)
        for blk in self.blocks:
            x = blk(x)
        return x


def make_encoder(spec):
    e, shape = spec["encoder"], spec["observationShape"]
    if e["kind"] == "nature":
        return NatureCnn(shape, e["width"])
    if e["kind"] == "impala":
        return ImpalaCnn(shape, e["channels"], e["width"], e["blocks"])
    if e["kind"] == "resnet":
        return GroupNormResNet(shape, e["depth"], e["width"], e["groups"], e["stem"])
    raise ValueError("unknown encoder kind %r" % e["kind"])


class QNetwork(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.encoder = make_encoder(spec)
        c, h, w = self.encoder.out_shape
        self.games, self.actions, self.atoms = spec["games"], spec["actions"], spec["atoms"]
        self.embedding = None
        if spec["spatialEmbedding"]:
            bound = 1.0 / math.sqrt(h * w)
            self.embedding = nn.Parameter(torch.empty(c, h, w).uniform_(-bound, bound))
            d = c
        else:
            d = c * h * w
        torso = []
        for width in spec["torso"]:
            lin = nn.Linear(d, width)
            nn.init.normal_(lin.weight, 0.0, math.sqrt(2.0 / d))
            nn.init.zeros_(lin.bias)
            torso.append(lin)
            d = width
        self.torso = nn.ModuleList(torso)
        self.feature_norm = spec["featureNormalization"]
        self.head = nn.Linear(d, self.games * self.actions * self.atoms)
        nn.init.zeros_(self.head.bias)

    def forward(self, obs, task_one_hot):
        x = self.encoder(obs)
        if self.embedding is not None:
            x = (x * self.embedding).sum((2, 3))
        else:
            x = x.flatten(1)
        for lin in self.torso:
            x = F.relu(lin(x))
        if self.feature_norm:
            x = x * torch.rsqrt((x * x).sum(1, keepdim=True) + FEATURE_NORM_EPS)
        all_games = self.head(x).view(-1, self.games, self.actions * self.atoms)
        own = (all_games * task_one_hot.unsqueeze(2)).sum(1)
        return own.view(-1, self.actions, self.atoms)


def project(probs, rewards, discounts, support, vmin, vmax):
    """C51 projection (Bellemare et al. 2017, Algorithm 1), mass on a whole-number position kept whole."""
    n = support.numel()
    delta = (vmax - vmin) / (n - 1)
    tz = (rewards.unsqueeze(1) + discounts.unsqueeze(1) * support.unsqueeze(0)).clamp(vmin, vmax)
    pos = ((tz - vmin) / delta).clamp(0, n - 1)
    lo, hi = pos.floor(), pos.ceil()
    same = (lo == hi).to(probs.dtype)
    m = torch.zeros_like(probs)
    m.scatter_add_(1, lo.long(), probs * ((hi - pos) + same))
    m.scatter_add_(1, hi.long(), probs * (pos - lo))
    return m


class Learner:
    def __init__(self, spec, seed):
        torch.manual_seed(seed)
        self.spec = spec
        self.online = QNetwork(spec)
        self.target = QNetwork(spec)
        self.target.load_state_dict(self.online.state_dict())
        for p in self.target.parameters():
            p.requires_grad_(False)
        self.opt = torch.optim.Adam(self.online.parameters(), lr=6.25e-5, betas=(0.9, 0.999), eps=3.125e-4)
        self.vmin, self.vmax = spec["vMin"], spec["vMax"]
        self.support = torch.linspace(self.vmin, self.vmax, spec["atoms"])
        self.alpha = 0.05

    def step(self, batch):
        obs, actions, rewards, discounts, next_obs, tasks = batch
        games, num_actions = self.spec["games"], self.spec["actions"]
        task_one_hot = F.one_hot(tasks, games).float()
        with torch.no_grad():
            next_probs = torch.softmax(self.target(next_obs, task_one_hot), dim=2)
            next_q = (next_probs * self.support).sum(2)
            best = next_q.argmax(1)
            chosen = next_probs[torch.arange(best.numel()), best]
            target_probs = project(chosen, rewards, discounts, self.support, self.vmin, self.vmax)
        logits = self.online(obs, task_one_hot)
        log_probs = F.log_softmax(logits, dim=2)
        q = (log_probs.exp() * self.support).sum(2)
        action_one_hot = F.one_hot(actions, num_actions).float()
        q_data = (q * action_one_hot).sum(1)
        logp_data = (log_probs * action_one_hot.unsqueeze(2)).sum(1)
        td = -(target_probs * logp_data).sum(1).mean()
        cql = (torch.logsumexp(q, 1) - q_data).mean()
        loss = td + self.alpha * cql
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return loss.item()


class DecisionTransformer(nn.Module):
    """scaledql's multi-game Decision Transformer (org.scaledql.core.dt.DecisionTransformer): per time step an
    observation token (encoder, flatten, linear), a return-bin token and an action token (embeddings), each plus a
    learned position embedding of its step; GPT-2 pre-layer-norm blocks (x + attn(ln1 x), x + mlp(ln2 x), tanh GELU,
    4D MLP) with causal attention and key padding; a final layer norm; the observation token's output predicts the
    return bin and the return token's output the action, through per-game heads selected by a one-hot product."""

    def __init__(self, spec):
        super().__init__()
        self.encoder = make_encoder(spec)
        c, h, w = self.encoder.out_shape
        d, k = spec["width"], spec["context"]
        self.k, self.d, self.heads = k, d, spec["heads"]
        self.games, self.actions, self.bins = spec["games"], spec["actions"], spec["returnBins"]
        self.embed_obs = nn.Linear(c * h * w, d)
        self.embed_return = nn.Embedding(self.bins, d)
        self.embed_action = nn.Embedding(self.actions, d)
        self.position = nn.Parameter(torch.randn(k, d) * 0.02)
        self.blocks = nn.ModuleList([nn.ModuleDict(dict(
            ln1=nn.LayerNorm(d), q=nn.Linear(d, d), k=nn.Linear(d, d), v=nn.Linear(d, d), o=nn.Linear(d, d),
            ln2=nn.LayerNorm(d), fc=nn.Linear(d, 4 * d), proj=nn.Linear(4 * d, d))) for _ in range(spec["layers"])])
        self.lnf = nn.LayerNorm(d)
        self.return_head = nn.Linear(d, self.games * self.bins)
        self.action_head = nn.Linear(d, self.games * self.actions)
        self.register_buffer("causal", torch.tril(torch.ones(3 * k, 3 * k, dtype=torch.bool)))

    def attention(self, blk, x, key_bias):
        b, t, d = x.shape
        hd = d // self.heads
        q = blk["q"](x).view(b, t, self.heads, hd).transpose(1, 2)
        kk = blk["k"](x).view(b, t, self.heads, hd).transpose(1, 2)
        v = blk["v"](x).view(b, t, self.heads, hd).transpose(1, 2)
        scores = q @ kk.transpose(-1, -2) / math.sqrt(hd)
        eye = torch.eye(t, dtype=torch.bool)
        # key padding off the diagonal: a padded query still reads itself
        bias = torch.where(eye, torch.zeros(()), key_bias.view(b, 1, 1, t))
        scores = scores + bias
        scores = scores.masked_fill(~self.causal, -1e9)
        return blk["o"]((torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, t, d))

    def forward(self, obs, bins, actions, tasks, key_bias):
        n = obs.shape[0]
        b = n // self.k
        o = self.embed_obs(self.encoder(obs).flatten(1)).view(b, self.k, self.d) + self.position
        r = self.embed_return(bins).view(b, self.k, self.d) + self.position
        a = self.embed_action(actions).view(b, self.k, self.d) + self.position
        x = torch.stack([o, r, a], 2).view(b, 3 * self.k, self.d)
        for blk in self.blocks:
            x = x + self.attention(blk, blk["ln1"](x), key_bias)
            x = x + blk["proj"](F.gelu(blk["fc"](blk["ln2"](x)), approximate="tanh"))
        x = self.lnf(x).view(n, 3, self.d)
        task_one_hot = F.one_hot(tasks, self.games).float()
        ret = (self.return_head(x[:, 0]).view(n, self.games, self.bins) * task_one_hot.unsqueeze(2)).sum(1)
        act = (self.action_head(x[:, 1]).view(n, self.games, self.actions) * task_one_hot.unsqueeze(2)).sum(1)
        return ret, act


class DtLearner:
    """Cross-entropy on the data's return bins and actions, averaged over real steps; Adam, lr 3e-4."""

    def __init__(self, spec, seed):
        torch.manual_seed(seed)
        self.model = DecisionTransformer(spec)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=spec["learningRate"])

    def step(self, batch):
        obs, bins, actions, tasks, key_bias, weights = batch
        ret, act = self.model(obs, bins, actions, tasks, key_bias)
        ce = F.cross_entropy(ret, bins, reduction="none") + F.cross_entropy(act, actions, reduction="none")
        loss = (ce * weights).sum()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return loss.item()


def synthetic_windows(spec, seed):
    """B windows of K steps; a quarter of the windows start their episode inside the window (left padding)."""
    g = torch.Generator().manual_seed(seed)
    b, k = spec["batch"], spec["context"]
    n = b * k
    obs = torch.rand([n] + list(spec["observationShape"]), generator=g)
    pad = torch.where(torch.rand(b, generator=g) < 0.25, torch.randint(k, (b,), generator=g), torch.zeros(b).long())
    valid = (torch.arange(k).unsqueeze(0) >= pad.unsqueeze(1)).reshape(n)
    key_bias = torch.where(valid, 0.0, -1e9).view(b, k, 1).expand(b, k, 3).reshape(b, 3 * k)
    weights = valid.float() / valid.sum()
    return (obs, torch.randint(spec["returnBins"], (n,), generator=g), torch.randint(spec["actions"], (n,), generator=g),
            torch.randint(spec["games"], (b,), generator=g).repeat_interleave(k), key_bias, weights)


def synthetic_batch(spec, seed):
    g = torch.Generator().manual_seed(seed)
    b = spec["batch"]
    shape = [b] + list(spec["observationShape"])
    return (torch.rand(shape, generator=g), torch.randint(spec["actions"], (b,), generator=g),
            torch.rand(b, generator=g) * 2 - 1, (torch.rand(b, generator=g) >= 0.1).float() * 0.99,
            torch.rand(shape, generator=g), torch.randint(spec["games"], (b,), generator=g))


def percentile(values, q):
    s = sorted(values)
    rank = q / 100 * (len(s) - 1)
    lo, hi = math.floor(rank), math.ceil(rank)
    return s[lo] + (s[hi] - s[lo]) * (rank - lo)


def time_row(spec, warmup, reps, budget, seed):
    dt = spec["network"] == "dt"
    learner = DtLearner(spec, seed) if dt else Learner(spec, seed)
    make = synthetic_windows if dt else synthetic_batch
    batches = [make(spec, seed + 1), make(spec, seed + 2)]
    budget_s = budget if budget > 0 else float("inf")
    start = time.perf_counter()
    w = 0
    while w < warmup and (w < 2 or time.perf_counter() - start < budget_s / 3):
        learner.step(batches[w % 2])
        w += 1
    ms = []
    while len(ms) < reps and (len(ms) < 3 or time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        learner.step(batches[len(ms) % 2])
        ms.append((time.perf_counter() - t0) * 1e3)
    return {"network": spec["network"], "batch": spec["batch"], "medianMs": percentile(ms, 50),
            "p10Ms": percentile(ms, 10), "p90Ms": percentile(ms, 90), "steps": len(ms), "warmupSteps": w}


def standard_rows():
    rows = []
    atari = dict(observationShape=[4, 84, 84], games=5, actions=18, atoms=51, vMin=-10.0, vMax=10.0, torso=[512],
                 spatialEmbedding=True, featureNormalization=True)
    encoders = [("nature", dict(kind="nature", width=1)),
                ("impala", dict(kind="impala", channels=[16, 32, 32], width=1, blocks=2)),
                ("resnet18", dict(kind="resnet", depth=18, width=1.0, groups=8, stem="IMAGENET")),
                ("resnet34", dict(kind="resnet", depth=34, width=1.0, groups=8, stem="IMAGENET"))]
    for name, enc in encoders:
        for b in (32, 64):
            rows.append(dict(atari, network=name, batch=b, encoder=enc))
    for b in (32, 64):
        rows.append(dict(network="testbed", batch=b, observationShape=[10, 10, 10], games=10, actions=6, atoms=51,
                         vMin=-10.0, vMax=10.0, torso=[256], spatialEmbedding=True, featureNormalization=True,
                         encoder=dict(kind="resnet", depth=18, width=0.25, groups=4, stem="SMALL")))
    rows.append(dict(network="dt", batch=32, observationShape=[10, 10, 10], games=10, actions=6, context=8, width=96,
                     layers=2, heads=4, returnBins=50, learningRate=3e-4,
                     encoder=dict(kind="resnet", depth=18, width=0.125, groups=4, stem="SMALL")))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", help="JSON file with the rows (written by ./scaledql bench --compare pytorch)")
    ap.add_argument("--rows", default="", help="comma-separated network or network/batch selectors (no --spec)")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--budget", type=float, default=180.0, help="seconds per row, warm-up included; 0: none")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.spec:
        with open(a.spec) as f:
            rows = json.load(f)
    else:
        rows = standard_rows()
        if a.rows:
            sel = set(a.rows.split(","))
            rows = [r for r in rows if r["network"] in sel or "%s/%d" % (r["network"], r["batch"]) in sel]
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "rows": []}
    for spec in rows:
        r = time_row(spec, a.warmup, a.reps, a.budget, a.seed)
        print("pytorch %s/%d: median %.1f ms (p10 %.1f, p90 %.1f; %d warm-up, %d timed)" % (
            r["network"], r["batch"], r["medianMs"], r["p10Ms"], r["p90Ms"], r["warmupSteps"], r["steps"]),
            file=sys.stderr, flush=True)
        out["rows"].append(r)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
