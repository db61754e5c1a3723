"""The TinyLM reference model in PyTorch on CPU, for the side-by-side benchmark.

Same architecture as Sources/TinyLM: token + position embeddings, pre-LayerNorm blocks with
causal multi-head attention (fused QKV, scaled_dot_product_attention) and a tanh-GELU MLP,
final LayerNorm, untied head without bias; AdamW with decay on matrices and embeddings only,
global-norm clipping at 1.0. Prints JSON lines like `score-verify bench engine --json`.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, 4 * dim)
        self.fc_proj = nn.Linear(4 * dim, dim)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(c, dim=2)
        shape = (b, t, self.heads, c // self.heads)
        q, k, v = (z.view(shape).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(y.transpose(1, 2).contiguous().view(b, t, c))
        return x + self.fc_proj(F.gelu(self.fc(self.norm2(x)), approximate="tanh"))


class TinyLM(nn.Module):
    def __init__(self, vocab, context, layers, dim, heads):
        super().__init__()
        self.token = nn.Embedding(vocab, dim)
        self.position = nn.Embedding(context, dim)
        self.blocks = nn.ModuleList(Block(dim, heads) for _ in range(layers))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)

    def forward(self, tokens):
        t = tokens.shape[1]
        x = self.token(tokens) + self.position(torch.arange(t))
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--vocab", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = TinyLM(a.vocab, a.seq, a.layers, a.dim, a.heads)
    decay = [q for q in model.parameters() if q.dim() >= 2]
    other = [q for q in model.parameters() if q.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}],
        lr=1e-4, betas=(0.9, 0.95), eps=1e-8)
    tokens = torch.randint(0, a.vocab, (a.batch, a.seq))
    targets = torch.randint(0, a.vocab, (a.batch, a.seq))
    n = a.batch * a.seq
    params = sum(q.numel() for q in model.parameters())
    matmul_params = a.layers * 12 * a.dim * a.dim + a.vocab * a.dim
    flops = 6 * matmul_params + 12 * a.layers * a.seq * a.dim

    def forward():
        with torch.no_grad():
            logits = model(tokens)
            F.cross_entropy(logits.view(-1, a.vocab), targets.view(-1))

    def train():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(tokens).view(-1, a.vocab), targets.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    result = {}
    for name, fn, f in (("forward", forward, flops / 3), ("train", train, flops)):
        for _ in range(a.warmup):
            fn()
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(a.steps):
            fn()
        seconds = (time.perf_counter() - start) / a.steps
        cpu = (time.process_time() - start_cpu) / a.steps
        result[name] = n / seconds
        result[name + "_cpu"] = n / cpu
        print(json.dumps({"phase": name, "tokens_per_s": round(n / seconds, 1),
                          "seconds_per_step": round(seconds, 5), "gflops": round(n * f / seconds / 1e9, 1),
                          "tokens_per_cpu_s": round(n / cpu, 1)}))
    print(json.dumps({"phase": "summary", "engine": "pytorch", "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "parameters": params,
                      "forward_tokens_per_s": round(result["forward"], 1),
                      "train_tokens_per_s": round(result["train"], 1),
                      "forward_tokens_per_cpu_s": round(result["forward_cpu"], 1),
                      "train_tokens_per_cpu_s": round(result["train_cpu"], 1)}))


if __name__ == "__main__":
    main()
