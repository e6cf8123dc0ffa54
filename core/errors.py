"""Named exceptions that services raise and views turn into clear messages."""

from __future__ import annotations


class LearningLoopError(Exception):
    """Base for errors a person can be told about in plain words."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(LearningLoopError):
    """Input did not pass validation; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, str], message: str = "There is a problem") -> None:
        super().__init__(message)
        self.errors = errors


class NotFound(LearningLoopError):
    status = 404


class ReceiptNotRecognised(LearningLoopError):
    status = 404


class SurveyClosed(LearningLoopError):
    status = 410
    title = "This survey is closed"


class AlreadySent(LearningLoopError):
    """The same answers sent twice at once (a double click, two tabs): the first was kept, the second refused."""

    status = 409
    title = "Your answers have already been sent"


class ByInvitationOnly(LearningLoopError):
    """A survey answered only through an emailed invitation (a follow-up round), asked for without one."""

    status = 403
    title = "This survey is by invitation"


class Withdrawn(LearningLoopError):
    """Something once published and since withdrawn by the partnership: gone on purpose, not missing."""

    status = 410
    title = "These key areas have been withdrawn"


class SurveyNotOpenYet(LearningLoopError):
    """A scheduled survey asked for before its opening day: refused for now, not missing."""

    status = 403
    title = "This survey is not open yet"
