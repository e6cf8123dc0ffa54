"""How long a wrong receipt code takes to refuse: one whose lookup some receipt has, and one whose lookup none has.

    .venv/bin/python bench/receipt_timing.py [--receipts 1000] [--tries 200]

A receipt code is an 8-character lookup and a secret kept as an Argon2 hash (core/receipts.py). Refused at once
when its lookup matched no receipt, a wrong code told whoever timed it whether some receipt had that lookup: not
a way to anyone's answers (the secret still has to be guessed, and attempts are rate-limited), but a way to count
receipts by sampling. `find_receipt` now does the same Argon2 work either way.

Untimed set-up: a migrated SQLite database with the seeded surveys and `--receipts` responses with receipts,
hashed at the production settings. Timed: `find_receipt` for `--tries` wrong codes of each kind, interleaved (the
machine's speed drifts), wall time each. Prints the median and the 10th and 90th percentiles of each, and their
ratio. Before the decoy check the second kind took an eighth of the first (0.28 ms against 2.22 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from config import Settings  # noqa: E402
from core.receipts import ReceiptCode, ReceiptHasher, new_code  # noqa: E402


def set_up(folder: Path, count: int, hasher: ReceiptHasher) -> tuple[object, list[ReceiptCode]]:
    """A migrated database with `count` responses, each with a receipt; the receipts' codes."""
    from core.db import make_engine
    from core.migrate import upgrade
    from core.models import Receipt, Response, SurveyVersion
    from core.services.surveys import install_templates

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    codes = []
    with Session(engine) as session:
        install_templates(session)
        session.flush()
        version_id = session.scalars(select(SurveyVersion.id)).first()
        for _ in range(count):
            response_id, code = uuid.uuid4().hex, new_code()
            session.execute(
                insert(Response).values(
                    id=response_id, survey_version_id=version_id, submitted_on=dt.date.today(), key_id="b", sealed=b""
                )
            )
            session.execute(
                insert(Receipt).values(
                    id=uuid.uuid4().hex, lookup=code.lookup, secret_hash=hasher.hash(code), response_id=response_id
                )
            )
            codes.append(code)
        session.commit()
    return engine, codes


def main() -> int:
    parser = argparse.ArgumentParser(description="Refusing a wrong receipt code, whether or not its lookup exists")
    parser.add_argument("--receipts", type=int, default=1000)
    parser.add_argument("--tries", type=int, default=200)
    args = parser.parse_args()
    from core.services.responses import ReceiptNotRecognised, find_receipt

    defaults = Settings()
    hasher = ReceiptHasher(defaults.receipt_hash_time_cost, defaults.receipt_hash_memory_kib)
    with tempfile.TemporaryDirectory() as folder:
        engine, codes = set_up(Path(folder), args.receipts, hasher)
        taken = {c.lookup for c in codes}
        times: dict[str, list[float]] = {"lookup some receipt has": [], "lookup no receipt has": []}
        with Session(engine) as session:
            for n in range(args.tries):
                known = codes[n % len(codes)]
                wrong_secret = str(ReceiptCode(known.lookup, new_code().secret))
                unknown = new_code()
                while unknown.lookup in taken:
                    unknown = new_code()
                for kind, typed in (("lookup some receipt has", wrong_secret), ("lookup no receipt has", str(unknown))):
                    start = time.perf_counter()
                    try:
                        find_receipt(session, typed, hasher)
                    except ReceiptNotRecognised:
                        pass
                    times[kind].append(time.perf_counter() - start)
        engine.dispose()  # type: ignore[attr-defined]
    print(
        f"{args.tries} wrong codes of each kind, {args.receipts} receipts, Argon2id t={defaults.receipt_hash_time_cost} "
        f"m={defaults.receipt_hash_memory_kib} KiB"
    )
    medians = {}
    for kind, values in times.items():
        deciles = statistics.quantiles(values, n=10)
        medians[kind] = statistics.median(values)
        print(
            f"  {kind:<24} median {medians[kind] * 1000:6.2f} ms  "
            f"(10th {deciles[0] * 1000:6.2f}, 90th {deciles[-1] * 1000:6.2f})"
        )
    ratio = medians["lookup no receipt has"] / medians["lookup some receipt has"]
    print(f"  no receipt / some receipt: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
