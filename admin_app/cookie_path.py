"""The staff session cookie is sent only to the staff app: its Path is where the app is mounted.

Flask scopes its session cookie to SESSION_COOKIE_PATH or APPLICATION_ROOT, both "/" unless set, whatever the
mount point. Served as wsgi.py's `application` (the public feedback app at "/", this app under /admin), a staff
browser would then send its staff session (and the CSRF token kept in it) with every request to the public
survey pages too, where that app's code, logs and error reports could see it. The mount point is the request's
SCRIPT_NAME, set by the dispatcher or the WSGI server (never by the visitor's URL), so the cookie follows it:
"/admin" when mounted there, "/" when the app is served on its own.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class MountedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with the cookie's Path the app's mount point unless configured."""

    def get_cookie_path(self, app: Flask) -> str:
        """SESSION_COOKIE_PATH if set; else the mount point of this request; else APPLICATION_ROOT ("/")."""
        if app.config["SESSION_COOKIE_PATH"]:
            return str(app.config["SESSION_COOKIE_PATH"])
        if has_request_context() and request.script_root:
            # "/admin", not "/admin/": a browser sends it to /admin and /admin/..., never to /administrator.
            return request.script_root
        return str(app.config["APPLICATION_ROOT"] or "/")
