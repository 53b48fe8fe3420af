"""The domain error every app raises for a person to read; the API maps it to 400 in one place
(project/api_errors.py) and pages show its message."""


class DomainError(Exception):
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
