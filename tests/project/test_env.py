import socket
import threading
import time
from collections.abc import Iterator

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured

from project.env import env_redis_url


def test_a_redis_url_gets_connect_and_read_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    url = env_redis_url("REDIS_URL", "redis://x", timeout=5)
    assert url == "redis://127.0.0.1:6379/3?socket_connect_timeout=5&socket_timeout=5"


def test_timeouts_already_in_the_url_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://h:1/0?socket_timeout=30&health_check_interval=10")
    url = env_redis_url("REDIS_URL", "redis://x", timeout=5)
    assert "socket_timeout=30" in url
    assert "health_check_interval=10" in url
    assert "socket_connect_timeout=5" in url


def test_a_url_that_is_not_redis_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env_redis_url("REDIS_URL", "redis://x", timeout=5)


@pytest.fixture
def hung_server() -> Iterator[int]:
    """A server that accepts connections and never answers: a Redis host that hangs."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_hung_redis_fails_within_the_timeout_instead_of_hanging(
    hung_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{hung_server}/0")
    client = redis.from_url(env_redis_url("REDIS_URL", "redis://x", timeout=1.5))
    began = time.monotonic()
    with pytest.raises(redis.exceptions.TimeoutError):
        client.ping()
    assert time.monotonic() - began < 5
