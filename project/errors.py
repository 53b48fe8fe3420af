"""The domain error every app raises for a person to read; the API maps it to 400 (409 for a
conflict) in one place (project/api_errors.py) and pages show its message."""


class DomainError(Exception):
    code = "invalid"
    # True when the request is fine but the current state forbids it (a name taken, a tag still
    # on calls, a call not in a state to retry): the API answers 409 instead of 400.
    conflict = False

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
