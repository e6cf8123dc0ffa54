"""gunicorn settings that keep the anonymity promise: the access log has no address, agent or referrer."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# %(h)s (remote address), %(a)s (user agent), %(f)s (referrer) and %(t)s (exact time) are left out on purpose.
ACCESS_LOG_FORMAT = '"%(m)s %(U)s" %(s)s %(B)s %(L)ss'
_CLIENT_ADDRESS = re.compile(r"from ip=\S*?: ")


class AnonymousLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, minus the client address it puts in its warning about a malformed request."""

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().warning(_CLIENT_ADDRESS.sub("from a client: ", str(msg)), *args, **kwargs)


OPTIONS: dict[str, Any] = {
    "accesslog": "-",
    "access_log_format": ACCESS_LOG_FORMAT,
    "logger_class": AnonymousLogger,
    "forwarded_allow_ips": "127.0.0.1",
    "worker_class": "gthread",
    "threads": 4,
    "timeout": 60,
    # gunicorn 27's control socket would be a file in the home folder; nothing here needs it.
    "control_socket_disable": True,
}


def run(target: str, *, bind: str, workers: int, **extra: Any) -> None:
    """Run gunicorn in this process for the WSGI app at `target` ("module:attr")."""
    from gunicorn.app.base import BaseApplication

    class _App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {**OPTIONS, "bind": bind, "workers": workers, **extra}.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            module, _, attr = target.partition(":")
            return getattr(__import__(module, fromlist=[attr]), attr)

    _App().run()
