"""Staff sign-in throttling shared by every worker: a growing wait per account and per client address.

Failures are counted in the database, so two workers (or two servers) see the same counts. After a few failures
each further attempt must wait, and the wait doubles with every failure up to a cap: guessing gets slow, but the
real user is never locked out for longer than the cap. An attempt refused for waiting is not counted, so
someone hammering an account cannot stretch the wait.

Neither the account name nor the address is stored: each is kept as an HMAC under a key derived from the admin
app's secret key (the same in every worker), and rows are forgotten a day after their last failure. This is the
staff app only; the public app never stores an address (DESIGN invariant 1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.models import SignInFailures

FORGET_AFTER = dt.timedelta(days=1)
ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class Backoff:
    """How long to wait after a number of failures: nothing at first, then a doubling delay with a cap."""

    free_failures: int
    first_delay_seconds: int
    max_delay_seconds: int

    def delay_after(self, failures: int) -> int:
        """Seconds to wait after the last of `failures` failures."""
        if failures < self.free_failures:
            return 0
        # The exponent is bounded so a very long run of failures cannot build a huge integer.
        doublings = min(failures - self.free_failures, 32)
        return min(self.first_delay_seconds * 2**doublings, self.max_delay_seconds)


@dataclass(frozen=True)
class SignInThrottle:
    """The throttle's key and its two backoffs (one per account, one per address)."""

    key: bytes
    account: Backoff
    address: Backoff

    def _hashes(self, email: str, address: str) -> dict[str, str]:
        def digest(kind: str, value: str) -> str:
            return hmac.new(self.key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()

        return {ACCOUNT: digest(ACCOUNT, email.strip().lower()), ADDRESS: digest(ADDRESS, address)}

    def _backoff(self, kind: str) -> Backoff:
        return self.account if kind == ACCOUNT else self.address

    def seconds_to_wait(self, session: Session, email: str, address: str, now: dt.datetime) -> int:
        """How many seconds this account or address must still wait before trying again (0: it may try now)."""
        hashes = self._hashes(email, address)
        rows = session.scalars(select(SignInFailures).where(SignInFailures.key_hash.in_(hashes.values())))
        wait = 0.0
        for row in rows:
            last = _utc(row.last_failure_at)
            if now - last >= FORGET_AFTER:
                continue
            until = last + dt.timedelta(seconds=self._backoff(row.kind).delay_after(row.failures))
            wait = max(wait, (until - now).total_seconds())
        return math.ceil(wait)

    def account_waits_until(self, session: Session, email: str, now: dt.datetime) -> dt.datetime | None:
        """Until when the account's own failures make it wait (None: they do not); the address's are not asked."""
        key_hash = self._hashes(email, "")[ACCOUNT]
        row = session.scalar(select(SignInFailures).where(SignInFailures.key_hash == key_hash))
        if row is None:
            return None
        until = _utc(row.last_failure_at) + dt.timedelta(seconds=self.account.delay_after(row.failures))
        return until if until > now else None

    def record_failure(self, session: Session, email: str, address: str, now: dt.datetime) -> int:
        """Count a failed sign-in for the account and the address; return the wait it now imposes (seconds)."""
        session.execute(
            delete(SignInFailures)
            .where(SignInFailures.last_failure_at < now - FORGET_AFTER)
            .execution_options(synchronize_session=False)
        )
        dialect = session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        wait = 0
        for kind, key_hash in self._hashes(email, address).items():
            # One statement per key, so failures counted by two workers at once are both counted.
            counted = (
                insert(SignInFailures)
                .values(key_hash=key_hash, kind=kind, failures=1, last_failure_at=now)
                .on_conflict_do_update(
                    index_elements=["key_hash"],
                    set_={"failures": SignInFailures.failures + 1, "last_failure_at": now},
                )
                .returning(SignInFailures.failures)
            )
            failures = session.execute(counted).scalar_one()
            wait = max(wait, self._backoff(kind).delay_after(failures))
        return wait

    def record_success(self, session: Session, email: str) -> None:
        """Forget the account's failures. The address's stay: one good account must not reset a guesser's count."""
        account_hash = self._hashes(email, "")[ACCOUNT]
        session.execute(
            delete(SignInFailures)
            .where(SignInFailures.key_hash == account_hash)
            .execution_options(synchronize_session=False)
        )


def throttle_key(secret_key: str) -> bytes:
    """The HMAC key for account and address hashes, derived from the admin app's secret key."""
    return hmac.new(secret_key.encode(), b"learning-loop staff sign-in throttle", hashlib.sha256).digest()


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive times; every time stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
