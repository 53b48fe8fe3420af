"""A developer's machine and `make run`: debug on; SQLite and the ORM broker unless told not."""

from project.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
