#!/usr/bin/env python3
"""A scripted model server for the end-to-end tests: loopback only, standard
library only.

It speaks the two wire protocols the agents use, streamed as server-sent
events:

  responses  OpenAI Responses API (Codex CLI): POST .../responses
  messages   Anthropic Messages API (Claude Code): POST .../v1/messages, HEAD /

What it answers comes from a script (JSON):

  {"steps": [STEP, ...], "default": STEP}

  STEP = {"tool": "Bash", "input": {...}}          a tool call
       | {"text": "..."}                           a reply
       | both (messages only: a text block, then the tool_use block)
  plus, in any step, "usage": {...} (figures the response reports),
  "delay": seconds (wait before the final event of the response) and
  "headers": {name: value} (response headers, such as the plan's rate
  limits Codex reads: x-codex-primary-used-percent, -window-minutes,
  -reset-at, the same with secondary, x-codex-credits-has-credits,
  -unlimited, -balance).

Every "main" request takes the next step; when the steps run out, or for an
auxiliary request (Claude Code's small side calls: no tools offered; Codex's
compaction prompt), the server answers with "default".  Usage figures are
fixed per step, so the tests can check the tokens the agents report.

Bounds: --max-requests (then 503 and exit), --lifetime seconds (then exit).
Every request is appended to --log as one JSON line (method, path, headers
that matter, the request body) together with the step it got.  The chosen
port (0 = ephemeral) is written to --port-file once the socket listens.
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, script, log_path, max_requests):
        self.steps = list(script.get("steps", []))
        self.default = script.get("default", {"text": "done"})
        self.next_step = 0
        self.requests = 0
        self.max_requests = max_requests
        self.log = open(log_path, "a", encoding="utf-8")
        self.lock = threading.Lock()
        self.seq = 0

    def take(self, auxiliary):
        with self.lock:
            if auxiliary or self.next_step >= len(self.steps):
                return "default", self.default
            i = self.next_step
            self.next_step += 1
            return i, self.steps[i]

    def record(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.log.flush()


def sse(event, data):
    return ("event: %s\ndata: %s\n\n" % (event, json.dumps(data))).encode()


# --- OpenAI Responses API -------------------------------------------------


def responses_auxiliary(body):
    """Codex's compaction turn ends its input with a user message asking
    for a "CONTEXT CHECKPOINT COMPACTION" (Codex 0.169)."""
    items = body.get("input") or []
    last = json.dumps(items[-1]) if isinstance(items, list) and items else ""
    return "CONTEXT CHECKPOINT COMPACTION" in last


def responses_usage(step):
    u = {"input_tokens": 100, "cached_tokens": 0, "output_tokens": 10,
         "reasoning_tokens": 0}
    u.update(step.get("usage", {}))
    return {
        "input_tokens": u["input_tokens"],
        "input_tokens_details": {"cached_tokens": u["cached_tokens"]},
        "output_tokens": u["output_tokens"],
        "output_tokens_details": {"reasoning_tokens": u["reasoning_tokens"]},
        "total_tokens": u["input_tokens"] + u["output_tokens"],
    }


def responses_stream(step, n, model):
    rid = "resp_%d" % n
    out = [sse("response.created", {
        "type": "response.created",
        "response": {"id": rid, "object": "response", "status": "in_progress",
                     "model": model}})]
    if "tool" in step:
        item = {"type": "function_call", "id": "fc_%d" % n,
                "call_id": "call_%d" % n, "name": step["tool"],
                "arguments": json.dumps(step.get("input", {})),
                "status": "completed"}
        added = dict(item, arguments="", status="in_progress")
    else:
        text = step.get("text", "")
        item = {"type": "message", "id": "msg_%d" % n, "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": text,
                             "annotations": []}]}
        added = dict(item, content=[], status="in_progress")
    out.append(sse("response.output_item.added", {
        "type": "response.output_item.added", "output_index": 0,
        "item": added}))
    if "tool" not in step:
        out.append(sse("response.output_text.delta", {
            "type": "response.output_text.delta", "item_id": item["id"],
            "output_index": 0, "content_index": 0, "delta": item["content"][0]["text"]}))
    out.append(sse("response.output_item.done", {
        "type": "response.output_item.done", "output_index": 0, "item": item}))
    final = sse("response.completed", {
        "type": "response.completed",
        "response": {"id": rid, "object": "response", "status": "completed",
                     "model": model, "output": [item],
                     "usage": responses_usage(step)}})
    return out, final


# --- Anthropic Messages API -----------------------------------------------


def messages_auxiliary(body):
    """Claude Code's side calls (titles, topic checks) offer no tools."""
    return not body.get("tools")


def messages_usage(step):
    u = {"input_tokens": 100, "cache_creation_input_tokens": 0,
         "cache_read_input_tokens": 0, "output_tokens": 10}
    u.update(step.get("usage", {}))
    return u


