"""python-telegram-bot's Bot API requests over aiohttp.

PTB's own transport (httpx on httpcore) cost the outbox sender more CPU a message than all the
rest of its work, most of it httpcore scanning its connection pool; aiohttp moves the same bytes
for about 0.2 ms (bench/bench_sender.py). PTB still builds every request and reads every answer
(`BaseRequest.post` turns the HTTP status and Telegram's description into the same
`TelegramError`s, which bot/channels/telegram/errors.py maps to channel errors); this class only
moves bytes.

Requests without files go as a compact UTF-8 JSON body (the Bot API takes one); requests with
files as multipart form data, each other parameter JSON-encoded as PTB encodes it. A proxy named
in the environment (HTTPS_PROXY, NO_PROXY…) is used as PTB's httpx transport would, looked up
once per server rather than on every request as aiohttp's `trust_env` does (two thread hops a
request).
What a request repeats is kept rather than rebuilt each time (the parsed URL with its proxy, the
timeouts): the outbox sends thousands of the same call a minute, and its CPU is the limit there.
The request URL holds the bot token, so no error raised from here quotes it, and nothing here
logs.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

CONNECTIONS = 16  # at most this many requests at once; a channel's limits allow fewer
URL_REDACTED = "<Bot API URL>"
MAX_URLS_KEPT = 64  # more than the Bot API methods dondoc calls
JSON = {"Content-Type": "application/json"}

Proxy = tuple[URL | None, aiohttp.BasicAuth | None]
Headers = dict[str, str] | None


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one aiohttp session (a pool of `connections` kept-alive connections).

    Timeouts as PTB's: `connect_timeout` to connect, `read_timeout` between two reads of the
    answer, `pool_timeout` (with the connect timeout) to wait for a free connection. aiohttp
    bounds no single write, so PTB's write timeouts are not used: a whole exchange has no limit
    either, as a large file on a slow line may take minutes."""

    __slots__ = (
        "_connect_timeout",
        "_connections",
        "_pool_timeout",
        "_proxies",
        "_read_timeout",
        "_session",
        "_timeouts",
        "_urls",
    )

    def __init__(
        self,
        *,
        connections: int = CONNECTIONS,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._connections = connections
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, Proxy] = {}  # by scheme://host:port
        self._urls: dict[str, tuple[URL, Proxy]] = {}  # by request URL
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,  # see the class
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:  # a channel that sends unstarted
            await self.initialize()
        assert self._session is not None
        timeout = self._timeout(
            _given(read_timeout, self._read_timeout),
            _given(connect_timeout, self._connect_timeout),
            _given(pool_timeout, self._pool_timeout),
        )
        data, headers = _body(request_data)
        parsed, (proxy, proxy_auth) = self._url(url)
        try:
            async with self._session.request(
                method,
                parsed,
                data=data,
                headers=headers,
                proxy=proxy,
                proxy_auth=proxy_auth,
                timeout=timeout,
                allow_redirects=False,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut(f"{type(error).__name__} waiting for the Bot API") from None
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {_redacted(error, url)}") from None

    def _url(self, url: str) -> tuple[URL, Proxy]:
        """`url` parsed, and its proxy; kept for the Bot API's methods, not for the files'
        URLs (one each: kept, they would pile up)."""
        found = self._urls.get(url)
        if found is None:
            found = (URL(url), self._proxy(url))
            if "/file/" not in url and len(self._urls) < MAX_URLS_KEPT:
                self._urls[url] = found
        return found

    def _timeout(
        self, read: float | None, connect: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        key = (read, connect, pool)
        found = self._timeouts.get(key)
        if found is None:
            found = self._timeouts[key] = aiohttp.ClientTimeout(
                total=None,
                connect=None if pool is None or connect is None else pool + connect,
                sock_connect=connect,
                sock_read=read,
            )
        return found

    def _proxy(self, url: str) -> Proxy:
        """The environment's proxy for `url`'s server (and its credentials), if any."""
        origin = str(URL(url).origin())
        found = self._proxies.get(origin)
        if found is None:
            try:
                found = get_env_proxy_for_url(URL(origin))
            except LookupError:  # none, or the server is in NO_PROXY
                found = (None, None)
            self._proxies[origin] = found
        return found


def _given(value: float | object | None, default: float | None) -> float | None:
    """A timeout passed to `do_request`, or the default when PTB passed none."""
    return default if value is BaseRequest.DEFAULT_NONE else value  # type: ignore[return-value]


def _body(request_data: RequestData | None) -> tuple[bytes | aiohttp.FormData | None, Headers]:
    """The request's body and its headers."""
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return _json(request_data.parameters), JSON
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form, None


def _json(value: object) -> bytes:
    """`value` as compact UTF-8 JSON: Vietnamese text as its own characters (2-3 bytes each)
    rather than ASCII escapes (6 bytes each), so a reminder's body is about half the size."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _redacted(error: BaseException, url: str) -> str:
    """The error's words without the request URL or its path (both carry the token)."""
    words = str(error).replace(url, URL_REDACTED)
    path = urlsplit(url).path
    return words.replace(path, URL_REDACTED) if path else words
