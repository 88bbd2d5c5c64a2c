"""A fake Zalo Bot Platform API server on 127.0.0.1, for end-to-end tests of the Zalo channel.

It speaks the documented JSON shapes (`POST /bot<TOKEN>/<method>`, answers
`{ok, result, error_code, description}`), records every call, hands out ONE update per getUpdates
(408 when nothing arrived within a short wait), refuses getUpdates while a webhook is set, checks
sendMessage's 1–2,000 characters, and injects faults: an HTTP status for the next sends to one chat
(429, 500, 403) or for the next calls of one method (401 on getMe). With a webhook set, pushed
updates are POSTed to it with the secret in X-Bot-Api-Secret-Token, as Zalo does.

    async with FakeZalo() as zalo:
        settings.zalo_base_url = zalo.base_url
        zalo.push_text("xin chào", user_id="u1")
        call = await zalo.wait_for("sendMessage", chat_id="u1")
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

TOKEN = "1459232241454765289:zalo-SECRET-test-token"
BOT_ID = "1459232241454765289"
BOT_NAME = "Đôn đốc"
SENDING_METHODS = {"sendMessage", "sendPhoto", "sendSticker"}
POLL_WAIT = 0.25  # the longest getUpdates waits here (Zalo: up to `timeout`), so tests stop fast


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    status: int = 200

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")


@dataclass
class Fault:
    status: int
    description: str
    times: int = 1
    after: int = 0  # calls let through before this fault applies


class FakeZalo:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.photos: dict[str, bytes] = {}  # served at photo_url(name), as Zalo's CDN serves them
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_answers: list[int] = []  # HTTP statuses the channel's webhook answered
        # Where webhook deliveries really go (the public URL given to setWebhook is usually a
        # proxy in front of the bot; tests point this at the channel's local server).
        self.deliver_to: str | None = None
        self.chat_faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.method_faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._updates: deque[dict[str, Any]] = deque()
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._deliveries: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeZalo:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/photos/{name}", self._photo)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in list(self._deliveries):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def photo_url(self, name: str, data: bytes) -> str:
        """Host a picture a person "sent"; its URL (no token in it, like Zalo's CDN links)."""
        self.photos[name] = data
        return f"{self.base_url}/photos/{name}"

    # ------------------------------------------------------------------ test helpers: updates

    def new_message_id(self) -> str:
        return f"m{next(self._message_ids):08x}"

    def message(
        self,
        *,
        user_id: str = "u-lan",
        chat_id: str | None = None,
        name: str = "Nguyễn Thị Lan",
        group: bool = False,
        message_id: str | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """A message as Zalo shapes it: string ids, the date in milliseconds."""
        return {
            "message_id": message_id or self.new_message_id(),
            "date": int(time.time() * 1000),
            "chat": {"id": chat_id or user_id, "chat_type": "GROUP" if group else "PRIVATE"},
            "from": {"id": user_id, "display_name": name, "is_bot": False},
            **content,
        }

    def push_update(self, event_name: str, message: dict[str, Any]) -> str:
        """Queue an update for getUpdates, or POST it to the webhook when one is set."""
        update = {"event_name": event_name, "message": message}
        if self.webhook_url:
            task = asyncio.get_running_loop().create_task(self._deliver(update))
            self._deliveries.add(task)
            task.add_done_callback(self._deliveries.discard)
        else:
            self._updates.append(update)
            self._new_update.set()
        return str(message["message_id"])

    def push_text(self, text: str, **who: Any) -> str:
        return self.push_update("message.text.received", self.message(text=text, **who))

    def push_image(self, url: str, caption: str | None = None, **who: Any) -> str:
        content: dict[str, Any] = {"photo": url}
        if caption:
            content["caption"] = caption
        return self.push_update("message.image.received", self.message(**content, **who))

    def push_sticker(self, **who: Any) -> str:
        sticker: dict[str, Any] = {
            "sticker": "0e078a2fb66a5f34067b",
            "url": "https://stickers.zaloapp.com/x",
        }
        return self.push_update("message.sticker.received", self.message(**sticker, **who))

    def push_unsupported(self, **who: Any) -> str:
        return self.push_update("message.unsupported.received", self.message(**who))

    async def post_webhook(
        self, url: str, update: dict[str, Any], secret: str | None
    ) -> tuple[int, str]:
        """POST `update` to `url` the way Zalo does (wrapped in {ok, result}); status and body."""
        headers = {"X-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with (
            aiohttp.ClientSession() as http,
            http.post(url, json={"ok": True, "result": update}, headers=headers) as response,
        ):
            return response.status, await response.text()

    async def _deliver(self, update: dict[str, Any]) -> None:
        url = self.deliver_to or self.webhook_url
        assert url is not None
        status, _ = await self.post_webhook(url, update, self.webhook_secret)
        self.webhook_answers.append(status)

    # ------------------------------------------------------------------ test helpers: calls

    def calls_to(self, method: str, chat_id: str | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and c.status == 200 and (chat_id is None or c.chat_id == chat_id)
        ]

    def sent(self, chat_id: str | None = None) -> list[Call]:
        """Every message successfully sent (text, photo, sticker), in order."""
        return [
            c
            for c in self.calls
            if c.method in SENDING_METHODS
            and c.status == 200
            and (chat_id is None or c.chat_id == chat_id)
        ]

    async def wait_for(
        self, method: str, *, chat_id: str | None = None, count: int = 1, timeout: float = 10
    ) -> Call:
        """Wait until `count` successful calls of `method` (to `chat_id`) were made; the last."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method, chat_id)
            if len(found) >= count:
                return found[count - 1]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(c.method, c.chat_id, c.status, c.text[:60]) for c in self.calls[-10:]]
                raise AssertionError(f"no {count}× {method} to {chat_id} in {timeout}s; {seen}")
            self._new_call.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_call.wait(), remaining)

    def fail_chat(self, chat_id: str, status: int, *, times: int = 1, after: int = 0) -> None:
        """Answer `times` sends to `chat_id` with `status` (429, 500, 403 …), once `after` more
        sends went through (faults queue up: each applies after the one before it)."""
        fault = Fault(status, _DESCRIPTIONS.get(status, "Error"), times, after)
        self.chat_faults[chat_id].append(fault)

    def fail_method(self, method: str, status: int, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with `status` (401 on getMe …)."""
        self.method_faults[method].append(Fault(status, _DESCRIPTIONS.get(status, "Error"), times))

    # ------------------------------------------------------------------ server

    async def _photo(self, request: web.Request) -> web.StreamResponse:
        data = self.photos.get(request.match_info["name"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="image/jpeg")

    def _take_fault(self, queue: deque[Fault] | None) -> Fault | None:
        if not queue:
            return None
        fault = queue[0]
        if fault.after > 0:
            fault.after -= 1
            return None
        fault.times -= 1
        if fault.times <= 0:
            queue.popleft()
        return fault

    def _answer(self, call: Call, status: int, description: str) -> web.Response:
        call.status = status
        body = {"ok": False, "error_code": status, "description": description}
        return web.json_response(body, status=status)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        try:
            params = dict(await request.json()) if request.can_read_body else {}
        except ValueError:
            params = {}
        call = Call(method, params)
        self.calls.append(call)
        try:
            fault = self._take_fault(self.method_faults.get(method))
            if fault is None and method in SENDING_METHODS and call.chat_id is not None:
                fault = self._take_fault(self.chat_faults.get(call.chat_id))
            if fault is not None:
                return self._answer(call, fault.status, fault.description)
            if method == "getUpdates":
                return await self._get_updates(call)
            problem = self._invalid(method, params)
            if problem:
                return self._answer(call, 400, problem)
            return web.json_response({"ok": True, "result": self._result(method, params)})
        finally:
            self._new_call.set()

    async def _get_updates(self, call: Call) -> web.Response:
        if self.webhook_url:
            return self._answer(call, 409, "Conflict: webhook is active, use deleteWebhook")
        if not self._updates:
            self._new_update.clear()
            wait = min(float(call.params.get("timeout") or 0), POLL_WAIT)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), wait)
        if not self._updates:
            # Zalo answers "nothing arrived" with error_code 408.
            return web.json_response(
                {"ok": False, "error_code": 408, "description": "Request timeout"}
            )
        return web.json_response({"ok": True, "result": self._updates.popleft()})

    def _invalid(self, method: str, params: dict[str, Any]) -> str | None:
        if method in SENDING_METHODS | {"sendChatAction"} and not params.get("chat_id"):
            return "Bad Request: chat_id is required"
        if method == "sendMessage" and not 1 <= len(str(params.get("text") or "")) <= 2000:
            return "Bad Request: text must be 1 to 2000 characters"
        if method == "sendPhoto" and not str(params.get("photo") or "").startswith("http"):
            return "Bad Request: photo must be a URL"
        if method == "setWebhook":
            secret = str(params.get("secret_token") or "")
            if not str(params.get("url") or "").startswith("http") or not 8 <= len(secret) <= 256:
                return "Bad Request: url and a secret_token of 8 to 256 characters are required"
        return None

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        now = int(time.time() * 1000)
        if method == "getMe":
            return {
                "id": BOT_ID,
                "account_name": "bot.dondoc",
                "account_type": "BASIC",
                "display_name": BOT_NAME,
                "can_join_groups": True,
            }
        if method in SENDING_METHODS:
            return {"message_id": self.new_message_id(), "date": now}
        if method == "setWebhook":
            self.webhook_url = str(params["url"])
            self.webhook_secret = str(params["secret_token"])
            return {"url": self.webhook_url, "updated_at": now}
        if method == "deleteWebhook":
            self.webhook_url = self.webhook_secret = None
            return {"url": "", "updated_at": now}
        if method == "getWebhookInfo":
            return {"url": self.webhook_url or "", "updated_at": now}
        return True  # sendChatAction


_DESCRIPTIONS = {
    401: "Unauthorized: invalid bot token",
    403: "Forbidden",
    429: "Too Many Requests",
    500: "Internal Server Error",
}