def messages_blocks(step, n):
    """A text block, a tool_use block, or both in one message (Claude Code
    then writes the message as two transcript lines, each with the usage)."""
    blocks = []
    if "text" in step or "tool" not in step:
        blocks.append({"type": "text", "text": step.get("text", "")})
    if "tool" in step:
        blocks.append({"type": "tool_use", "id": "toolu_%02d" % n,
                       "name": step["tool"], "input": step.get("input", {})})
    return blocks


def messages_stream(step, n, model):
    u = messages_usage(step)
    mid = "msg_mock_%02d" % n
    out = [sse("message_start", {"type": "message_start", "message": {
        "id": mid, "type": "message", "role": "assistant", "model": model,
        "content": [], "stop_reason": None, "stop_sequence": None,
        "usage": dict(u, output_tokens=1)}})]
    for i, block in enumerate(messages_blocks(step, n)):
        if block["type"] == "text":
            out.append(sse("content_block_start", {
                "type": "content_block_start", "index": i,
                "content_block": {"type": "text", "text": ""}}))
            out.append(sse("content_block_delta", {
                "type": "content_block_delta", "index": i,
                "delta": {"type": "text_delta", "text": block["text"]}}))
        else:
            out.append(sse("content_block_start", {
                "type": "content_block_start", "index": i,
                "content_block": dict(block, input={})}))
            out.append(sse("content_block_delta", {
                "type": "content_block_delta", "index": i,
                "delta": {"type": "input_json_delta",
                          "partial_json": json.dumps(block["input"])}}))
        out.append(sse("content_block_stop", {
            "type": "content_block_stop", "index": i}))
    stop = "tool_use" if "tool" in step else "end_turn"
    out.append(sse("message_delta", {
        "type": "message_delta",
        "delta": {"stop_reason": stop, "stop_sequence": None},
        "usage": u}))
    final = sse("message_stop", {"type": "message_stop"})
    return out, final


def messages_json(step, n, model):
    return {"id": "msg_mock_%02d" % n, "type": "message", "role": "assistant",
            "model": model, "content": messages_blocks(step, n),
            "stop_reason": "tool_use" if "tool" in step else "end_turn",
            "stop_sequence": None, "usage": messages_usage(step)}


# --- HTTP -----------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mock-model-server"

    def log_message(self, fmt, *args):  # the JSON log says it all
        pass

    def _count(self):
        st = self.server.state
        with st.lock:
            st.requests += 1
            n = st.requests
        if n > st.max_requests:
            self._reply(503, {"error": "request cap reached"})
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return None
        return n

    def _reply(self, code, obj=None):
        body = b"" if obj is None else json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        n = self._count()
        if n is None:
            return
        self.server.state.record({"n": n, "method": "HEAD", "path": self.path})
        self._reply(200)

    def do_GET(self):
        n = self._count()
        if n is None:
            return
        self.server.state.record({"n": n, "method": "GET", "path": self.path})
        if self.path.rstrip("/").endswith("/models"):
            self._reply(200, {"object": "list", "data": [], "models": []})
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self):
        n = self._count()
        if n is None:
            return
        st = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"unparsed": raw.decode("utf-8", "replace")}
        path = self.path.split("?")[0]
        api = self.server.api
        if api == "responses" and path.endswith("/responses"):
            aux = responses_auxiliary(body)
        elif api == "messages" and path.endswith("/v1/messages"):
            aux = messages_auxiliary(body)
        else:
            st.record({"n": n, "method": "POST", "path": self.path,
                       "body": body, "step": None})
            self._reply(404, {"error": "not found"})
            return
        which, step = st.take(aux)
        st.record({"n": n, "time": time.time(), "method": "POST",
                   "path": self.path, "step": which, "auxiliary": aux,
                   "headers": {k: v for k, v in self.headers.items()
                               if k.lower() in ("user-agent", "originator",
                                                "anthropic-version",
                                                "x-app", "session_id")},
                   "body": body})
        model = body.get("model") or "mock-model"
        if api == "messages" and not body.get("stream"):
            self._reply(200, messages_json(step, n, model))
            return
        if api == "responses":
            events, final = responses_stream(step, n, model)
        else:
            events, final = messages_stream(step, n, model)
        self.send_response(200)
        if api == "messages":  # Claude Code keeps it as the requestId
            self.send_header("request-id", "req_mock_%02d" % n)
        for name, value in step.get("headers", {}).items():
            self.send_header(name, str(value))
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for chunk in events:
                self.wfile.write(chunk)
                self.wfile.flush()
            delay = float(step.get("delay", 0))
            if delay:
                time.sleep(delay)
            self.wfile.write(final)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--api", choices=("responses", "messages"), required=True)
    ap.add_argument("--script", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--max-requests", type=int, default=50)
    ap.add_argument("--lifetime", type=float, default=300)
    a = ap.parse_args()

    with open(a.script, encoding="utf-8") as f:
        script = json.load(f)
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.api = a.api
    srv.state = State(script, a.log, a.max_requests)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    timer = threading.Timer(a.lifetime, srv.shutdown)
    timer.daemon = True
    timer.start()
    try:
        srv.serve_forever(poll_interval=0.2)
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
