"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests with python-telegram-bot's
real HTTP client.

It speaks the documented JSON shapes for the methods dondoc uses, records every call, queues
updates for getUpdates (long polling honoured), serves files for getFile, and can inject faults:
429 with retry_after, 5xx and 403 for one chat, or enforce Telegram's rate limits (1 message a
second per private chat, 20 a minute per group, 30 a second overall) by answering 429 when exceeded.
Messages sent with parse_mode HTML come back as Telegram stores them (plain text and entities), a
bot message answering a person's message carries it as reply_to_message, and each `Call` keeps the
server's `result`, so a test can press a button on the message the bot sent (`press`).

    async with FakeTelegram() as tg:
        settings.telegram_base_url = tg.base_url        # http://127.0.0.1:PORT/bot
        tg.push_text(chat_id=1, user_id=1, text="/start")
        call = await tg.wait_for("sendMessage")
        tg.press(call, "Hoàn thành")                    # the button labelled so
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

BOT_ID = 7000000001
BOT_USERNAME = "dondoc_test_bot"
SENDING_METHODS = {"sendMessage", "sendDocument", "sendPhoto"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    result: Any = None  # what the server answered (the sent Message for sending methods)

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard's buttons, flattened, in order."""
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class Fault:
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1


_ENTITY_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _HTMLEntities(HTMLParser):
    """Telegram's HTML parse mode: plain text plus entities with UTF-16 offsets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self._open: list[tuple[str, int, dict[str, Any]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ENTITY_TAGS:
            extra = {"url": dict(attrs).get("href") or ""} if tag == "a" else {}
            self._open.append((tag, _utf16_len(self.text), extra))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                _, offset, extra = self._open.pop(index)
                length = _utf16_len(self.text) - offset
                if length:
                    entity = {"type": _ENTITY_TAGS[tag], "offset": offset, "length": length}
                    self.entities.append({**entity, **extra})
                return

    def handle_data(self, data: str) -> None:
        self.text += data


def formatted(text: str | None, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """(plain text, entities) as Telegram stores a message sent with `parse_mode`."""
    text = "" if text is None else str(text)
    if parse_mode != "HTML":
        return text, []
    parser = _HTMLEntities()
    parser.feed(text)
    parser.close()
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return parser.text, entities


def _decode(value: Any) -> Any:
    """PTB sends JSON-encoded values in form fields (reply_markup, entities, numbers)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-TOKEN", *, enforce_limits: bool = False) -> None:
        self.token = token
        self.enforce_limits = enforce_limits
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)  # chat id → faults to answer
        self.too_many_requests = 0
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self.messages: dict[tuple[str, int], dict[str, Any]] = {}  # people's, for replies
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._sent_per_chat: dict[str, deque[float]] = defaultdict(deque)
        self._sent_global: deque[float] = deque()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeTelegram:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ------------------------------------------------------------------ test helpers: updates

    def _user(self, user_id: int, name: str, language: str) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": language}

    def _chat(self, chat_id: int, user_id: int, name: str) -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": "Nhóm đôn đốc"}
        return {"id": chat_id, "type": "private", "first_name": name}

    def push_update(self, update: dict[str, Any]) -> int:
        message = update.get("message")
        if message is not None:
            self.messages[(str(message["chat"]["id"]), message["message_id"])] = message
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        self._new_update.set()
        return update_id

    def push_text(
        self,
        text: str,
        *,
        user_id: int = 111,
        chat_id: int | None = None,
        name: str = "Lan",
        language: str = "vi",
        reply_to: dict[str, Any] | None = None,
    ) -> int:
        chat = self._chat(chat_id if chat_id is not None else user_id, user_id, name)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(user_id, name, language),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return self.push_update({"message": message})

    def push_document(
        self,
        data: bytes,
        file_name: str,
        *,
        user_id: int = 111,
        chat_id: int | None = None,
        name: str = "Lan",
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> str:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = data
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id if chat_id is not None else user_id, user_id, name),
            "from": self._user(user_id, name, "vi"),
            "document": {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(data),
            },
        }
        if caption:
            message["caption"] = caption
        self.push_update({"message": message})
        return file_id

    def push_photo(self, *, user_id: int = 111, chat_id: int | None = None) -> str:
        file_id = f"photo-{len(self.files) + 1}"
        self.files[file_id] = b"\x89PNG fake"
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id if chat_id is not None else user_id, user_id, "Lan"),
            "from": self._user(user_id, "Lan", "vi"),
            "photo": [
                {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 90, "height": 90}
            ],
        }
        self.push_update({"message": message})
        return file_id

    def push_callback(
        self,
        data: str,
        *,
        message: dict[str, Any],
        user_id: int = 111,
        name: str = "Lan",
        language: str = "vi",
    ) -> int:
        """A press on an inline button of `message` (a message the bot sent: `Call.params`'s
        result, see `sent_message`)."""
        return self.push_update(
            {
                "callback_query": {
                    "id": str(next(self._message_ids)),
                    "from": self._user(user_id, name, language),
                    "chat_instance": "ci",
                    "message": message,
                    "data": data,
                }
            }
        )

    def press(
        self,
        call: Call,
        label: str,
        *,
        user_id: int | None = None,
        name: str = "Lan",
        language: str = "vi",
    ) -> int:
        """Press the button labelled `label` on the message `call` sent (by default as the
        person the message was sent to)."""
        for button in call.buttons:
            if button["text"] == label:
                presser = user_id if user_id is not None else int(call.chat_id or 0)
                return self.push_callback(
                    button["callback_data"],
                    message=call.result,
                    user_id=presser,
                    name=name,
                    language=language,
                )
        labels = [button["text"] for button in call.buttons]
        raise AssertionError(f"no button {label!r} on {call.text[:60]!r}; buttons: {labels}")

    # ------------------------------------------------------------------ test helpers: calls

    def calls_to(self, method: str, chat_id: int | str | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method
            and c.status == 200
            and (chat_id is None or c.chat_id == str(chat_id))
        ]

    def sent(self, chat_id: int | str | None = None) -> list[Call]:
        """Every message successfully sent (text, document or photo), in order."""
        return [
            c
            for c in self.calls
            if c.method in SENDING_METHODS
            and c.status == 200
            and (chat_id is None or c.chat_id == str(chat_id))
        ]

    async def wait_for(
        self, method: str, *, chat_id: int | str | None = None, count: int = 1, timeout: float = 10
    ) -> Call:
        """Wait until `count` successful calls of `method` (to `chat_id`) were made; the last."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method, chat_id)
            if len(found) >= count:
                return found[count - 1]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(c.method, c.chat_id, c.text[:60]) for c in self.calls[-10:]]
                raise AssertionError(f"no {count}× {method} to {chat_id} in {timeout}s; {seen}")
            self._new_call.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_call.wait(), remaining)

    def fail_chat(
        self, chat_id: int | str, status: int, *, retry_after: int | None = None, times: int = 1
    ) -> None:
        """Answer the next `times` sends to `chat_id` with `status` (429, 500, 403 …)."""
        descriptions = {
            429: f"Too Many Requests: retry after {retry_after}",
            403: "Forbidden: bot was blocked by the user",
        }
        description = descriptions.get(status, "Internal Server Error")
        self.faults[str(chat_id)].append(Fault(status, description, retry_after, times))

    # ------------------------------------------------------------------ server

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        if request.content_type.startswith("multipart/"):
            params: dict[str, Any] = {}
            reader = await request.multipart()
            async for part in reader:
                if part.filename:
                    params[part.name] = {"file_name": part.filename, "data": await part.read()}
                else:
                    params[part.name] = _decode(await part.text())
            return params
        form = await request.post()
        return {key: _decode(value) for key, value in form.items()}

    def _fault_for(self, method: str, chat_id: str | None) -> Fault | None:
        if method not in SENDING_METHODS | {"editMessageText"} or chat_id is None:
            return None
        queue = self.faults.get(chat_id)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.popleft()
        return fault

    def _over_limit(self, chat_id: str) -> bool:
        now = time.monotonic()
        per_chat = self._sent_per_chat[chat_id]
        window, allowed = (60.0, 20) if chat_id.startswith("-") else (1.0, 1)
        while per_chat and now - per_chat[0] >= window:
            per_chat.popleft()
        while self._sent_global and now - self._sent_global[0] >= 1.0:
            self._sent_global.popleft()
        if len(per_chat) >= allowed or len(self._sent_global) >= 30:
            return True
        per_chat.append(now)
        self._sent_global.append(now)
        return False

    def _error(self, call: Call, status: int, description: str, retry_after: int | None) -> Any:
        call.status = status
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        call = Call(method, params)
        self.calls.append(call)
        try:
            fault = self._fault_for(method, call.chat_id)
            if fault is not None:
                if fault.status == 429:
                    self.too_many_requests += 1
                return self._error(call, fault.status, fault.description, fault.retry_after)
            if method == "setWebhook" and not str(params.get("url", "")).startswith("https://"):
                return self._error(
                    call, 400, "Bad Request: bad webhook: An HTTPS URL must be provided", None
                )
            limited = self.enforce_limits and method in SENDING_METHODS and call.chat_id
            if limited and self._over_limit(str(call.chat_id)):
                self.too_many_requests += 1
                return self._error(call, 429, "Too Many Requests: retry after 1", 1)
            call.result = self._result(method, params)
            return web.json_response({"ok": True, "result": call.result})
        finally:
            self._new_call.set()

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = min(float(params.get("timeout") or 0), 2.0)  # short, so tests stop quickly
        if not self._updates and timeout > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    def _bot_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        chat = {"id": chat_id, "type": "group" if chat_id < 0 else "private", "first_name": "x"}
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Đôn đốc"},
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        reply_to = int((params.get("reply_parameters") or {}).get("message_id") or 0)
        if (str(chat_id), reply_to) in self.messages:
            message["reply_to_message"] = self.messages[(str(chat_id), reply_to)]
        return message

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Đôn đốc",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "sendMessage":
            text, entities = formatted(params["text"], params.get("parse_mode"))
            return self._bot_message(params, text=text, entities=entities)
        if method == "editMessageText":
            chat_id = int(params["chat_id"])
            text, entities = formatted(params["text"], params.get("parse_mode"))
            edited = {
                "message_id": int(params["message_id"]),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "group" if chat_id < 0 else "private"},
                "text": text,
                "entities": entities,
            }
            if params.get("reply_markup"):
                edited["reply_markup"] = params["reply_markup"]
            return edited
        if method == "sendDocument":
            document = params.get("document") or {}
            name = document.get("file_name", "file") if isinstance(document, dict) else "file"
            file_id = f"sent-{len(self.files) + 1}"
            if isinstance(document, dict):
                self.files[file_id] = document.get("data", b"")
            return self._bot_message(
                params,
                document={"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name},
                caption=params.get("caption"),
            )
        if method == "sendPhoto":
            photo = params.get("photo") or {}
            file_id = f"sent-{len(self.files) + 1}"
            if isinstance(photo, dict):
                self.files[file_id] = photo.get("data", b"")
            return self._bot_message(
                params,
                photo=[{"file_id": file_id, "file_unique_id": "p", "width": 1, "height": 1}],
                caption=params.get("caption"),
            )
        if method == "getFile":
            file_id = params["file_id"]
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": f"documents/{file_id}",
            }
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        # setMyCommands, deleteWebhook, setWebhook, answerCallbackQuery, sendChatAction, …
        return True

    async def _file(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if request.match_info["token"] != self.token or file_id not in self.files:
            raise web.HTTPNotFound()
        return web.Response(body=self.files[file_id])
